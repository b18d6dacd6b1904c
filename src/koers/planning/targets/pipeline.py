"""The weighted pipeline of revenue targets: the open opportunities expected to close in the
target's period, each at its value times its probability (the deal's own, else its stage's
default: the forecast's weighting, `sales/opportunities/board.py`), credited like the actuals
(`actuals.py`): an account manager gets the deal's `owner_share`, a colleague on it their
`share`; a team counts its members' credits, each member once.

Grouped queries per level and period whatever the number of targets and deals; Python adds up
the grouped rows. A period that has ended has no pipeline left. Product groups (also an
account manager's and an account's) have none:
a deal's value is not split over product groups (docs/decisions.md, 126).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from koers.core.models import Team
from koers.planning.models.targets import Measure, Target, TargetLevel
from koers.planning.targets.actuals import PERCENT
from koers.sales.models import OPEN_STAGES, Opportunity
from koers.sales.opportunities.board import default_probabilities, weighted_of

ZERO = Decimal("0")
CENT = Decimal("0.01")
_DEC: DecimalField[Decimal, Decimal] = DecimalField(max_digits=24, decimal_places=6)
GROUPS: dict[str, Any] = {
    TargetLevel.COMPANY: Value(0),
    TargetLevel.ACCOUNT: Coalesce("account__parent", "account"),
    TargetLevel.BRANCH: Coalesce("branch", "account"),
    TargetLevel.SEGMENT: F("account__segment"),
}
FIELD = {
    TargetLevel.ACCOUNT: "account_id",
    TargetLevel.BRANCH: "account_id",
    TargetLevel.SEGMENT: "segment_id",
}
OWNER_SHARE = Coalesce("owner_share", Value(Decimal("100")))
# The levels of a product group: a deal's amount is not split over product groups.
NO_PIPELINE = (TargetLevel.PRODUCT_GROUP, TargetLevel.USER_GROUP, TargetLevel.ACCOUNT_GROUP)


def open_deals(start: date, end: date) -> QuerySet[Opportunity]:
    """The open deals expected to close from `start` to `end`."""
    return Opportunity.objects.filter(stage__in=OPEN_STAGES, close_on__gte=start, close_on__lte=end)


def weighted_sums(value: Any) -> dict[str, Any]:
    """The two halves of the weighted value of `value` (see `board.value_sums`)."""
    return {
        "overridden": Sum(
            ExpressionWrapper(value * F("probability"), output_field=_DEC),
            filter=Q(probability__isnull=False),
        ),
        "plain": Sum(
            ExpressionWrapper(value, output_field=_DEC), filter=Q(probability__isnull=True)
        ),
    }


def _add(
    rows: Iterable[dict[str, Any]], group: str, defaults: dict[str, int]
) -> dict[Any, Decimal]:
    found: dict[Any, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        found[row[group]] += weighted_of(row, defaults)
    return found


def person_credits(deals: QuerySet[Opportunity], users: list[int]) -> dict[int, Decimal]:
    """Each person's weighted credit of `deals` (two grouped queries: owners, colleagues)."""
    defaults = default_probabilities()
    owned = (
        deals.filter(owner__in=users)
        .order_by()
        .values("stage", person=F("owner"))
        .annotate(**weighted_sums(F("amount") * OWNER_SHARE * PERCENT))
    )
    shared = (
        deals.filter(members__user__in=users)
        .order_by()
        .values("stage", person=F("members__user"))
        .annotate(**weighted_sums(F("amount") * F("members__share") * PERCENT))
    )
    credits: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for rows in (owned, shared):
        for person, value in _add(rows, "person", defaults).items():
            credits[person] += value
    return credits


def _people_of(level: str, targets: list[Target]) -> dict[int, set[int]]:
    if level != TargetLevel.TEAM:
        return {t.pk: {t.user_id} if t.user_id else set() for t in targets}
    members: dict[int, set[int]] = defaultdict(set)
    through = Team.members.through.objects.filter(team__in={t.team_id for t in targets})
    for team, user in through.values_list("team_id", "user_id"):
        members[team].add(user)
    return {t.pk: members.get(t.team_id or 0, set()) for t in targets}


def weighted_pipeline(
    level: str, targets: list[Target], start: date, end: date, today: date
) -> dict[int, Decimal]:
    """The weighted pipeline of each target (by its pk) of one level and period."""
    found = {t.pk: ZERO for t in targets}
    live = [t for t in targets if t.measure == Measure.REVENUE]
    if not live or end < today or level in NO_PIPELINE:
        return found
    deals = open_deals(start, end)
    if level in (TargetLevel.USER, TargetLevel.TEAM):
        people_of = _people_of(level, live)
        users = sorted({u for people in people_of.values() for u in people})
        credits = person_credits(deals, users)
        for t in live:
            found[t.pk] = sum((credits.get(u, ZERO) for u in people_of[t.pk]), ZERO)
    else:
        rows = (
            deals.order_by()
            .annotate(group_value=GROUPS[TargetLevel(level)])
            .values("group_value", "stage")
            .annotate(**weighted_sums(F("amount")))
        )
        grouped = _add(rows, "group_value", default_probabilities())
        for t in live:
            value = 0 if level == TargetLevel.COMPANY else getattr(t, FIELD[TargetLevel(level)])
            found[t.pk] = grouped.get(value, ZERO)
    return {pk: value.quantize(CENT) for pk, value in found.items()}
