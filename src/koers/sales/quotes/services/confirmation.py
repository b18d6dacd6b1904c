"""The customer's confirmation of an online acceptance (issue 13): a mail to the contact the
link was for, with the order's number and the PDF of the version as accepted (the optional
lines taken), through correspondence's mail like every other mail. It is recorded inside the
acceptance's transaction, so a retried post (refused: accepted already) never records a second
one, and correspondence's task never sends a recorded copy twice."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.core.models import User
from koers.correspondence import queries as correspondence_queries
from koers.correspondence.placeholders import language_of
from koers.correspondence.services import mail_send
from koers.sales.models import (
    Order,
    QuoteDocument,
    QuoteEventKind,
    QuoteLink,
    QuoteReissue,
    QuoteVersion,
    ReissueKind,
)
from koers.sales.quotes.pdf import filename
from koers.sales.quotes.services.common import record
from koers.sales.quotes.services.reissues import reissue_make


def recipient_of(link: QuoteLink) -> Contact | None:
    """The contact the link was for (or the sent PDF's), while they work at the account and
    have an e-mail address."""
    contact = link.contact
    if contact is None:
        document = QuoteDocument.objects.filter(quote_version_id=link.quote_version_id).first()
        contact = document.contact if document is not None else None
    if contact is None or not contact.email:
        return None
    account = link.quote_version.quote.account
    if not correspondence_queries.current_contacts(account).filter(pk=contact.pk).exists():
        return None
    return contact


def _text(version: QuoteVersion, order: Order, name: str) -> tuple[str, str]:
    values = {
        "quote": f"{version.quote.number} {version.label}",
        "order": order.number,
        "name": name,
        "date": date_format(version.accepted_on, "j F Y") if version.accepted_on else "",
    }
    subject = _("Confirmation of your order %(order)s") % values
    body = (
        _(
            "{salutation},\n\n"
            "Thank you: %(name)s accepted our quote %(quote)s online on %(date)s. We registered "
            "your order under number %(order)s.\n\n"
            "Attached is the quote as you accepted it, with the optional lines you chose. Please "
            "mention the order number when you contact us about it.\n\n"
            "Kind regards"
        )
        % values
    )
    return subject, body


def confirmation_send(*, link: QuoteLink, version: QuoteVersion, order: Order, owner: User) -> None:
    """Records the confirmation mail (sent after the commit) with the accepted PDF attached,
    or, when there is no one to send it to, a note on the quote's history saying so."""
    contact = recipient_of(link)
    # The history is the owner's: its notes in their language, not the customer's page's.
    owner_language = owner.language or settings.LANGUAGE_CODE
    if contact is None:
        with translation.override(owner_language):
            note = _("No confirmation mailed: the contact has no e-mail address or left.")
        record(version, QuoteEventKind.CONFIRMED, None, note)
        return
    reissue = reissue_make(version=version, kind=ReissueKind.ACCEPTED, actor=owner, contact=contact)
    with translation.override(language_of(contact)):
        subject, body = _text(version, order, version.accepted_by_name)
    mail = mail_send(
        actor=owner, account=version.quote.account, contacts=[contact], subject=subject, body=body
    )
    QuoteReissue.objects.filter(pk=reissue.pk).update(sent_mail=mail)
    with translation.override(owner_language):
        note = _("To %(name)s <%(email)s>, %(file)s")
    note = note % {
        "name": contact.full_name,
        "email": contact.email,
        "file": filename(version),
    }
    record(version, QuoteEventKind.CONFIRMED, None, note)
