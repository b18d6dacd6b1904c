"""The company's figures (issue 16, "Company: teams side by side, segments, product groups"),
for administrators and the sales director (decision 152).

- `by_team`: every team on the indicators, each the sum of its account managers' parts (a ratio
  over the summed parts, as everywhere), and the company's total over every row read.
- `by_segment`: the segments on the indicators that belong to an account (revenue, pipeline,
  quotes, complaints, contact status), each computed with the period narrowed to the segment.
- `by_product_group`: revenue and margin per main group (its subgroups included) this period and
  the one compared with, from the delivered order lines, in one grouped query.

Every part of a sheet is run together (`registry.run_together`): a handful of statements.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce

from koers.accounts.models import Segment
from koers.core.models import Role, Team, User
from koers.insights import registry
from koers.insights.figures import Figure, by_group, value_of
from koers.insights.indicators.common import SUM
from koers.insights.periods import Period
from koers.insights.registry import ZERO, Indicator, Part
from koers.sales.models import REVENUE_STATUSES, OrderLine, ProductGroup
from koers.sales.orders.queries import orders_readable

BY = ("teams", "segments", "product_groups")
# The indicators of an account, which a segment narrows: results, pipeline, quotes, contact and
# complaints. Targets and activity goals are set per person, so those are on the teams sheet;
# the pipeline's movement is on its own page (a segment there is a filter).
SEGMENT_INDICATORS = (
    "revenue",
    "margin",
    "new_customers",
    "new_customer_revenue",
    "upsell_revenue",
    "pipeline_value",
    "pipeline_weighted",
    "quote_hit_rate",
    "contact_within_norm",
    "complaints_open",
)


@dataclass
class Row:
    id: int
    label: str
    # The drill-down's query string for this row's figures: the period and the team, or the
    # period narrowed to the segment.
    query: str
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Sheet:
    indicators: list[Indicator]
    rows: list[Row]
    totals: list[Figure]


def _members(teams: list[Team]) -> dict[int, list[int]]:
    """Each team's active account managers (one query)."""
    found: dict[int, list[int]] = {t.pk: [] for t in teams}
    through = Team.members.through.objects.filter(
        team__in=teams, user__role=Role.ACCOUNT_MANAGER, user__is_active=True
    )
    for team_id, user_id in through.values_list("team_id", "user_id"):
        found[team_id].append(user_id)
    return found


def _of(parts: Mapping[int, Part], people: list[int]) -> Mapping[int, Part]:
    if isinstance(parts, registry.NotNarrowed):
        return parts
    return {pk: parts[pk] for pk in people if pk in parts}


def by_team(user: User, period: Period) -> Sheet:
    teams = list(Team.objects.order_by("name"))
    members = _members(teams)
    indicators = registry.indicators()
    with registry.shared_work():
        computed = [(i, registry.compute(i, user, period, None)) for i in indicators]
        registry.run_together(parts for _i, parts in computed)
    rows = [Row(t.pk, t.name, f"{period.query()}&team={t.pk}") for t in teams]
    totals = []
    for indicator, parts in computed:
        group = by_group(indicator, period)
        for team, row in zip(teams, rows, strict=True):
            team_parts = _of(parts, members[team.pk])
            row.figures.append(Figure(indicator, value_of(team_parts, indicator), by_group=group))
        totals.append(Figure(indicator, value_of(parts, indicator), by_group=group))
    return Sheet(indicators, rows, totals)


def segment_indicators() -> list[Indicator]:
    return [i for i in registry.indicators() if i.key in SEGMENT_INDICATORS]


def by_segment(user: User, period: Period) -> Sheet:
    segments = list(Segment.objects.order_by("name"))
    indicators = segment_indicators()
    narrowed = [replace(period, accounts=replace(period.accounts, segment=s.pk)) for s in segments]
    with registry.shared_work():
        cells = [[registry.compute(i, user, p, None) for i in indicators] for p in narrowed]
        totals_parts = [registry.compute(i, user, period, None) for i in indicators]
        registry.run_together([*(c for row in cells for c in row), *totals_parts])
    rows = [
        Row(
            segment.pk,
            segment.name,
            slice_period.query(),
            [
                Figure(i, value_of(parts, i), by_group=by_group(i, period))
                for i, parts in zip(indicators, row_parts, strict=True)
            ],
        )
        for segment, slice_period, row_parts in zip(segments, narrowed, cells, strict=True)
    ]
    totals = [
        Figure(i, value_of(p, i), by_group=by_group(i, period))
        for i, p in zip(indicators, totals_parts, strict=True)
    ]
    return Sheet(indicators, rows, totals)


# ---------------------------------------------------------------------------- product groups


@dataclass
class GroupRow:
    group: ProductGroup | None  # None: lines without a product group
    revenue: Decimal
    margin: Decimal
    revenue_before: Decimal | None
    share: Decimal | None = None  # of the total revenue, in percent

    @property
    def label(self) -> str:
        return str(self.group) if self.group is not None else ""


@dataclass
class GroupSheet:
    rows: list[GroupRow]
    revenue: Decimal
    margin: Decimal
    revenue_before: Decimal | None


def by_product_group(user: User, period: Period, before: Period | None) -> GroupSheet:
    """Revenue and margin per main product group, the subgroups counted in their main group;
    with a product group chosen, per group within it (the group itself and its subgroups)."""
    start = min(period.start, before.start) if before else period.start
    end = max(period.end, before.end) if before else period.end
    orders = orders_readable(user).filter(
        status__in=REVENUE_STATUSES,
        delivered_on__gte=start,
        delivered_on__lte=end,
        **period.accounts.lookups("account"),
    )
    now = Q(order__delivered_on__gte=period.start, order__delivered_on__lte=period.end)
    sums = {
        "revenue": Sum("net", filter=now, output_field=SUM),
        "margin": Sum(F("net") - F("cost"), filter=now, output_field=SUM),
    }
    if before is not None:
        then = Q(order__delivered_on__gte=before.start, order__delivered_on__lte=before.end)
        sums["revenue_before"] = Sum("net", filter=then, output_field=SUM)
    # A product group chosen: its own lines and each subgroup's, side by side.
    chosen = period.accounts.product_group is not None
    found = list(
        OrderLine.objects.filter(period.accounts.in_group(), order__in=orders.values("pk"))
        .annotate(
            main=F("product_group")
            if chosen
            else Coalesce("product_group__parent", "product_group")
        )
        .order_by()
        .values("main")
        .annotate(**sums)
    )
    groups = ProductGroup.objects.in_bulk([r["main"] for r in found if r["main"] is not None])
    rows = [
        GroupRow(
            groups.get(r["main"]) if r["main"] is not None else None,
            r["revenue"] or ZERO,
            r["margin"] or ZERO,
            (r.get("revenue_before") or ZERO) if before is not None else None,
        )
        for r in found
    ]
    rows = [r for r in rows if r.revenue or r.margin or r.revenue_before]
    revenue = sum((r.revenue for r in rows), ZERO)
    for r in rows:
        r.share = (r.revenue * 100 / revenue).quantize(Decimal("0.1")) if revenue else None
    rows.sort(key=lambda r: (-r.revenue, r.label))
    before_total = sum((r.revenue_before or ZERO for r in rows), ZERO) if before else None
    return GroupSheet(rows, revenue, sum((r.margin for r in rows), ZERO), before_total)
