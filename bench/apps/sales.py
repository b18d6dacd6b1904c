"""Sales in the benchmark: the catalogue (2,000 products in two levels of groups at size L) and
the pipeline (two opportunities per account, 200,000 at size L, with three stage changes each
on average, 600,000), some with the DMU of the deal and products; the scenarios of the board,
the opportunity list, the forecast, an opportunity's page and the catalogue. The orders are in
`sales_orders.py`, the quotes in `sales_quotes.py`.

Dates are relative to the day the data is generated, like relations' (the board reads the
deals closed in the last 30 days, the forecast the months from this one on).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bench.apps import sales_orders, sales_quotes
from bench.scenario import Scenario, Subjects
from koers.core.models import Team
from koers.sales.models import (
    Competitor,
    DealContact,
    Opportunity,
    OpportunityLine,
    Order,
    OrderLine,
    Product,
    ProductGroup,
    Quote,
    QuoteLine,
    StageChange,
)
from koers.sales.opportunities import board as pipeline
from koers.sales.opportunities.scope import pipeline_scope

if TYPE_CHECKING:
    from bench.generate import Generator

# At size L (100,000 accounts); smaller sizes scale by their number of accounts.
PRODUCTS_AT_L = 2_000
OPPORTUNITIES_PER_ACCOUNT = 2.0
# How each deal ends up (weights): a year of history, open ones spread over the stages.
STAGES = {
    "prepare": 10,
    "qualify": 10,
    "needs": 10,
    "proposal": 8,
    "negotiation": 5,
    "won": 27,
    "lost": 30,
}
OPEN = ("prepare", "qualify", "needs", "proposal", "negotiation")
# Each earlier open stage is passed through with this chance: three changes a deal on average.
PASSED = 0.52
HISTORY_DAYS = 365
OVERDUE_SHARE = 0.15
WITH_DMU = 0.7
WITH_LINES = 0.25
OVERRIDE_SHARE = 0.1
LOST_REASONS = ("price", "product_fit", "relationship", "timing", "competitor", "no_decision")
COMPETITORS = ("Vion", "Westfort", "Compaxo", "Van Rooi Meat", "Plukon", "Esdor", "Kips")
TITLES = (
    "Uitbreiding assortiment {}",
    "Jaarcontract {}",
    "Nieuwe listing {}",
    "Promotieactie {}",
    "Private label {}",
    "Overstap leverancier {}",
)
ROLES = ("decider", "influencer", "buyer", "user", "gatekeeper")
UNITS = ("kg", "piece", "box", "crate", "litre")


def _scaled(g: Generator, at_l: float, least: int) -> int:
    return max(least, round(at_l * g.size.accounts / 100_000))


def catalogue(g: Generator) -> int:
    """Product groups in two levels and the products in them (ORM: a few thousand rows)."""
    rng = g.rng
    n_products = _scaled(g, PRODUCTS_AT_L, 40)
    n_top = max(3, n_products // 200)
    n_sub = max(n_top, n_products // 25)
    tops = ProductGroup.objects.bulk_create(
        ProductGroup(code=f"G{t:03d}", name_nl=f"Groep {t}", name_en=f"Group {t}", position=t)
        for t in range(n_top)
    )
    subs = ProductGroup.objects.bulk_create(
        ProductGroup(
            code=f"G{s // n_top:03d}-{s:04d}",
            name_nl=f"Subgroep {s}",
            name_en=f"Subgroup {s}",
            parent_id=tops[s % n_top].pk,
            position=s,
        )
        for s in range(n_sub)
    )
    groups = [g_.pk for g_ in subs] or [t.pk for t in tops]
    if any(pk is None for pk in groups):
        codes = [s.code for s in subs]
        groups = list(ProductGroup.objects.filter(code__in=codes).values_list("pk", flat=True))
    start = g.rel_today - timedelta(days=3 * 365)
    products = []
    for i in range(n_products):
        price = Decimal(rng.randint(150, 25_000)) / 100
        products.append(
            Product(
                code=f"P{i:05d}",
                kind="product" if rng.random() < 0.9 else "service",
                group_id=rng.choice(groups),
                name_nl=f"Artikel {i}",
                name_en=f"Article {i}",
                unit=rng.choice(UNITS),
                cost_price=(price * Decimal("0.7")).quantize(Decimal("0.01")),
                list_price=price,
                vat_category="low" if rng.random() < 0.8 else "high",
                active_from=start,
            )
        )
    Product.objects.bulk_create(products, batch_size=1_000)
    g.product_prices = list(Product.objects.values_list("pk", "list_price"))
    g.competitor_ids = [Competitor.objects.get_or_create(name=name)[0].pk for name in COMPETITORS]
    return n_top + n_sub + n_products


def _path(g: Generator, final: str) -> list[str]:
    """The stages a deal went through, the first one being where it was created."""
    rng = g.rng
    before = OPEN[: OPEN.index(final)] if final in OPEN else OPEN
    path = [stage for stage in before if rng.random() < PASSED]
    if final not in OPEN and not path:
        path = [rng.choice(OPEN)]
    return [*path, final]


def _moments(g: Generator, start: datetime, end: datetime, n: int) -> list[datetime]:
    span = max(1, int((end - start).total_seconds()))
    return sorted(start + timedelta(seconds=g.rng.randrange(span)) for _ in range(n))


def opportunities(g: Generator) -> int:
    rng, dt, day = g.rng, g.dt, g.day
    now, today = g.rel_now, g.rel_today
    first = (Opportunity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    make = g.writer.row_maker(Opportunity, ["id", "account_id"])
    stages, weights = list(STAGES), list(itertools.accumulate(STAGES.values()))
    n = round(OPPORTUNITIES_PER_ACCOUNT * len(g.plan))
    g.opportunity_steps: list[tuple[int, int, int, list[tuple[str, datetime]]]] = []
    g.opportunity_extras: list[tuple[int, int, bool]] = []

    def rows() -> Iterable[tuple]:
        for account in rng.choices(g.plan, k=n):
            pk = next(ids)
            final = rng.choices(stages, cum_weights=weights)[0]
            path = _path(g, final)
            created = now - timedelta(seconds=rng.randrange(HISTORY_DAYS * 86_400))
            closed = final not in OPEN
            end = created + timedelta(days=rng.randint(5, 120)) if closed else now
            end = min(end, now)
            moments = _moments(g, created, end, len(path) - 1)
            changes = list(zip(path, [created, *moments], strict=True))
            closed_at = changes[-1][1] if closed else None
            if closed:
                close_on = closed_at.date()
            elif rng.random() < OVERDUE_SHARE:
                close_on = today - timedelta(days=rng.randint(1, 60))
            else:
                close_on = today + timedelta(days=rng.randint(0, 330))
            amount = Decimal(rng.choice((5, 10, 25, 50, 100, 250, 1000)) * rng.randint(10, 100))
            lost = final == "lost"
            reason = rng.choice(LOST_REASONS) if lost else ""
            g.opportunity_steps.append((pk, account.id, account.owner_id, changes))
            g.opportunity_extras.append((pk, account.id, rng.random() < WITH_LINES))
            yield make(
                {
                    "id": pk,
                    "account_id": account.id,
                    "title": rng.choice(TITLES).format(account.name.split(" ")[0])[:200],
                    "amount": str(amount),
                    "close_on": day(close_on),
                    "source": rng.choice(("visit", "visit", "campaign", "inbound", "upsell")),
                    "owner_id": account.owner_id,
                    "owner_share": "100",
                    "stage": final,
                    "probability": rng.choice((25, 50, 60, 80))
                    if rng.random() < OVERRIDE_SHARE and not closed
                    else None,
                    "lost_reason": reason,
                    "lost_to_id": rng.choice(g.competitor_ids) if reason == "competitor" else None,
                    "won_on": day(closed_at.date()) if final == "won" and closed_at else None,
                    "closed_at": dt(closed_at) if closed_at else None,
                    "created_by_id": account.owner_id,
                    "version": len(path),
                    "created_at": dt(created),
                    "updated_at": dt(changes[-1][1]),
                }
            )

    return g.writer.write(Opportunity, rows())


def stage_changes(g: Generator) -> int:
    make = g.writer.row_maker(
        StageChange, ["opportunity_id", "account_id", "from_stage", "to_stage", "by_id", "at"]
    )

    def rows() -> Iterable[tuple]:
        for pk, account_id, owner_id, changes in g.opportunity_steps:
            before = ""
            for stage, at in changes:
                yield make(
                    {
                        "opportunity_id": pk,
                        "account_id": account_id,
                        "from_stage": before,
                        "to_stage": stage,
                        "by_id": owner_id,
                        "at": g.dt(at),
                    }
                )
                before = stage

    count = g.writer.write(StageChange, rows())
    del g.opportunity_steps
    return count


def deal_contacts(g: Generator) -> int:
    """The DMU of most deals: one or two of the account's contacts, often with the decider."""
    rng = g.rng
    make = g.writer.row_maker(
        DealContact, ["opportunity_id", "contact_id", "buying_role", "attitude"]
    )

    def rows() -> Iterable[tuple]:
        for pk, account_id, _lines in g.opportunity_extras:
            contacts = g.contacts_of.get(account_id)
            if not contacts or rng.random() >= WITH_DMU:
                continue
            chosen = rng.sample(contacts, min(len(contacts), rng.choice((1, 1, 2))))
            for i, contact in enumerate(chosen):
                role = "decider" if i == 0 and rng.random() < 0.6 else rng.choice(ROLES)
                yield make(
                    {
                        "opportunity_id": pk,
                        "contact_id": contact,
                        "buying_role": role,
                        "attitude": rng.choice(("supporter", "neutral", "neutral", "critic")),
                    }
                )

    return g.writer.write(DealContact, rows())


def lines(g: Generator) -> int:
    """Products on a quarter of the deals (the deal's value stays as generated)."""
    rng = g.rng
    make = g.writer.row_maker(
        OpportunityLine,
        ["opportunity_id", "product_id", "quantity", "unit_price", "price_source", "amount"],
    )

    def rows() -> Iterable[tuple]:
        for pk, _account_id, with_lines in g.opportunity_extras:
            if not with_lines:
                continue
            for position in range(rng.randint(1, 3)):
                product, price = rng.choice(g.product_prices)
                quantity = rng.randint(1, 200)
                yield make(
                    {
                        "opportunity_id": pk,
                        "product_id": product,
                        "quantity": str(quantity),
                        "unit_price": str(price),
                        "price_source": "list",
                        "amount": str(price * quantity),
                        "position": position,
                    }
                )

    count = g.writer.write(OpportunityLine, rows())
    del g.opportunity_extras, g.product_prices
    return count


GENERATE = [
    ("catalogue", catalogue),
    ("opportunities", opportunities),
    ("stage changes", stage_changes),
    ("deal contacts", deal_contacts),
    ("opportunity lines", lines),
    *sales_orders.GENERATE,
    *sales_quotes.GENERATE,
]
CHOSEN_IDS = [Opportunity, Order, *sales_quotes.CHOSEN_IDS]


def loaded_models() -> list[Any]:
    return [
        ProductGroup,
        Product,
        Opportunity,
        StageChange,
        DealContact,
        OpportunityLine,
        *sales_orders.LOADED,
        *sales_quotes.LOADED,
    ]


def counts() -> dict[str, int]:
    return {
        "products": Product.objects.count(),
        "opportunities": Opportunity.objects.count(),
        "stage changes": StageChange.objects.count(),
        "orders": Order.objects.count(),
        "order lines": OrderLine.objects.count(),
        "quotes": Quote.objects.count(),
        "quote lines": QuoteLine.objects.count(),
    }


def subjects(s: Subjects) -> None:
    """The manager's team (their board's default), the key after the first cards of that
    board's needs column (its "more"), and the biggest deal the manager reads."""
    manager = s.personas["manager"]
    team = Team.objects.filter(manager=manager).order_by("name").first()
    s.pipeline_team = f"team:{team.pk}" if team else ""
    scope = pipeline_scope(manager, {})
    rows = pipeline.board_rows(manager, scope, pipeline.DEFAULT_DAYS)
    _cards, s.board_after = pipeline.cards(rows, "needs")
    big = (
        Opportunity.objects.filter(owner__teams=team)
        .order_by("-amount", "pk")
        .values_list("pk", "amount")
        .first()
        if team
        else None
    )
    s.big_deal_id, s.big_deal_amount = big if big else (0, 0)
    s.team_open = Opportunity.objects.filter(owner__teams=team, stage__in=OPEN).count()
    sales_orders.subjects(s)
    sales_quotes.subjects(s)


def _today() -> date:
    return date.today()


SCENARIOS = [
    Scenario(
        "pipeline board, team, manager",
        url="/opportunities/board/",
        persona="manager",
        note="{team_open} open deals in the team; 7 columns of 20 cards",
    ),
    Scenario(
        "pipeline board, won and lost of a year, manager",
        url="/opportunities/board/",
        persona="manager",
        params=lambda s, i: {"days": "365"},
    ),
    Scenario(
        "pipeline board, account manager", url="/opportunities/board/", persona="account_manager"
    ),
    Scenario(
        "pipeline board, next cards of a column, manager",
        url="/opportunities/board/columns/needs/",
        persona="manager",
        # The key after the first 20 cards ("" when the column has no more: then its first).
        params=lambda s, i: {"after": getattr(s, "board_after", "…")},
    ),
    Scenario("opportunity list, manager", url="/opportunities/", persona="manager"),
    Scenario(
        "opportunity list, closing next month, manager",
        url="/opportunities/",
        persona="manager",
        params=lambda s, i: {
            "close_month": (_today().replace(day=1) + timedelta(days=32)).strftime("%Y-%m")
        },
    ),
    Scenario("forecast, manager", url="/opportunities/forecast/", persona="manager"),
    Scenario(
        "forecast of 12 months, manager",
        url="/opportunities/forecast/",
        persona="manager",
        params=lambda s, i: {"months": "12"},
    ),
    Scenario(
        "forecast, account manager", url="/opportunities/forecast/", persona="account_manager"
    ),
    Scenario(
        "opportunity page, big deal",
        url="/opportunities/{big_deal_id}/",
        persona="manager",
        note="value {big_deal_amount}",
    ),
    Scenario("catalogue, account manager", url="/catalogue/", persona="account_manager"),
    Scenario(
        "API product list, account manager",
        url="/api/v1/products",
        persona="account_manager",
        api=True,
    ),
    Scenario(
        "API opportunity list, manager", url="/api/v1/opportunities", persona="manager", api=True
    ),
    *sales_orders.SCENARIOS,
    *sales_quotes.SCENARIOS,
]
