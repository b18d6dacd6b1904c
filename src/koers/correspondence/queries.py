"""Reads of correspondence, starting from the access policy: a sent mail or letter is readable
with its account (decision 39)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.models import User
from koers.correspondence.models import (
    InboundAttachment,
    InboundMail,
    InboundStatus,
    Letter,
    MailTemplate,
    SentMail,
    SentMailRecipient,
)
from koers.relations.models import Activity


def sent_mails_readable(user: User) -> QuerySet[SentMail]:
    return access.scope_through_account(SentMail.objects.all(), user)


def sent_mails_writable(user: User) -> QuerySet[SentMail]:
    return access.scope_through_account(SentMail.objects.all(), user, write=True)


def letters_readable(user: User) -> QuerySet[Letter]:
    return access.scope_through_account(Letter.objects.all(), user)


def with_recipients(mails: QuerySet[SentMail]) -> QuerySet[SentMail]:
    return mails.select_related("account", "sent_by", "template").prefetch_related(
        Prefetch("recipients", queryset=SentMailRecipient.objects.order_by("pk"))
    )


def account_readable(user: User, pk: int) -> Account | None:
    return access.accounts_readable(user).select_related("owner").filter(pk=pk).first()


def contact_readable(user: User, pk: int) -> Contact | None:
    return access.contacts_readable(user).filter(pk=pk).first()


def current_contacts(account: Account) -> QuerySet[Contact]:
    """The people who work at the account now (a mail or letter goes to one of them)."""
    return (
        Contact.objects.filter(
            positions__account=account, positions__end_date__isnull=True, erased_at__isnull=True
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def current_accounts_of(user: User, contact: Contact) -> QuerySet[Account]:
    """The readable accounts where `contact` works now, the one to write from first."""
    return (
        access.accounts_readable(user)
        .filter(positions__contact=contact, positions__end_date__isnull=True)
        .select_related("owner")
        .distinct()
        .order_by("name", "pk")
    )


def templates_in_use() -> QuerySet[MailTemplate]:
    return MailTemplate.objects.filter(active=True).order_by("name", "pk")


def mail_status(mail: SentMail) -> str:
    """`sent` (every recipient), `failed` (one or more said no, not sent yet) or `queued`; from
    the prefetched recipients."""
    rows = list(mail.recipients.all())
    if all(r.sent_at for r in rows):
        return "sent"
    if any(r.error and not r.sent_at for r in rows):
        return "failed"
    return "queued"


# The statuses a message of the inbox page has: waiting, failed, or not read yet.
INBOX_STATUSES = (InboundStatus.INBOX, InboundStatus.FAILED, InboundStatus.RECEIVED)


def inbox_of(user: User) -> QuerySet[InboundMail]:
    """The user's own inbox of logged mail. Nobody else's: the messages that matched no
    customer may be private, so no role reads another person's inbox (decision 83)."""
    return (
        InboundMail.objects.filter(user=user, status__in=INBOX_STATUSES)
        .prefetch_related(
            Prefetch("attachments", queryset=InboundAttachment.objects.order_by("pk"))
        )
        .order_by("-received_at", "-pk")
    )


def inbound_readable(user: User) -> QuerySet[InboundMail]:
    """A logged message is read by whoever reads one of the accounts it is logged on (like the
    activity), and by the user whose log address got it, unless they discarded it."""
    on_account = access.scope_through_account(
        Activity.objects.filter(inbound_mails=OuterRef("pk")), user
    )
    mine = Q(user=user) & ~Q(status=InboundStatus.DISCARDED)
    return InboundMail.objects.filter(mine | Q(Exists(on_account)))


def with_logged_details(mails: QuerySet[InboundMail]) -> QuerySet[InboundMail]:
    """A logged message with its attachments and the activities (and their accounts) it was
    logged as, in two queries for any number of messages."""
    return mails.prefetch_related(
        Prefetch("attachments", queryset=InboundAttachment.objects.order_by("pk")),
        Prefetch("activities", queryset=Activity.objects.only("pk", "account_id").order_by("pk")),
    )


def attachment_readable(user: User, pk: int) -> InboundAttachment | None:
    return InboundAttachment.objects.filter(
        pk=pk, mail__in=inbound_readable(user).values("pk")
    ).first()
