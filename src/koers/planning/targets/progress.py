"""Plan against actual (issue 15): per target its actual (`actuals.py`, aggregated in the
database), the deviation in amount and percent, the weighted pipeline of its period
(`pipeline.py`), the forecast to the end of the period (actual + pipeline) and what is still to
close (target - actual - pipeline, never below 0).

The targets come from the reader's scope (`queries.targets_readable`); the figures of a page of
targets take a few grouped queries per level on the page, whatever the number of targets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.models import Role, User
from koers.planning.models.deviations import DeviationCause, TargetDeviation
from koers.planning.models.targets import (
    FIRST_TARGET_YEAR,
    LAST_TARGET_YEAR,
    PERIOD_COUNTS,
    Measure,
    PeriodKind,
    Target,
    TargetLevel,
)
from koers.planning.targets import actuals, pipeline, queries, scopes

ZERO = Decimal("0")
PERCENT = Decimal("0.1")
RELATED = ("team", "user", "account", "product_group", "segment", "deviation")


@dataclass
class Progress:
    target: Target
    actual: Decimal = ZERO
    pipeline: Decimal = ZERO

    @property
    def amount(self) -> Decimal:
        return self.target.amount

    @property
    def deviation(self) -> Decimal:
        return self.actual - self.amount

    @property
    def deviation_percent(self) -> Decimal | None:
        if not self.amount:
            return None
        return (self.deviation * 100 / self.amount).quantize(PERCENT)

    @property
    def realised(self) -> Decimal | None:
        if not self.amount:
            return None
        return (self.actual * 100 / self.amount).quantize(PERCENT)

    @property
    def forecast(self) -> Decimal:
        return self.actual + self.pipeline

    @property
    def still_to_close(self) -> Decimal:
        return max(self.amount - self.actual - self.pipeline, ZERO)

    @property
    def behind(self) -> bool:
        """The forecast falls short of the target: a cause is worth recording."""
        return self.forecast < self.amount

    @property
    def label(self) -> str:
        return target_label(self.target)


def target_label(t: Target) -> str:
    """The target's subject as people name it: the team, the person, the account..."""
    if t.level == TargetLevel.COMPANY:
        return _("Company")
    if t.level == TargetLevel.USER_GROUP:
        return f"{t.user} · {t.product_group}"
    if t.level == TargetLevel.ACCOUNT_GROUP:
        return f"{t.account} · {t.product_group}"
    subject = {
        TargetLevel.TEAM: t.team,
        TargetLevel.USER: t.user,
        TargetLevel.ACCOUNT: t.account,
        TargetLevel.BRANCH: t.account,
        TargetLevel.PRODUCT_GROUP: t.product_group,
        TargetLevel.SEGMENT: t.segment,
    }[TargetLevel(t.level)]
    return str(subject) if subject is not None else ""


def figures(
    targets: list[Target],
    *,
    pipeline_too: bool = True,
    monthly: Callable[..., dict[str, actuals.Monthly]] = actuals.monthly_actuals,
) -> list[Progress]:
    """The progress of each target, in the order given. `pipeline_too=False`: the actuals only
    (no forecast); `monthly`: how the twelve monthly actuals are found (the dashboards share
    them between the figures of a page)."""
    found = {t.pk: Progress(t) for t in targets}
    by_actual: dict[tuple[str, str, int], list[Target]] = defaultdict(list)
    by_period: dict[tuple[str, int, str, int], list[Target]] = defaultdict(list)
    for t in targets:
        by_actual[(t.measure, t.level, t.year)].append(t)
        by_period[(t.level, t.year, t.period_kind, t.period)].append(t)
    for (measure, level, year), group in by_actual.items():
        found_months = monthly(measure, level, [t.ids for t in group], year)
        for t in group:
            months = found_months.get(t.key, actuals.empty())
            found[t.pk].actual = actuals.period_actual(months, t.period_kind, t.period)
    if not pipeline_too:
        return [found[t.pk] for t in targets]
    today = timezone.localdate()
    for (level, year, kind, period), group in by_period.items():
        start, end = scopes.period_range(year, kind, period)
        for pk, value in pipeline.weighted_pipeline(level, group, start, end, today).items():
            found[pk].pipeline = value
    return [found[t.pk] for t in targets]


@dataclass
class ProgressFilters:
    year: int
    period_kind: str = PeriodKind.YEAR
    period: int = 1
    measure: str = Measure.REVENUE
    level: str = ""
    user: int | None = None
    team: int | None = None

    def __post_init__(self) -> None:
        if not FIRST_TARGET_YEAR <= self.year <= LAST_TARGET_YEAR:
            self.year = timezone.localdate().year
        if self.period_kind not in PERIOD_COUNTS:
            self.period_kind = PeriodKind.YEAR
        if not 1 <= self.period <= PERIOD_COUNTS[PeriodKind(self.period_kind)]:
            self.period = 1
        if self.measure not in Measure.values:
            self.measure = Measure.REVENUE
        if self.level not in TargetLevel.values:
            self.level = ""


def default_filters(user: User, **given: Any) -> ProgressFilters:
    """This year's targets of the reader's own level: an account manager's own, a manager's
    teams', the company's for the others."""
    today = timezone.localdate()
    level = TargetLevel.COMPANY
    if user.role == Role.MANAGER:
        level = TargetLevel.TEAM
    elif not queries.reads_company(user):
        level = TargetLevel.USER
    values: dict[str, Any] = {"year": today.year, "level": level, **given}
    return ProgressFilters(**values)


def targets_for(user: User, filters: ProgressFilters) -> QuerySet[Target]:
    """The targets `user` reads that the filters ask for, ordered, with their subjects."""
    found = queries.targets_readable(user).filter(
        year=filters.year,
        period_kind=filters.period_kind,
        period=filters.period,
        measure=filters.measure,
    )
    if filters.level:
        found = found.filter(level=filters.level)
    if filters.user:
        found = found.filter(user=filters.user)
    if filters.team:
        found = found.filter(team=filters.team)
    return found.select_related(*RELATED).order_by("level", "key", "pk")


@dataclass
class CauseCount:
    cause: str
    label: str
    count: int


@dataclass
class CauseCounts:
    rows: list[CauseCount] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)


def cause_counts(targets: QuerySet[Target]) -> CauseCounts:
    """How many of `targets` have each cause of deviation recorded (one grouped query)."""
    counted = dict(
        TargetDeviation.objects.filter(for_target__in=targets.order_by().values("pk"))
        .order_by()
        .values_list("cause")
        .annotate(n=Count("pk"))
    )
    return CauseCounts(
        [CauseCount(c.value, str(c.label), counted.get(c.value, 0)) for c in DeviationCause]
    )
