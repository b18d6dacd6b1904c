"""Target realisation: the revenue targets of account managers for the period (a month, a
quarter or a year) against their actual, as plan against actual computes them
(`planning.targets.progress`, the same actuals and credit split). Not for a week or a range:
targets are not set for those."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights import registry
from koers.insights.indicators.common import amount, at_least, source
from koers.insights.periods import Period
from koers.insights.registry import PERCENT, Drill, Indicator, Part, by_owners, register
from koers.planning.models.targets import Measure, Target, TargetLevel
from koers.planning.targets import actuals, progress
from koers.planning.targets.queries import targets_readable


def period_targets(user: User | None, period: Period) -> QuerySet[Target]:
    found = period.target_period()
    # A target is set per person, not per segment or tier: with those filters there is none.
    if found is None or period.accounts:
        return Target.objects.none()
    year, kind, number = found
    return source(user, Target.objects.all(), targets_readable).filter(
        level=TargetLevel.USER, measure=Measure.REVENUE, year=year, period_kind=kind, period=number
    )


def realisation_parts(
    user: User | None, period: Period, owners: list[int] | None
) -> Mapping[int, Part]:
    """Per account manager with a revenue target for the period: actual over target."""
    return _compute(user, period, owners)


def _frozen(rows: list[dict[str, Any]]) -> tuple[Any, ...]:
    return tuple(sorted(tuple(sorted(r.items())) for r in rows))


def _monthly(measure: str, level: str, rows: list[dict[str, Any]], year: int) -> Any:
    """The year's monthly actuals, found once per page: this period, the one compared with
    and pipeline coverage mostly ask for the same people's same year."""
    key = ("target actuals", measure, level, year, _frozen(rows))
    return registry.once(key, lambda: actuals.monthly_actuals(measure, level, rows, year))


def _compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    key = ("realisation", user.pk if user else None, period, tuple(owners or ()), owners is None)
    return registry.once(key, lambda: _realisation(user, period, owners))


def _realisation(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    targets = list(by_owners(period_targets(user, period), owners, "user").order_by("pk"))
    parts: dict[int, Part] = {}
    for row in progress.figures(targets, pipeline_too=False, monthly=_monthly):
        if row.target.user_id is None:
            continue
        before = parts.get(row.target.user_id, Part(Decimal(0), Decimal(0)))
        parts[row.target.user_id] = Part(
            before.value + row.actual, (before.base or Decimal(0)) + row.amount
        )
    return parts


class _Row:
    """A target with its actual, as a drill-down row."""

    def __init__(self, target: Target, actual: Decimal) -> None:
        self.pk = target.pk
        self.target = target
        self.user = target.user
        self.amount = target.amount
        self.actual = actual


class _Rows(list[Any]):
    """The targets with their actuals; quacks enough like a queryset for the export."""

    def iterator(self, chunk_size: int = 0) -> Any:
        return iter(self)

    def count(self) -> int:  # type: ignore[override]
        return len(self)


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    targets = by_owners(period_targets(user, period), None if owner is None else [owner], "user")
    targets = targets.select_related("user").order_by("user__first_name", "user__username", "pk")
    rows = _Rows(_Row(p.target, p.actual) for p in progress.figures(list(targets)))
    columns = (
        Column(_("account manager"), lambda r: r.user.get_full_name() or r.user.username),
        Column(_("target"), lambda r: amount(r.amount)),
        Column(_("actual"), lambda r: amount(r.actual)),
    )
    return Drill(rows, columns, total="actual", owner="")  # type: ignore[arg-type]


register(
    Indicator(
        key="target_realisation",
        area="targets",
        name=_("Target realisation"),
        definition=_("How much of the revenue target of the period is realised."),
        formula=_(
            "Actual revenue ÷ revenue target x 100, over the account managers' own "
            "revenue targets of the month, quarter or year."
        ),
        source=_(
            "Targets (account manager level, revenue) and their actuals as on plan against "
            "actual: delivered orders with the credit split of their opportunity."
        ),
        unit=PERCENT,
        compute=_compute,
        drill=_drill,
        light=at_least(Decimal(100), Decimal(90)),
    )
)
