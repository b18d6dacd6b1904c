"""Events in the benchmark (imported by `bench/apps/campaigns.py`): a trade fair on the latest
campaign with registrations from the file (a fifth of them checked in, some unmatched), and
the scenarios of its event page, its registrations and the check-in search at the door."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from bench.scenario import Scenario, Subjects
from koers.accounts.models import Position
from koers.campaigns.event_models import Event, Registration
from koers.campaigns.models import Campaign

if TYPE_CHECKING:
    from bench.generate import Generator

REGISTRATIONS = 3_000
UNMATCHED = 200


def events(g: Generator) -> int:
    campaign = Campaign.objects.order_by("-starts_on", "-pk").first()
    if campaign is None:
        return 0
    start = g.now + timedelta(days=14)
    event = Event.objects.create(
        campaign=campaign,
        name=f"{campaign.name} (beurs)",
        location="Jaarbeurs, Utrecht",
        starts_at=start,
        ends_at=start + timedelta(hours=8),
        capacity=REGISTRATIONS,
        slug=f"bench-{g.seed}",
        created_by=campaign.owner,
    )
    positions = (
        Position.objects.filter(end_date__isnull=True)
        .exclude(contact__email="")
        .order_by("pk")
        .values_list("contact_id", "account_id", "contact__first_name", "contact__email")
    )
    seen: set[str] = set()
    rows = []
    for contact_id, account_id, name, email in positions.iterator(chunk_size=2000):
        if email.lower() in seen:
            continue
        seen.add(email.lower())
        rows.append(
            Registration(
                event=event,
                contact_id=contact_id,
                account_id=account_id,
                name=name,
                email=email,
                checked_in_at=start if len(rows) % 5 == 0 else None,
            )
        )
        if len(rows) >= REGISTRATIONS - UNMATCHED:
            break
    rows += [
        Registration(event=event, name=f"Bezoeker {n}", email=f"bezoeker{n}@bench.example")
        for n in range(UNMATCHED)
    ]
    Registration.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


GENERATE = [("event registrations", events)]


def counts() -> dict[str, int]:
    return {"event registrations": Registration.objects.count()}


def subjects(s: Subjects) -> None:
    s.event_id = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _search(s: Subjects, i: int) -> dict[str, Any]:
    return {"q": ("an", "de", "jan", "bezoeker 1")[i % 4]}


SCENARIOS = [
    Scenario("event page, marketing", url="/events/{event_id}/", persona="marketing"),
    Scenario(
        "event registrations, marketing",
        url="/events/{event_id}/registrations/",
        persona="marketing",
    ),
    Scenario(
        "event check-in search, marketing",
        url="/events/{event_id}/check-in/",
        persona="marketing",
        params=_search,
    ),
]
