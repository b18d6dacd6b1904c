"""Every write of events (decision 139): the event itself, registrations (from the public page,
the API and walk-ins), cancelling with the waiting list moving up, cancelling and moving up by
marketing or the campaign's owner (decision 147), check-in. Stand duty: `stand_duty.py`.
One transaction each; the mails go after the commit through the task worker
(`event_tasks.send_registration_mail`), each kind at most once per registration."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Contact, Position
from koers.campaigns.event_models import (
    EVENT_KINDS,
    Event,
    Registration,
    RegistrationMailKind,
    RegistrationSource,
    RegistrationStatus,
)
from koers.campaigns.models import Campaign
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service

EDITABLE = (
    "name",
    "description",
    "location",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_open",
    "questions",
    "reminder_days",
)
S = RegistrationStatus
MAX_REMINDER_DAYS = 30


def _error(name: str, message: str, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def _may_run(actor: User) -> None:
    if not access.can_run_campaigns(actor):
        raise NotAllowed


def _apply(event: Event, data: dict[str, Any]) -> None:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in data.items():
        setattr(event, name, value.strip() if isinstance(value, str) else value)
    if event.ends_at < event.starts_at:
        raise _error("ends_at", _("The end lies before the start."), "period")
    if event.capacity is not None and event.capacity < 1:
        raise _error("capacity", _("Give at least one place, or leave it empty."), "capacity")
    if event.reminder_days > MAX_REMINDER_DAYS:
        raise _error(
            "reminder_days",
            _("At most %(days)d days before.") % {"days": MAX_REMINDER_DAYS},
            "reminder_days",
        )


@service
def event_create(*, actor: User, campaign: Campaign, data: dict[str, Any]) -> Event:
    _may_run(actor)
    if campaign.kind not in EVENT_KINDS:
        raise _error(
            "campaign",
            _("Events belong to a trade fair, seminar, webinar or customer event."),
            "kind",
        )
    event = Event(campaign=campaign, created_by=actor, slug=secrets.token_urlsafe(16))
    _apply(event, data)
    event.save()
    return event


@service
def event_update(*, actor: User, event: Event, data: dict[str, Any]) -> Event:
    _may_run(actor)
    locked = Event.objects.select_for_update().get(pk=event.pk)
    _apply(locked, data)
    locked.save()
    return locked


def _mail(registration: Registration, kind: str) -> None:
    from koers.campaigns.event_tasks import send_registration_mail

    transaction.on_commit(partial(send_registration_mail.enqueue, registration.pk, kind))


def _match(email: str, invited: int | None) -> tuple[Contact | None, int | None]:
    """The contact with this address (case-insensitive; the lowest id if several), else the
    invited contact; and their current account."""
    contact = None
    if email:
        contacts = Contact.objects.filter(email__iexact=email, erased_at__isnull=True)
        contact = contacts.order_by("pk").first()
    if contact is None and invited is not None:
        contact = Contact.objects.filter(pk=invited, erased_at__isnull=True).first()
    if contact is None:
        return None, None
    account_id = (
        Position.objects.filter(contact=contact, end_date__isnull=True)
        .order_by("pk")
        .values_list("account_id", flat=True)
        .first()
    )
    return contact, account_id


def _has_place(event: Event) -> bool:
    if event.capacity is None:
        return True
    taken = event.registrations.filter(status=S.REGISTERED).count()
    return taken < event.capacity


@dataclass
class Registrant:
    name: str
    email: str
    company: str = ""
    language: str = "nl"
    answers: dict[str, str] = field(default_factory=dict)
    invited: int | None = None  # the contact of a personal invitation link
    source: str = RegistrationSource.PAGE


def _live(event: Event, email: str) -> Registration | None:
    if not email:
        return None
    return event.registrations.filter(email__iexact=email).exclude(status=S.CANCELLED).first()


def _new(event: Event, who: Registrant, status: str) -> Registration:
    contact, account_id = _match(who.email, who.invited)
    language = who.language
    if contact is not None and contact.preferred_language in ("nl", "en"):
        language = contact.preferred_language
    return Registration.objects.create(
        event=event,
        contact=contact,
        account_id=account_id,
        name=who.name.strip(),
        company=who.company.strip(),
        email=who.email.strip(),
        language=language if language in ("nl", "en") else "nl",
        answers={q: who.answers.get(q, "").strip() for q in event.question_list},
        status=status,
        source=who.source,
    )


def _respond(registration: Registration) -> None:
    """A registration of a known contact is their response to the campaign (decision 140), on
    their timeline; once, however often they register."""
    if registration.contact is None:
        return
    from koers.campaigns.responses import record_response

    record_response(
        contact=registration.contact,
        campaign=registration.event.campaign,
        kind="registration",
        account=registration.account,
    )


@transaction.atomic
def registration_create(*, event: Event, who: Registrant) -> tuple[Registration, bool]:
    """A registration, or the address's live one (False: nothing new). Beyond the places it goes
    on the waiting list. The event's row is locked, so two at the last place never both get it."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if not locked.registration_open:
        raise _error("event", _("Registration for this event is closed."), "status")
    existing = _live(locked, who.email)
    if existing is not None:
        return existing, False
    status = S.REGISTERED if _has_place(locked) else S.WAITING
    registration = _new(locked, who, status)
    _respond(registration)
    K = RegistrationMailKind
    _mail(registration, K.CONFIRMED if status == S.REGISTERED else K.WAITING)
    return registration, True


@dataclass
class Cancelled:
    registration: Registration | None
    done: bool  # False: it was cancelled already (or there is none), nothing changed
    moved_up: Registration | None = None  # who took the place it freed


def _cancel(registration_id: int, actor: User | None) -> Cancelled:
    """Cancels the registration under the event's lock; the first on the waiting list moves up
    into a place it freed, once. Cancelling again changes nothing."""
    found = Registration.objects.filter(pk=registration_id).values_list("event_id", flat=True)
    event_id = found.first()
    if event_id is None:
        return Cancelled(None, False)
    event = Event.objects.select_for_update().get(pk=event_id)
    registration = Registration.objects.get(pk=registration_id)
    if registration.status == S.CANCELLED:
        return Cancelled(registration, False)
    held_a_place = registration.status == S.REGISTERED
    registration.status, registration.cancelled_at = S.CANCELLED, timezone.now()
    registration.cancelled_by = actor
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    moved_up = _move_up(event) if held_a_place else None
    return Cancelled(registration, True, moved_up)


@transaction.atomic
def registration_cancel(*, registration_id: int) -> tuple[Registration | None, bool]:
    """Cancels (through the registrant's signed link); the first on the waiting list moves up
    into a freed place, once. Cancelling again changes nothing (False)."""
    cancelled = _cancel(registration_id, None)
    return cancelled.registration, cancelled.done


def _may_manage(actor: User, registration: Registration) -> None:
    campaign = registration.event.campaign
    if not access.can_manage_campaign(actor, owner_id=campaign.owner_id):
        raise NotAllowed


@service
def registration_cancel_by_staff(*, actor: User, registration: Registration) -> Cancelled:
    """Cancels a registration for the registrant (marketing, or the campaign's owner), recorded
    with who did it; the waiting list moves up as when the registrant cancels. A retry finds it
    cancelled and changes nothing (`done` False), so nobody moves up twice and the registrant
    gets the mail "your registration was cancelled" once (decision 154)."""
    _may_manage(actor, registration)
    cancelled = _cancel(registration.pk, actor)
    if cancelled.done and cancelled.registration is not None:
        _mail(cancelled.registration, RegistrationMailKind.CANCELLED)
    return cancelled


def _promote(registration: Registration, actor: User | None) -> None:
    registration.status, registration.moved_up_at = S.REGISTERED, timezone.now()
    registration.moved_up_by = actor
    registration.save(update_fields=["status", "moved_up_at", "moved_up_by"])
    _mail(registration, RegistrationMailKind.MOVED_UP)


def _move_up(event: Event) -> Registration | None:
    if not _has_place(event):
        return None
    first = event.registrations.filter(status=S.WAITING).order_by("registered_at", "pk").first()
    if first is not None:
        _promote(first, None)
    return first


@service
def registration_move_up(
    *, actor: User, registration: Registration, over_capacity: bool = False
) -> tuple[Registration, bool]:
    """Gives a place to someone on the waiting list by hand, in any order, with the mail "a
    place came free" (its calendar file and QR code). When every place is taken it asks first
    (`over_capacity`: the event then holds more than its places). False when they have a place
    already: a retry changes nothing and mails nobody again."""
    _may_manage(actor, registration)
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    locked = Registration.objects.get(pk=registration.pk)
    if locked.status == S.REGISTERED:
        return locked, False
    if locked.status == S.CANCELLED:
        raise _error(
            "registration", _("This registration was cancelled; it cannot move up."), "status"
        )
    if not over_capacity and not _has_place(event):
        message = _(
            "Every place of the event is taken: moving %(name)s up puts one more in it than it "
            "has places. Confirm to do so anyway."
        ) % {"name": locked.name}
        raise _error("over_capacity", message, "full")
    _promote(locked, actor)
    return locked, True


def _check(registration: Registration, actor: User) -> bool:
    if registration.status == S.CANCELLED:
        raise _error(
            "registration", _("This registration was cancelled; add them as a walk-in."), "gone"
        )
    if registration.checked_in_at is not None:
        return False
    registration.status = S.REGISTERED  # someone from the waiting list at the door gets in
    registration.checked_in_at, registration.checked_in_by = timezone.now(), actor
    registration.save(update_fields=["status", "checked_in_at", "checked_in_by"])
    return True


@service
def registration_check_in(*, actor: User, registration: Registration) -> bool:
    """Checks the registrant in; False when they were already (nothing changes)."""
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    return _check(locked, actor)


@service
def walk_in(*, actor: User, event: Event, who: Registrant) -> Registration:
    """Someone at the door: their registration checked in when the address has one, else a new
    registration (whatever the places), checked in at once."""
    locked = Event.objects.select_for_update().get(pk=event.pk)
    existing = _live(locked, who.email)
    if existing is not None:
        _check(existing, actor)
        return existing
    who.source = RegistrationSource.WALK_IN
    registration = _new(locked, who, S.REGISTERED)
    _respond(registration)
    _check(registration, actor)
    return registration


def reminders_due(day: date) -> list[int]:
    """The registrations a reminder goes to on `day`: registered for an event that starts
    between tomorrow and its `reminder_days` ahead, registered before `day` (who registered
    within the window has the confirmation fresh in their inbox)."""
    start_of_day = timezone.make_aware(datetime.combine(day, time.min))
    events = Event.objects.filter(
        reminder_days__gt=0,
        starts_at__gte=start_of_day + timedelta(days=1),
        starts_at__lt=start_of_day + timedelta(days=1 + MAX_REMINDER_DAYS),
    )
    ids = []
    for event in events:
        start_day = timezone.localtime(event.starts_at).date()
        if (start_day - day).days > event.reminder_days:
            continue
        rows = (
            event.registrations.filter(status=S.REGISTERED, registered_at__lt=start_of_day)
            .exclude(email="")
            .exclude(mails__kind=RegistrationMailKind.REMINDER)
        )
        ids += list(rows.values_list("pk", flat=True))
    return ids
