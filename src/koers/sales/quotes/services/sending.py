"""Sending a quote from Koers: the approved version moves to sent, its final PDF is made once
and kept with its SHA-256, and it goes by e-mail to a contact of the account through
correspondence's mail (recorded once, sent after the commit by a task that never sends a copy
twice), with the step on the account's timeline linking to the exact PDF sent. The general terms
in force that day go with it as a second attachment, and the sent document records which
version (decision 109)."""

from __future__ import annotations

import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.core.models import GeneralTerms, User
from koers.core.terms import queries as terms_queries
from koers.core.writes import service
from koers.correspondence import queries as correspondence_queries
from koers.correspondence.models import MailTemplate, SentMail
from koers.correspondence.placeholders import language_of
from koers.correspondence.services import mail_send
from koers.sales.models import (
    QuoteDocument,
    QuoteEventKind,
    QuoteReissue,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.quotes.lifecycle import QUOTE_LIFECYCLE
from koers.sales.quotes.pdf import filename, quote_pdf
from koers.sales.quotes.services.common import may_change, record

S = QuoteStatus


@service
def quote_send(
    *,
    actor: User,
    version: QuoteVersion,
    contact: Contact,
    template: MailTemplate | None = None,
    subject: str = "",
    body: str = "",
) -> QuoteDocument:
    """Sends the approved `version` to `contact` with its PDF attached (in the contact's
    language), by `template` or by the typed subject and text. Refused, with nothing changed,
    for a version that is not approved for sending (the lifecycle's rule, as "mark as sent")."""
    may_change(actor, version)
    version = (
        QuoteVersion.objects.select_for_update()
        .select_related("quote", "quote__account", "quote__owner")
        .get(pk=version.pk)
    )
    if (
        not correspondence_queries.current_contacts(version.quote.account)
        .filter(pk=contact.pk)
        .exists()
    ):
        message = _("%(name)s does not work at this account.") % {"name": contact}
        raise ValidationError({"contact": ValidationError(message, code="not_at_account")})
    if not contact.email:
        message = _("%(name)s has no e-mail address.") % {"name": contact}
        raise ValidationError({"contact": ValidationError(message, code="no_address")})
    QUOTE_LIFECYCLE.move(version, to=S.SENT, sent_at=timezone.now())
    language = language_of(contact)
    terms = terms_queries.current_general_terms()
    # Made after the move: the version is sent now, so the PDF prints as final.
    pdf = quote_pdf(version, language, contact, terms=terms)
    name = default_storage.save(
        f"quotes/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf", ContentFile(pdf)
    )
    try:
        mail = mail_send(
            actor=actor,
            account=version.quote.account,
            contacts=[contact],
            template=template,
            subject=subject,
            body=body,
        )
        document = QuoteDocument.objects.create(
            quote_version=version,
            pdf=name,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            language=language,
            contact=contact,
            sent_mail=mail,
            general_terms=terms,
            sent_by=actor,
        )
        note = _("To %(name)s <%(email)s>, %(file)s") % {
            "name": contact.full_name,
            "email": contact.email,
            "file": filename(version),
        }
        record(version, QuoteEventKind.SENT, actor, f"{note}\n{terms_note(terms)}")
        return document
    except BaseException:
        default_storage.delete(name)
        raise


def terms_note(terms: GeneralTerms | None) -> str:
    """What the quote's page and the timeline say about the general terms that went along."""
    if terms is None:
        return _("No general terms attached: none were in force.")
    return _("General terms %(label)s attached") % {"label": terms.label}


def attachments_of(mail: SentMail) -> list[tuple[str, bytes, str]]:
    """The quote PDF a mail carries, and the general terms recorded with it (registered with
    correspondence's mail): read from the storage each time the task runs, so a retry attaches
    the same bytes."""
    from koers.sales.quotes.documents import stored_bytes

    document = (
        QuoteDocument.objects.filter(sent_mail=mail)
        .select_related("quote_version__quote", "general_terms")
        .first()
    )
    if document is None:
        return _reissue_attachments(mail)
    files = [(filename(document.quote_version), stored_bytes(document), "application/pdf")]
    if (terms := document.general_terms) is not None:
        files.append(
            (terms_queries.file_name(terms), terms_queries.file_bytes(terms), "application/pdf")
        )
    return files


def _reissue_attachments(mail: SentMail) -> list[tuple[str, bytes, str]]:
    """The PDF as accepted that a confirmation mail carries (`services/confirmation.py`)."""
    from koers.sales.quotes.services.reissues import reissue_bytes

    reissue = (
        QuoteReissue.objects.filter(sent_mail=mail).select_related("quote_version__quote").first()
    )
    if reissue is None:
        return []
    return [(filename(reissue.quote_version), reissue_bytes(reissue), "application/pdf")]
