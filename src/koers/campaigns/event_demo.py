"""Events for the demo (called from `campaigns/demo.py`): a regional trade fair held three
weeks ago, with registrations from the customer file, a few unmatched ones, attendance and
walk-ins, and the stand duty of two account managers; and a seminar next month open for
registration, full, with one on the waiting list.

The rows are written as the mails and the door left them (the demo sends no mail): each
registrant's mail is recorded as sent."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from koers.accounts.models import Position
from koers.campaigns import event_services, services
from koers.campaigns.event_models import (
    Event,
    Registration,
    RegistrationMail,
    RegistrationMailKind,
    RegistrationSource,
    RegistrationStatus,
    StandSlot,
)
from koers.core.models import Role, User
from koers.demo.context import DemoContext

SEMINAR_PLACES = 6
UNMATCHED = [
    ("Joris Bakker", "Bakker Techniek", "joris@bakkertechniek.example"),
    ("Fatima El Amrani", "Noordlicht Installaties", "f.elamrani@noordlicht.example"),
]


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _positions(rng: random.Random, count: int) -> list[Position]:
    rows = list(
        Position.objects.filter(end_date__isnull=True, contact__erased_at__isnull=True)
        .exclude(contact__email="")
        .select_related("contact", "account")
        .order_by("pk")[:400]
    )
    seen: set[str] = set()
    picked = []
    for row in rng.sample(rows, min(len(rows), count * 2)):
        address = row.contact.email.lower()
        if address not in seen:
            seen.add(address)
            picked.append(row)
    return picked[:count]


def _registration(event: Event, position: Position | None, **fields: object) -> Registration:
    if position is not None:
        contact = position.contact
        fields.setdefault("name", contact.full_name)
        fields.setdefault("company", position.account.name)
        fields.setdefault("email", contact.email)
        fields.setdefault("language", contact.preferred_language or "nl")
        fields.update(contact=contact, account=position.account)
    return Registration.objects.create(event=event, **fields)


def _mailed(registrations: list[Registration], kind: str, at: datetime) -> None:
    RegistrationMail.objects.bulk_create(
        RegistrationMail(registration=r, kind=kind, status="sent", attempts=1, sent_at=at)
        for r in registrations
        if r.email
    )


def _fair(context: DemoContext, marketing: User, rng: random.Random) -> int:
    start = context.today - timedelta(days=21)
    campaign = services.campaign_create(
        actor=marketing,
        data={
            "name": "Regiobeurs Zuid",
            "kind": "trade_fair",
            "starts_on": start,
            "ends_on": start + timedelta(days=1),
            "owner": marketing,
            "budget": Decimal("8000.00"),
            "actual_cost": Decimal("7450.00"),
            "goal_leads": 25,
        },
    )
    event = event_services.event_create(
        actor=marketing,
        campaign=campaign,
        data={
            "name": "Regiobeurs Zuid, stand 42",
            "location": "Brabanthallen, Den Bosch",
            "starts_at": _at(start, 10),
            "ends_at": _at(start + timedelta(days=1), 17),
            "capacity": None,
            "registration_open": False,
            "questions": "Met wie wil je graag spreken?",
            "reminder_days": 2,
        },
    )
    managers = list(User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True)[:2])
    for n, user in enumerate(managers):
        for day in range(2):
            begin = _at(start + timedelta(days=day), 10 + 4 * n)
            StandSlot.objects.create(
                event=event, user=user, starts_at=begin, ends_at=begin + timedelta(hours=3)
            )
    registered_at = _at(start - timedelta(days=14), 9)
    rows = [
        _registration(event, position, source=RegistrationSource.MAILING)
        for position in _positions(rng, 14)
    ]
    rows += [
        _registration(event, None, name=name, company=company, email=email)
        for name, company, email in UNMATCHED
    ]
    Registration.objects.filter(pk__in=[r.pk for r in rows]).update(registered_at=registered_at)
    _mailed(rows, RegistrationMailKind.CONFIRMED, registered_at)
    _mailed(rows, RegistrationMailKind.REMINDER, _at(start - timedelta(days=2), 8))
    door = managers[0] if managers else marketing
    attended = rng.sample(rows, min(len(rows), 10))
    for n, row in enumerate(attended):
        row.checked_in_at = _at(start, 10) + timedelta(minutes=7 * n)
        row.checked_in_by = door
        row.save(update_fields=["checked_in_at", "checked_in_by"])
    _registration(
        event,
        None,
        name="Sanne Mulder",
        company="Mulder Groothandel",
        source=RegistrationSource.WALK_IN,
        checked_in_at=_at(start, 14),
        checked_in_by=door,
    )
    return len(rows) + 1


def _seminar(context: DemoContext, marketing: User, rng: random.Random) -> int:
    start = context.today + timedelta(days=24)
    campaign = services.campaign_create(
        actor=marketing,
        data={
            "name": "Seminar slim inkopen",
            "kind": "seminar",
            "starts_on": start,
            "ends_on": start,
            "owner": marketing,
            "budget": Decimal("2500.00"),
            "goal_leads": 10,
        },
    )
    event = event_services.event_create(
        actor=marketing,
        campaign=campaign,
        data={
            "name": "Seminar slim inkopen",
            "description": "Een middag over inkoopstrategie, met sprekers uit de praktijk "
            "en een borrel.",
            "location": "Koers Kantoor, Utrecht",
            "starts_at": _at(start, 14),
            "ends_at": _at(start, 17),
            "capacity": SEMINAR_PLACES,
            "registration_open": True,
            "questions": "Welk onderwerp wil je zeker bespreken?\nDieetwensen?",
            "reminder_days": 2,
        },
    )
    positions = _positions(rng, SEMINAR_PLACES + 1)
    rows = []
    for n, position in enumerate(positions):
        status = RegistrationStatus.REGISTERED if n < SEMINAR_PLACES else RegistrationStatus.WAITING
        rows.append(_registration(event, position, status=status))
    _mailed(
        [r for r in rows if r.status == RegistrationStatus.REGISTERED],
        RegistrationMailKind.CONFIRMED,
        timezone.now(),
    )
    _mailed(
        [r for r in rows if r.status == RegistrationStatus.WAITING],
        RegistrationMailKind.WAITING,
        timezone.now(),
    )
    return len(rows)


def build(context: DemoContext, marketing: User, rng: random.Random) -> None:
    fair = _fair(context, marketing, rng)
    seminar = _seminar(context, marketing, rng)
    context.summary.append(
        f"2 events (a trade fair held with {fair} registrations and attendance, "
        f"a full seminar open for registration with {seminar} registrations)"
    )
