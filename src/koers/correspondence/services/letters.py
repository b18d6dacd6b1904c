"""Writing a letter: the PDF made and kept through the storage API, the letter activity on the
account's timeline, in one transaction (the file is removed again when it fails)."""

from __future__ import annotations

import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.company import company
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.correspondence import queries
from koers.correspondence.letters import letter_pdf, postal_address
from koers.correspondence.models import Letter, MailTemplate
from koers.correspondence.placeholders import Recipient, fill, language_of, values_for
from koers.correspondence.services.mails import check_text
from koers.relations.models import ActivityKind
from koers.relations.services import activity_log


@service
def letter_write(
    *,
    actor: User,
    account: Account,
    contact: Contact,
    template: MailTemplate | None = None,
    subject: str = "",
    body: str = "",
) -> Letter:
    """Makes the letter's PDF for `contact` at `account`, keeps it, and records it on the
    account's timeline. With a template and no typed text, the template in the contact's
    language."""
    if not access.can_change_account(actor, account):
        raise NotAllowed(_("You may not write on behalf of this account."))
    if not queries.current_contacts(account).filter(pk=contact.pk).exists():
        message = _("%(name)s does not work at this account.") % {"name": contact}
        raise ValidationError({"contact": ValidationError(message, code="not_at_account")})
    own_text = bool(body.strip())
    check_text(None if own_text else template, subject, body)
    firm, today, language = company(), timezone.localdate(), language_of(contact)
    to = Recipient(contact, account, actor, firm, language, today)
    raw_subject, raw_body = (
        (subject, body) if own_text or template is None else template.text_in(language)
    )
    values = values_for(to)
    letter_subject, letter_body = fill(raw_subject, values).strip(), fill(raw_body, values).strip()
    address = postal_address(account, contact, language)
    pdf = letter_pdf(
        firm=firm,
        address=address,
        subject=letter_subject,
        body=letter_body,
        sender=str(actor),
        language=language,
        day=today,
    )
    name = default_storage.save(
        f"letters/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.pdf", ContentFile(pdf)
    )
    try:
        activity = activity_log(
            actor=actor,
            account=account,
            kind=ActivityKind.LETTER,
            subject=letter_subject[:200],
            contacts=[contact],
            outcome="\n".join(address) + f"\n\n{letter_body}",
        )
        return Letter.objects.create(
            account=account,
            contact=contact,
            template=template,
            language=language,
            subject=letter_subject[:255],
            body=letter_body,
            address=address,
            pdf=name,
            sha256=hashlib.sha256(pdf).hexdigest(),
            written_by=actor,
            activity=activity,
        )
    except BaseException:
        default_storage.delete(name)
        raise
