"""Mail logged from outside (decision 83): a message that reached a user's log address is kept
as it came (`mail_log_receive`, in the request or the IMAP poll), then read and recorded on the
timelines of its contacts' accounts by a task (`mail_log_process`); one that matches no contact
waits in the user's inbox to be assigned or discarded. Each write is one transaction; the key
(Message-ID or hash) makes a message posted or polled twice one row, recorded once."""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact, Position
from koers.accounts.services import contact_create
from koers.core import access
from koers.core.company import company
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import acting_as, service
from koers.correspondence import inbound, queries
from koers.correspondence.models import (
    InboundAttachment,
    InboundMail,
    InboundStatus,
    MailDirection,
    MailLogAddress,
)
from koers.relations.models import Activity, ActivityKind
from koers.relations.services import activity_log


def _new_token() -> str:
    # 120 random bits in lowercase base32: an address that survives mail servers that change
    # the case of a local part, and cannot be guessed.
    return base64.b32encode(secrets.token_bytes(15)).decode().lower()


def log_address_of(user: User) -> MailLogAddress:
    """The user's log address row, made the first time it is asked for."""
    found, _created = MailLogAddress.objects.get_or_create(
        user=user, defaults={"token": _new_token()}
    )
    return found


@service
def log_address_renew(*, actor: User) -> MailLogAddress:
    """A new token for the actor's own log address; mail to the old one is refused from now."""
    row = log_address_of(actor)
    row.token = _new_token()
    row.save(update_fields=["token"])
    return row


# ------------------------------------------------------------------------------ receiving


class Refused(ValueError):
    """A message Koers does not keep; `status` is the HTTP status that says why."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Received:
    mail: InboundMail
    new: bool


def _active_user_by_email(address: str) -> User | None:
    return (
        User.objects.filter(is_active=True, email__iexact=address).order_by("pk").first()
        if address
        else None
    )


def _user_of(headers: inbound.Headers, recipient: str) -> User | None:
    """Whose log address got the message (the envelope recipient first: a BCC is in no
    header), else the Koers user who sent it."""
    candidates = [recipient, *headers.delivered_to, *(a for _n, a in headers.recipients)]
    tokens = [t for t in (inbound.token_in(a) for a in candidates if a) if t]
    if tokens:
        row = (
            MailLogAddress.objects.select_related("user")
            .filter(token__in=tokens, user__is_active=True)
            .first()
        )
        return row.user if row else None
    return _active_user_by_email(headers.sender)


def mail_log_receive(
    raw: bytes, *, source: str, recipient: str = "", user: User | None = None
) -> Received:
    """Keeps `raw` for the user whose log address got it (or `user`, for the demo) and starts
    its processing after the commit; the same message again returns the row it made the first
    time. Refused (with the reason) when it is too large, no message, or for nobody."""
    if not raw.strip():
        raise Refused(_("The message is empty."), 400)
    if len(raw) > settings.MAIL_LOG_MAX_BYTES:
        limit = filesizeformat(settings.MAIL_LOG_MAX_BYTES)
        raise Refused(_("The message is larger than %(limit)s.") % {"limit": limit}, 413)
    try:
        headers = inbound.headers_of(raw, inbound.parse(raw))
    except inbound.NotAMessage as error:
        raise Refused(_("This is no e-mail message: it has no From address.")) from error
    known = InboundMail.objects.filter(key=headers.key).first()
    if known is not None:
        return Received(known, new=False)
    user = user or _user_of(headers, recipient.strip().lower())
    if user is None:
        raise Refused(_("The message is for no log address of a Koers user."))
    name = default_storage.save(
        f"mail-log/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.eml", ContentFile(raw)
    )
    try:
        with transaction.atomic():
            mail = InboundMail.objects.create(
                key=headers.key,
                user=user,
                source=source,
                raw=name,
                size=len(raw),
                message_id=headers.message_id,
                subject=headers.subject,
                sender=headers.sender,
                sender_name=headers.sender_name,
                recipients=[list(pair) for pair in headers.recipients],
                sent_at=headers.sent_at,
                direction=(
                    MailDirection.OUTGOING
                    if _active_user_by_email(headers.sender)
                    else MailDirection.INCOMING
                ),
            )
            _process_after_commit(mail)
    except IntegrityError:
        # Posted twice at the same moment: the other request kept it.
        default_storage.delete(name)
        return Received(InboundMail.objects.get(key=headers.key), new=False)
    except BaseException:
        default_storage.delete(name)
        raise
    return Received(mail, new=True)


def _process_after_commit(mail: InboundMail) -> None:
    from koers.correspondence.tasks import process_logged_mail

    transaction.on_commit(partial(process_logged_mail.enqueue, mail.pk))


# ----------------------------------------------------------------------------- processing


def _own_addresses() -> set[str]:
    """Our side: the users' and the company's addresses are no contacts."""
    ours = {e.lower() for e in User.objects.exclude(email="").values_list("email", flat=True)}
    firm = company().email
    return ours | ({firm.lower()} if firm else set())


def contacts_of(mail: InboundMail) -> list[Contact]:
    """The contacts whose address is among the sender and recipients, not our own people."""
    addresses = {mail.sender, *(pair[1] for pair in mail.recipients)}
    addresses = {a for a in addresses if a and not inbound.is_log_address(a)}
    addresses -= _own_addresses()
    if not addresses:
        return []
    return list(
        Contact.objects.annotate(address=Lower("email"))
        .filter(address__in=addresses, erased_at__isnull=True)
        .order_by("pk")
    )


def _accounts_with(user: User, contacts: list[Contact]) -> dict[Account, list[Contact]]:
    """The accounts the user may change where these contacts work now, with who works there."""
    positions = (
        Position.objects.filter(
            contact__in=contacts,
            end_date__isnull=True,
            account__in=access.accounts_writable(user).values("pk"),
        )
        .select_related("account", "contact")
        .order_by("account__name", "account_id", "contact_id")
    )
    found: dict[Account, list[Contact]] = {}
    for position in positions:
        at = found.setdefault(position.account, [])
        if position.contact not in at:
            at.append(position.contact)
    return found


def _outcome(mail: InboundMail, names: Iterable[str]) -> str:
    def who(pairs: Iterable[list[str] | tuple[str, str]]) -> str:
        return ", ".join(f"{n} <{a}>" if n else a for n, a in pairs)

    lines = [
        _("From: %(sender)s") % {"sender": who([(mail.sender_name, mail.sender)])},
        _("To: %(recipients)s") % {"recipients": who(mail.recipients)},
    ]
    files = list(names)
    if files:
        lines.append(_("Attachments: %(files)s") % {"files": ", ".join(files)})
    return "\n".join(lines) + f"\n\n{mail.text}"


def _log_on(mail: InboundMail, account: Account, contacts: list[Contact]) -> Activity:
    names = [a.filename for a in mail.attachments.all()]
    # Written in the language of the user it is logged for, wherever it runs (the worker).
    with translation.override(mail.user.language or settings.LANGUAGE_CODE):
        return _logged(mail, account, contacts, names)


def _logged(
    mail: InboundMail, account: Account, contacts: list[Contact], names: list[str]
) -> Activity:
    activity = activity_log(
        actor=mail.user,
        account=account,
        kind=ActivityKind.EMAIL,
        subject=(mail.subject or _("(no subject)"))[:200],
        contacts=contacts,
        outcome=_outcome(mail, names),
        at=mail.sent_at or mail.received_at,
    )
    mail.activities.add(activity)
    return activity


def _keep_attachments(mail: InboundMail, message: EmailMessage, kept: list[str]) -> str:
    """Stores the attachments within the size limit; a line for each one left out."""
    limit = settings.MAIL_LOG_ATTACHMENT_MAX_BYTES
    skipped = []
    for found in inbound.attachments_of(message):
        if len(found.data) > limit:
            skipped.append(
                _("%(name)s was not kept: larger than %(limit)s.")
                % {"name": found.filename, "limit": filesizeformat(limit)}
            )
            continue
        suffix = "".join(c for c in found.filename.rpartition(".")[2][:10] if c.isalnum())
        name = default_storage.save(
            f"mail-log/files/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix or 'bin'}",
            ContentFile(found.data),
        )
        kept.append(name)
        InboundAttachment.objects.create(
            mail=mail,
            filename=found.filename,
            content_type=found.content_type[:100],
            size=len(found.data),
            file=name,
            sha256=hashlib.sha256(found.data).hexdigest(),
        )
    return "\n".join(skipped)


def _read(mail: InboundMail, kept: list[str]) -> None:
    with mail.raw.open("rb") as handle:
        message = inbound.parse(handle.read())
    mail.text = inbound.text_of(message)
    skipped = _keep_attachments(mail, message, kept)
    if skipped:
        mail.text = f"{mail.text}\n\n{skipped}".strip()


def mail_log_process(mail_id: int) -> str:
    """Reads a received (or failed) message and logs it on its contacts' accounts, or puts it
    in the inbox; returns the status it ends in. Under a lock of the row and in one
    transaction: running it twice logs nothing twice, and a failure leaves nothing half-done
    but the row marked failed, to be tried again."""
    kept: list[str] = []
    try:
        with transaction.atomic():
            mail = (
                InboundMail.objects.select_for_update().select_related("user").filter(pk=mail_id)
            ).first()
            if mail is None or mail.status not in (InboundStatus.RECEIVED, InboundStatus.FAILED):
                return mail.status if mail else ""
            language = mail.user.language or settings.LANGUAGE_CODE
            with acting_as(mail.user), translation.override(language):
                _read(mail, kept)
                found = _accounts_with(mail.user, contacts_of(mail))
                for account, contacts in found.items():
                    _log_on(mail, account, contacts)
                mail.status = InboundStatus.LOGGED if found else InboundStatus.INBOX
                mail.error, mail.processed_at = "", timezone.now()
                mail.attempts += 1
                mail.save()
                return mail.status
    except Exception as error:  # whatever failed, the message stays to be tried again
        for name in kept:
            default_storage.delete(name)
        InboundMail.objects.filter(pk=mail_id).update(
            status=InboundStatus.FAILED,
            error=(str(error) or error.__class__.__name__)[:300],
            attempts=F("attempts") + 1,
        )
        return InboundStatus.FAILED


# ---------------------------------------------------------------------- the user's inbox


def _own_waiting(actor: User, mail: InboundMail, *statuses: str) -> InboundMail:
    locked = InboundMail.objects.select_for_update().get(pk=mail.pk)
    if locked.user_id != actor.pk:
        raise NotAllowed(_("This message is in someone else's inbox."))
    if locked.status not in statuses:
        message = _("This message is no longer in your inbox.")
        raise ValidationError({"mail": ValidationError(message, code="status")})
    return locked


def _counterpart(mail: InboundMail) -> tuple[str, str]:
    """The other side: the sender of a received mail, the first outside recipient of a sent
    one."""
    if mail.direction == MailDirection.INCOMING:
        return mail.sender_name, mail.sender
    ours = _own_addresses()
    for name, address in mail.recipients:
        if address not in ours and not inbound.is_log_address(address):
            return name, address
    return "", ""


def _contact_from_sender(actor: User, mail: InboundMail, account: Account) -> Contact:
    name, address = _counterpart(mail)
    if not address:
        message = _("The message names no outside address to make a contact of.")
        raise ValidationError({"create_contact": ValidationError(message, code="no_address")})
    first, _sep, last = name.strip().partition(" ")
    if not last:
        first, last = "", first or address.split("@")[0]
    return contact_create(
        actor=actor,
        data={"first_name": first[:100], "last_name": last[:100], "email": address},
        account=account,
    )


@service
def mail_log_assign(
    *,
    actor: User,
    mail: InboundMail,
    account: Account,
    contact: Contact | None = None,
    create_contact: bool = False,
) -> Activity:
    """Logs a message from the actor's inbox on `account`, with `contact` (one who works
    there now) or a new contact made from the other side's address."""
    locked = _own_waiting(actor, mail, InboundStatus.INBOX)
    if not access.can_change_account(actor, account):
        raise NotAllowed(_("You may not write on behalf of this account."))
    if create_contact:
        contact = _contact_from_sender(actor, locked, account)
    elif (
        contact is not None and not queries.current_contacts(account).filter(pk=contact.pk).exists()
    ):
        message = _("%(name)s does not work at this account.") % {"name": contact}
        raise ValidationError({"contact": ValidationError(message, code="not_at_account")})
    activity = _log_on(locked, account, [contact] if contact else [])
    locked.status, locked.processed_at = InboundStatus.LOGGED, timezone.now()
    locked.save(update_fields=["status", "processed_at"])
    return activity


@service
def mail_log_discard(*, actor: User, mail: InboundMail) -> InboundMail:
    """Out of the inbox for good: the text and files are removed, the row stays so that the
    same message posted or polled again is not logged after all."""
    locked = _own_waiting(actor, mail, InboundStatus.INBOX, InboundStatus.FAILED)
    names = [locked.raw.name, *(a.file.name for a in locked.attachments.all())]
    locked.attachments.all().delete()
    locked.status, locked.text, locked.raw = InboundStatus.DISCARDED, "", ""
    locked.processed_at = timezone.now()
    locked.save(update_fields=["status", "text", "raw", "processed_at"])
    transaction.on_commit(partial(_delete_files, names))
    return locked


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


@service
def mail_log_retry(*, actor: User, mail: InboundMail) -> InboundMail:
    """Processes a failed message again (after the commit)."""
    locked = _own_waiting(actor, mail, InboundStatus.FAILED)
    _process_after_commit(locked)
    return locked
