"""What one target counts: its period's days, its people (a person, or a team's members, each
once), its product groups (a main group with its subgroups) and the filters on order lines,
opportunities, visits and accounts that match `actuals.py`'s grouping. The drill-down lists
(`drilldown.py`) are built on these, so that they list exactly what the figure adds up."""

from __future__ import annotations

import calendar
from datetime import date

from django.db.models import Q

from koers.core.models import Team
from koers.planning.models.targets import PeriodKind, Target, TargetLevel
from koers.sales.models import ProductGroup

PERSON_LEVELS = (TargetLevel.USER, TargetLevel.TEAM, TargetLevel.USER_GROUP)
GROUP_LEVELS = (TargetLevel.PRODUCT_GROUP, TargetLevel.USER_GROUP, TargetLevel.ACCOUNT_GROUP)


def period_range(year: int, period_kind: str, period: int) -> tuple[date, date]:
    """The first and the last day of a month, a quarter or a year."""
    if period_kind == PeriodKind.MONTH:
        first, last = period, period
    elif period_kind == PeriodKind.QUARTER:
        first, last = (period - 1) * 3 + 1, period * 3
    else:
        first, last = 1, 12
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def target_range(target: Target) -> tuple[date, date]:
    return period_range(target.year, target.period_kind, target.period)


def people(target: Target) -> list[int] | None:
    """The people a target on a person counts (each once), or None for other levels."""
    if target.level == TargetLevel.TEAM:
        members = Team.members.through.objects.filter(team=target.team_id)
        return sorted(set(members.values_list("user_id", flat=True)))
    if target.level in (TargetLevel.USER, TargetLevel.USER_GROUP):
        return [target.user_id] if target.user_id else []
    return None


def groups(target: Target) -> list[int] | None:
    """The product group of the target with its subgroups, or None when it has none."""
    if target.level not in GROUP_LEVELS or not target.product_group_id:
        return None
    children = ProductGroup.objects.filter(parent=target.product_group_id)
    return [target.product_group_id, *children.values_list("pk", flat=True)]


def account_filter(level: str, pk: int | None, prefix: str) -> Q:
    """Rows of the target's account, branch or segment, by the relation `prefix` ("order__"
    for order lines through their order, "" for opportunities): an account (also an account's
    product group) counts its branches' rows, a branch its own (as the branch, or as the
    ordering account)."""
    if level in (TargetLevel.ACCOUNT, TargetLevel.ACCOUNT_GROUP):
        main = Q(**{f"{prefix}account": pk, f"{prefix}account__parent__isnull": True})
        return main | Q(**{f"{prefix}account__parent": pk})
    if level == TargetLevel.BRANCH:
        return Q(**{f"{prefix}branch": pk}) | Q(
            **{f"{prefix}branch__isnull": True, f"{prefix}account": pk}
        )
    if level == TargetLevel.SEGMENT:
        return Q(**{f"{prefix}account__segment": pk})
    return Q()


def account_pk(target: Target) -> int | None:
    return target.segment_id if target.level == TargetLevel.SEGMENT else target.account_id
