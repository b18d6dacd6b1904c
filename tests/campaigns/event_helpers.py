"""Events for the tests: a campaign of the given kind with one event, starting `days` ahead
at 14:00 for three hours; and registering through the service, mails run."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from koers.campaigns import event_services, services
from koers.campaigns.event_models import Event, Registration
from koers.campaigns.event_services import Registrant
from koers.campaigns.selection import Criteria


def make_event(
    people: Any,
    *,
    kind: str = "seminar",
    days: int = 10,
    owners: list[int] | None = None,
    **data: Any,
) -> Event:
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=days), time(14))
    )
    campaign = services.campaign_create(
        actor=people.mark,
        data={
            "name": "Seminar inkoop",
            "kind": kind,
            "starts_on": start.date(),
            "ends_on": start.date(),
            "owner": people.mark,
        },
    )
    if owners:
        services.selection_save(
            actor=people.mark, campaign=campaign, criteria=Criteria(owners=owners)
        )
    values = {
        "name": "Seminar inkoop",
        "location": "Utrecht, Catharijnesingel 1",
        "starts_at": start,
        "ends_at": start + timedelta(hours=3),
        "capacity": None,
        "registration_open": True,
        "questions": "Which topic?",
        "reminder_days": 2,
        **data,
    }
    return event_services.event_create(actor=people.mark, campaign=campaign, data=values)


def register(event: Event, name: str, email: str, capture: Any, **fields: Any) -> Registration:
    """Registers through the service with the mails run (`capture`:
    django_capture_on_commit_callbacks)."""
    with capture(execute=True):
        registration, _created = event_services.registration_create(
            event=event, who=Registrant(name=name, email=email, **fields)
        )
    registration.refresh_from_db()
    return registration
