"""The gifts register in the benchmark: a few gifts per account over two years (generator) and
the register's lists for an account manager and a manager (scenarios)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count

from bench.scenario import Scenario, Subjects
from koers.core.models import Team
from koers.gifts import queries
from koers.gifts.demo import GIVEN, RECEIVED
from koers.gifts.models import DEFAULT_LIMIT, Gift

if TYPE_CHECKING:
    from bench.generate import Generator

# About one gift per account in two years (100,000 at size L), a tenth above the limit.
GIFT_SHARE = 0.6
ABOVE_LIMIT = 0.1
HISTORY_DAYS = 730


def gifts(g: Generator) -> int:
    """Gifts given and received at a share of the accounts, by their account manager: given
    above the limit mostly approved and given (some waiting, some refused), received above it
    mostly noted. Runs after relations' setup, whose contacts per account it uses."""
    rng, dt, day = g.rng, g.dt, g.day
    today = g.rel_today
    make = g.writer.row_maker(Gift, ["account_id"])
    first = (Gift.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    g.manager_of = dict(Team.members.through.objects.values_list("user_id", "team__manager_id"))

    def rows() -> Iterable[tuple]:
        pk = first
        for account in g.plan:
            contacts = g.contacts_of.get(account.id)
            if not contacts:
                continue
            for _ in range(rng.choices((0, 1, 2, 3), (40, 35, 17, 8))[0]):
                yield make(_gift(g, pk, account, rng.choice(contacts), today, dt, day))
                pk += 1

    return g.writer.write(Gift, rows())


def _gift(g: Generator, pk: int, account: Any, contact: int, today: Any, dt: Any, day: Any) -> dict:
    rng = g.rng
    received = rng.random() < 0.35
    kind, what, occasion, base = rng.choice(RECEIVED if received else GIVEN)
    above = rng.random() < ABOVE_LIMIT
    value = Decimal(rng.randint(60, 400) if above else min(base + rng.randint(0, 10), 50))
    when = today - timedelta(days=rng.randrange(0, HISTORY_DAYS))
    status, decided = ("received", False) if received else ("given", above)
    if above and not received:
        draw = rng.random()
        status = "given" if draw < 0.8 else "refused" if draw < 0.9 else "requested"
        decided = status != "requested"
    manager = g.manager_of.get(account.owner_id)
    noted = above and received and manager is not None and rng.random() < 0.8
    moment = dt(g.rel_now - timedelta(days=(today - when).days))
    return {
        "id": pk,
        "account_id": account.id,
        "contact_id": contact,
        "direction": "received" if received else "given",
        "kind": kind,
        "description": what,
        "value": str(value),
        "date": day(when),
        "occasion": occasion,
        "interest": "",
        "person_id": account.owner_id,
        "status": status,
        "limit": str(DEFAULT_LIMIT),
        "above_limit": above,
        "decided_by_id": manager if decided and manager else None,
        "decided_at": moment if decided and manager else None,
        "decision_comment": "Niet passend." if status == "refused" else "",
        "noted_by_id": manager if noted else None,
        "noted_at": moment if noted else None,
        "decision_mailed_at": moment,
        "flag_mailed_at": moment,
        "created_by_id": account.owner_id,
        "version": 1,
        "created_at": moment,
        "updated_at": moment,
    }


GENERATE = [("gifts", gifts)]
CHOSEN_IDS = [Gift]


def loaded_models() -> list[Any]:
    return [Gift]


def counts() -> dict[str, int]:
    return {"gifts": Gift.objects.count()}


def subjects(s: Subjects) -> None:
    """The account with the most gifts that the manager reads, for its panel."""
    top = (
        queries.gifts_readable(s.personas["manager"])
        .values("account")
        .annotate(n=Count("pk"))
        .order_by("-n", "account")
        .first()
    )
    s.gift_account_id = top["account"] if top else 0
    s.gift_account_gifts = top["n"] if top else 0


SCENARIOS = [
    Scenario("gift list, account manager", url="/gifts/", persona="account_manager"),
    Scenario(
        "gift list, manager", url="/gifts/", persona="manager", note="the team's gifts, latest"
    ),
    Scenario("gifts to decide, manager", url="/gifts/decisions/", persona="manager"),
    Scenario(
        "gift overview of the year, manager",
        url="/gifts/overview/",
        persona="manager",
        note="totals per colleague and per account, summed by the database",
    ),
    Scenario(
        "gifts panel, account with the most gifts",
        url="/accounts/{gift_account_id}/gifts/",
        persona="manager",
        note="{gift_account_gifts} gifts",
    ),
    Scenario("API gift list, manager", url="/api/v1/gifts", persona="manager", api=True),
]
