"""Complaints in the benchmark: one complaint per account (100,000 at size L) over the last
two years, with their registration steps; a tenth still open, a third of those past the date
promised to the customer; and the scenarios of the complaint list.

Dates are relative to the day the data is generated, like relations' (the list reads "today").
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bench.scenario import Scenario, Subjects
from koers.complaints.demo import CATEGORIES, DESCRIPTIONS
from koers.complaints.models import Complaint, ComplaintCategory, ComplaintStep
from koers.sales.models import Product, ProductGroup

if TYPE_CHECKING:
    from bench.generate import Generator

PER_ACCOUNT = 1.0
OPEN_SHARE = 0.1
OVERDUE_SHARE_OF_OPEN = 0.35
HISTORY_DAYS = 730
# What a complaint is about: a catalogue product (most), a product group, a product that is
# not in the catalogue (as text), or nothing; the structural overview groups by the first two.
ABOUT = {"product": 55, "group": 15, "text": 15, "nothing": 15}
PRODUCTS = ("Rundergehakt 1 kg", "Kipfilet", "Slavinken", "Rookworst")
# status -> weight among the closed ones
CLOSED = {"verified": 70, "solved": 15, "rejected": 15}


def categories(g: Generator) -> int:
    g.complaint_categories = [
        ComplaintCategory.objects.get_or_create(name=name)[0].pk for name in CATEGORIES
    ]
    return len(g.complaint_categories)


def complaints(g: Generator) -> int:
    rng, dt = g.rng, g.dt
    now = datetime.now(UTC).replace(microsecond=0)
    today = now.date()
    first = (Complaint.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    make = g.writer.row_maker(
        Complaint,
        [
            "id",
            "account_id",
            "category_id",
            "description",
            "product_id",
            "product_group_id",
            "product_name",
            "severity",
            "channel",
            "owner_id",
            "promised_on",
            "status",
            "received_at",
            "first_response_at",
            "solved_at",
            "closed_at",
            "created_at",
            "updated_at",
        ],
    )
    closed, weights = list(CLOSED), list(itertools.accumulate(CLOSED.values()))
    products = list(Product.objects.values_list("pk", flat=True))
    groups = list(ProductGroup.objects.values_list("pk", flat=True))
    about, about_weights = list(ABOUT), list(itertools.accumulate(ABOUT.values()))

    def subject() -> tuple[int | None, int | None, str]:
        kind = rng.choices(about, cum_weights=about_weights)[0]
        if kind == "product" and products:
            return rng.choice(products), None, ""
        if kind == "group" and groups:
            return None, rng.choice(groups), ""
        return None, None, rng.choice(PRODUCTS) if kind == "text" else ""

    g.complaint_rows: list[tuple[int, int, datetime]] = []
    n = round(PER_ACCOUNT * len(g.plan))

    def rows() -> Iterable[tuple]:
        for account in rng.choices(g.plan, k=n):
            cid = next(ids)
            received = now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 86_400))
            is_open = rng.random() < OPEN_SHARE
            if is_open:
                status = rng.choice(["received", "in_progress"])
                late = rng.random() < OVERDUE_SHARE_OF_OPEN
                promised = today + timedelta(
                    days=rng.randint(-20, -1) if late else rng.randint(0, 20)
                )
            else:
                status = rng.choices(closed, cum_weights=weights)[0]
                promised = (received + timedelta(days=rng.randint(3, 20))).date()
            responded = received + timedelta(hours=rng.randint(1, 72))
            solved = responded + timedelta(days=rng.randint(1, 20))
            g.complaint_rows.append((cid, account.id, received))
            product, group, product_name = subject()
            yield make(
                {
                    "id": cid,
                    "account_id": account.id,
                    "category_id": rng.choice(g.complaint_categories),
                    "description": rng.choice(DESCRIPTIONS),
                    "product_id": product,
                    "product_group_id": group,
                    "product_name": product_name,
                    "severity": rng.choice(["low", "normal", "normal", "high", "critical"]),
                    "channel": rng.choice(["phone", "email", "visit"]),
                    "owner_id": account.owner_id,
                    "promised_on": g.day(promised),
                    "status": status,
                    "received_at": dt(received),
                    "first_response_at": None if status == "received" else dt(responded),
                    "solved_at": dt(solved) if status in ("solved", "verified") else None,
                    "closed_at": dt(solved) if status in ("verified", "rejected") else None,
                    "created_at": dt(received),
                    "updated_at": dt(received),
                }
            )

    return g.writer.write(Complaint, rows())


def steps(g: Generator) -> int:
    make = g.writer.row_maker(ComplaintStep, ["complaint_id", "account_id", "kind", "at"])
    rows = (
        make({"complaint_id": cid, "account_id": aid, "kind": "received", "at": g.dt(at)})
        for cid, aid, at in g.complaint_rows
    )
    count = g.writer.write(ComplaintStep, rows)
    del g.complaint_rows
    return count


GENERATE = [
    ("complaint categories", categories),
    ("complaints", complaints),
    ("complaint steps", steps),
]
CHOSEN_IDS = [Complaint]


def loaded_models() -> list[Any]:
    return [Complaint, ComplaintStep]


def counts() -> dict[str, int]:
    return {"complaints": Complaint.objects.count()}


def subjects(s: Subjects) -> None:
    """Nothing of its own: the lists run as the manager and the busy account manager."""


SCENARIOS = [
    Scenario("complaint list, manager", url="/complaints/", persona="manager"),
    Scenario(
        "complaint list, open past the promised date, manager",
        url="/complaints/",
        persona="manager",
        params=lambda s, i: {"overdue": "on"},
    ),
    Scenario(
        "complaint list, busy account manager",
        url="/complaints/",
        persona="busy_account_manager",
    ),
    # The overview groups a period's complaints of every readable account: the default 90 days
    # and a year, where a manager's team has thousands.
    Scenario("structural complaints, manager", url="/complaints/structural/", persona="manager"),
    Scenario(
        "structural complaints, a year, manager",
        url="/complaints/structural/",
        persona="manager",
        params=lambda s, i: {"received_from": (date.today() - timedelta(days=365)).isoformat()},
    ),
    Scenario(
        "account complaints panel, big account",
        url="/accounts/{big_account_id}/complaints/",
        persona="busy_account_manager",
    ),
]
