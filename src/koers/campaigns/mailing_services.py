"""Every write of mailings (decision 136): composing and changing one, the test send to its
writer, starting the send (one `MailingSend` row per included contact, queued), and the
contact's unsubscribe through the link of their copy. Composing and sending: marketing and
administrators (`access.can_run_campaigns`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.campaigns.lifecycle import MAILING_LIFECYCLE
from koers.campaigns.mailings import message_for, sample_recipient, text_errors
from koers.campaigns.models import (
    Campaign,
    Mailing,
    MailingSend,
    MailingStatus,
    Selection,
    SelectionMember,
    SendStatus,
)
from koers.core import access
from koers.core.company import company
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.correspondence.placeholders import language_of

TEXTS = ("subject_nl", "body_nl", "subject_en", "body_en")


def _may_run(actor: User) -> None:
    if not access.can_run_campaigns(actor):
        raise NotAllowed


def _check_texts(data: dict[str, Any]) -> None:
    errors = text_errors({name: str(data.get(name, "")) for name in TEXTS})
    if errors:
        # `placeholder`: a rule the API's schema cannot state (BEYOND_SCHEMA_CODES).
        raise ValidationError(
            {
                name: [ValidationError(message, code="placeholder")]
                for name, message in errors.items()
            }
        )


@service
def mailing_create(*, actor: User, campaign: Campaign, data: dict[str, Any]) -> Mailing:
    _may_run(actor)
    _check_texts(data)
    return Mailing.objects.create(
        campaign=campaign,
        created_by=actor,
        track_links=bool(data.get("track_links", False)),
        **{name: data[name] for name in TEXTS},
    )


@service
def mailing_update(*, actor: User, mailing: Mailing, version: int, data: dict[str, Any]) -> Mailing:
    """Changes the texts of a draft; a test send is needed again before sending."""
    _may_run(actor)
    locked = lock_version(Mailing, mailing.pk, version)
    if locked.status != MailingStatus.DRAFT:
        raise ValidationError(_("A mailing that was sent cannot be changed."))
    _check_texts(data)
    for name in TEXTS:
        setattr(locked, name, data[name])
    if "track_links" in data:
        locked.track_links = bool(data["track_links"])
    return save_version(locked)


def mailing_test_send(*, actor: User, mailing: Mailing, language: str) -> None:
    """Sends the mailing in `language` to the actor's own address, with an example contact
    in the placeholders, and marks this version as tested. A failure of the mail server is a
    ValidationError with its message (nothing marked)."""
    _may_run(actor)
    if not actor.email:
        raise ValidationError(_("Your user has no e-mail address to send the test to."))
    to = sample_recipient(actor, company(), language, timezone.localdate())
    link = "#"
    message = message_for(mailing, to, address=actor.email, name=str(actor), link=link)
    message.subject = _("[Test] %(subject)s") % {"subject": message.subject}
    try:
        message.send()
    except Exception as error:  # the transport's failure, whatever its kind
        raise ValidationError(
            _("The test could not be sent: %(error)s") % {"error": error}
        ) from error
    Mailing.objects.filter(pk=mailing.pk, version=mailing.version).update(
        tested_version=mailing.version
    )
    mailing.tested_version = mailing.version


def _queue(mailing: Mailing) -> int:
    """One queued row per included contact of the selection (the unique constraint keeps a
    second start from adding any); returns how many were added."""
    members = SelectionMember.objects.filter(
        selection__campaign_id=mailing.campaign_id, reason=""
    ).values_list("contact_id", "account_id")
    rows = [MailingSend(mailing=mailing, contact_id=c, account_id=a) for c, a in members]
    before = MailingSend.objects.filter(mailing=mailing).count()
    MailingSend.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return MailingSend.objects.filter(mailing=mailing).count() - before


@service
def mailing_send(*, actor: User, mailing: Mailing) -> Mailing:
    """Starts sending (or sends again after a failure): the included contacts are queued and
    the worker sends them in batches. Refused before a test send of the text as it is, and
    while the selection is live (it would change during the send)."""
    _may_run(actor)
    if mailing.tested_version != mailing.version:
        raise ValidationError(_("Send a test to yourself first."))
    selection = Selection.objects.get(campaign_id=mailing.campaign_id)
    if not selection.frozen:
        raise ValidationError(_("Freeze the selection first, so that it cannot change."))
    now = timezone.now()
    MAILING_LIFECYCLE.move(
        mailing,
        to=MailingStatus.SENDING,
        sent_by=actor,
        started_at=mailing.started_at or now,
        heartbeat_at=now,
        finished_at=None,
        message="",
    )
    _queue(mailing)
    # Copies that failed at the mail server are tried again; interrupted ones are not.
    MailingSend.objects.filter(mailing=mailing, status=SendStatus.FAILED).update(
        status=SendStatus.QUEUED
    )
    from koers.campaigns.tasks import send_mailing

    transaction.on_commit(partial(send_mailing.enqueue, mailing.pk))
    return mailing


@service
def mailing_pause(*, actor: User, mailing: Mailing) -> Mailing:
    """The worker stops after the batch it is sending (it checks between batches); the copies
    still queued stay queued until the mailing is resumed."""
    _may_run(actor)
    return MAILING_LIFECYCLE.move(mailing, to=MailingStatus.PAUSED)


@service
def mailing_resume(*, actor: User, mailing: Mailing) -> Mailing:
    """Sending goes on with the copies still queued (never one that went already)."""
    _may_run(actor)
    if mailing.status != MailingStatus.PAUSED:
        raise ValidationError({"status": [_("Only a paused mailing can be resumed.")]})
    now = timezone.now()
    MAILING_LIFECYCLE.move(
        mailing, to=MailingStatus.SENDING, sent_by=actor, heartbeat_at=now, message=""
    )
    from koers.campaigns.tasks import send_mailing

    transaction.on_commit(partial(send_mailing.enqueue, mailing.pk))
    return mailing


@service
def mailing_cancel(*, actor: User, mailing: Mailing) -> Mailing:
    """Ends the mailing: the copies not sent yet are marked as never to be sent (a worker in
    the middle of a batch finishes that batch, then finds the mailing cancelled and stops)."""
    _may_run(actor)
    MAILING_LIFECYCLE.move(mailing, to=MailingStatus.CANCELLED, finished_at=timezone.now())
    MailingSend.objects.filter(
        mailing=mailing, status__in=[SendStatus.QUEUED, SendStatus.FAILED]
    ).update(status=SendStatus.CANCELLED)
    return mailing


def unsubscribe(*, send_id: int, via: str) -> tuple[MailingSend | None, bool]:
    """Opts out the contact of this copy at once: `opted_out` with today's date on the
    contact (its history says so), and the moment and the way (`page` or `one-click`) on the
    copy, which is the record of the request (AVG). Returns the copy (None when there is no
    such copy) and whether this request opted out (False when it was done already)."""
    with transaction.atomic():
        send = (
            MailingSend.objects.select_for_update()
            .select_related("contact", "mailing__campaign")
            .filter(pk=send_id)
            .first()
        )
        if send is None:
            return None, False
        if send.unsubscribed_at is not None:
            return send, False
        now = timezone.now()
        send.unsubscribed_at = now
        send.unsubscribed_via = via
        send.save(update_fields=["unsubscribed_at", "unsubscribed_via"])
        contact: Contact = send.contact
        if not contact.opted_out:
            contact.opted_out = True
            contact.opted_out_at = timezone.localdate(now)
            contact._change_reason = f"unsubscribed: mailing {send.mailing_id} ({via})"  # type: ignore[attr-defined]
            contact.save(update_fields=["opted_out", "opted_out_at", "updated_at"])
        return send, True


def language_for(contact: Contact) -> str:
    return language_of(contact)
