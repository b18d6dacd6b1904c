"""Reads of events and their registrations, scoped by the access policy (decision 139): an
event is readable with its campaign; its registrations are all readable to who reads the whole
file (marketing, administrators, the sales director) and to the campaign's owner (decision
147), to the others those of contacts at accounts they may read. The door (check-in) sees
every registration of its event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from koers.accounts.models import Account, Contact
from koers.campaigns.event_models import Event, Registration, StandSlot
from koers.campaigns.queries import campaigns_readable
from koers.core import access
from koers.core.models import User
from koers.relations.timeline import Entry

SEARCH_LIMIT = 30


def events_readable(user: User) -> QuerySet[Event]:
    return Event.objects.filter(campaign__in=campaigns_readable(user).values("pk"))


def event_for_detail(user: User, pk: int) -> Event:
    """Raises Event.DoesNotExist for an event the user may not read."""
    return events_readable(user).select_related("campaign").get(pk=pk)


def may_manage(user: User, event: Event) -> bool:
    """Cancelling a registration and moving one up by hand (`event.campaign` loaded)."""
    return access.can_manage_campaign(user, owner_id=event.campaign.owner_id)


def registrations_readable(user: User, event: Event) -> QuerySet[Registration]:
    """`event.campaign` loaded (its owner reads every registration)."""
    rows = Registration.objects.filter(event=event)
    if not (access.reads_everything(user) or may_manage(user, event)):
        rows = access.scope_through_account(rows, user)
    return rows.select_related("contact", "account", "cancelled_by", "moved_up_by")


def registration_for(user: User, event: Event, pk: int) -> Registration:
    """One registration of the event that `user` may read; raises Registration.DoesNotExist."""
    return registrations_readable(user, event).get(pk=pk)


def on_duty(user: User, event: Event) -> bool:
    return StandSlot.objects.filter(event=event, user_id=user.pk).exists()


def may_check_in(user: User, event: Event) -> bool:
    return access.can_check_in(user, on_duty=access.can_run_campaigns(user) or on_duty(user, event))


def door_search(event: Event, text: str) -> list[Registration]:
    """The registrations (not cancelled) whose name, company or e-mail holds `text`, checked-in
    ones last; the first SEARCH_LIMIT."""
    rows = event.registrations.exclude(status="cancelled")
    for word in text.split()[:4]:
        rows = rows.filter(
            Q(name__icontains=word) | Q(company__icontains=word) | Q(email__icontains=word)
        )
    return list(rows.order_by("-checked_in_at", "name", "pk")[:SEARCH_LIMIT])


def slots_of(event: Event) -> list[StandSlot]:
    return list(event.slots.select_related("user").order_by("starts_at", "pk"))


def attendance_page(
    subject: Account | Contact, before: datetime | None, size: int, _kinds: Any, _user: User
) -> list[Entry]:
    """The events the contact (or someone of the account) attended, for the timeline: dated by
    the check-in. The subject is readable to the user, and so are its registrations."""
    if isinstance(subject, Account):
        rows = Registration.objects.filter(account=subject)
    else:
        rows = Registration.objects.filter(contact=subject)
    rows = rows.filter(checked_in_at__isnull=False)
    if before is not None:
        rows = rows.filter(checked_in_at__lt=before)
    rows = rows.select_related("event", "contact").order_by("-checked_in_at", "-pk")[:size]
    return [Entry(row.checked_in_at, "events", row) for row in rows if row.checked_in_at]
