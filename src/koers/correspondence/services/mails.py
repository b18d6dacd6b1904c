"""Writing an e-mail to contacts of an account: recorded once with its activity, sent after
the commit by a task; a retry sends only the copies that did not go out."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.company import company
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.correspondence import queries
from koers.correspondence.mails import compose
from koers.correspondence.models import MailTemplate, SentMail, SentMailRecipient
from koers.correspondence.placeholders import Recipient, language_of, unknown_names
from koers.relations.models import ActivityKind
from koers.relations.services import activity_log


def _may_write(actor: User, account: Account) -> None:
    if not access.can_change_account(actor, account):
        raise NotAllowed(_("You may not write on behalf of this account."))


def _recipients(account: Account, contacts: Iterable[Contact]) -> list[Contact]:
    current = {c.pk for c in queries.current_contacts(account)}
    chosen, seen = [], set()
    for contact in contacts:
        if contact.pk not in current:
            message = _("%(name)s does not work at this account.") % {"name": contact}
            raise ValidationError({"contacts": ValidationError(message, code="not_at_account")})
        if not contact.email:
            message = _("%(name)s has no e-mail address.") % {"name": contact}
            raise ValidationError({"contacts": ValidationError(message, code="no_address")})
        if contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            chosen.append(contact)
    if not chosen:
        message = _("Choose one or more contacts.")
        raise ValidationError({"contacts": ValidationError(message, code="required")})
    return chosen


def check_text(template: MailTemplate | None, subject: str, body: str) -> None:
    """A blank mail needs its subject and text; typed placeholders must exist."""
    errors: dict[str, ValidationError] = {}
    if template is None:
        if not subject.strip():
            errors["subject"] = ValidationError(_("A mail needs a subject."), code="required")
        if not body.strip():
            errors["body"] = ValidationError(_("A mail needs a text."), code="required")
    for field, text in (("subject", subject), ("body", body)):
        unknown = unknown_names(text)
        if unknown and field not in errors:
            message = _("Unknown placeholder: %(names)s.") % {
                "names": ", ".join(f"{{{n}}}" for n in unknown)
            }
            errors[field] = ValidationError(message, code="placeholder")
    if errors:
        raise ValidationError(errors)


@service
def mail_send(
    *,
    actor: User,
    account: Account,
    contacts: Iterable[Contact],
    template: MailTemplate | None = None,
    subject: str = "",
    body: str = "",
) -> SentMail:
    """Records the mail (a copy per recipient in their language) and its e-mail activity on the
    account, and sends it after the commit. With a template and no typed text, each recipient
    gets the template in their language; typed text goes to all as it is."""
    _may_write(actor, account)
    chosen = _recipients(account, contacts)
    own_text = bool(body.strip())
    check_text(None if own_text else template, subject, body)
    firm, today = company(), timezone.localdate()
    rows = []
    for contact in chosen:
        to = Recipient(contact, account, actor, firm, language_of(contact), today)
        raw_subject, raw_body = (
            (subject, body) if own_text or template is None else template.text_in(to.language)
        )
        mail_subject, mail_body = compose(to, raw_subject, raw_body)
        rows.append(
            SentMailRecipient(
                contact=contact,
                email=contact.email,
                name=contact.full_name,
                language=to.language,
                subject=mail_subject[:255],
                body=mail_body,
            )
        )
    first = rows[0]
    addressed = ", ".join(f"{r.name} <{r.email}>" for r in rows)
    activity = activity_log(
        actor=actor,
        account=account,
        kind=ActivityKind.EMAIL,
        subject=first.subject[:200],
        contacts=chosen,
        outcome=_("To: %(recipients)s") % {"recipients": addressed} + f"\n\n{first.body}",
    )
    mail = SentMail.objects.create(
        account=account,
        template=template,
        subject=first.subject[:200],
        body=body if own_text else "",
        sent_by=actor,
        activity=activity,
    )
    for row in rows:
        row.mail = mail
    SentMailRecipient.objects.bulk_create(rows)
    _send_after_commit(mail)
    return mail


@service
def mail_retry(*, actor: User, mail: SentMail) -> SentMail:
    """Sends again the copies that did not go out; refused when every copy went."""
    _may_write(actor, mail.account)
    if not mail.recipients.filter(sent_at__isnull=True).exists():
        message = _("This mail went out to everyone already.")
        raise ValidationError({"mail": ValidationError(message, code="status")})
    _send_after_commit(mail)
    return mail


def _send_after_commit(mail: SentMail) -> None:
    from koers.correspondence.tasks import send_mail

    transaction.on_commit(partial(send_mail.enqueue, mail.pk))
