"""What moved in the pipeline between two dates, from the weekly snapshots (decision 142).

The snapshot "at" a date is the latest one taken on or before it (the state at the start of
that week). Between the snapshot at the start (A) and the one at the end (B):
- **new**: deals open in B that were not open in A (their value in B);
- **advanced**: deals open in both whose stage is further on in B (their value in B);
- **slipped**: deals open in both whose expected close date is later in B (their value in B);
  a deal can have advanced and slipped both;
- **won** / **lost**: deals open in A and no longer in B, now won / not won (their value in A).
New, advanced and slipped count for the owner in B; won and lost for the owner in A.

Every figure is one query on the reader's readable states; the drill-down is the same rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.models import User
from koers.insights.periods import AccountSlice
from koers.insights.snapshot_models import PipelineSnapshot, PipelineState
from koers.sales.models import OPEN_STAGES, Stage

CATEGORIES = ("new", "advanced", "slipped", "won", "lost")
LABELS = {
    "new": _("New"),
    "advanced": _("Advanced"),
    "slipped": _("Slipped"),
    "won": _("Won"),
    "lost": _("Lost"),
}
# Which snapshot a category's rows are from: the end (B) or the start (A).
FROM_START = ("won", "lost")


def states_readable(user: User) -> QuerySet[PipelineState]:
    """The snapshot states of the deals `user` may read: the scope of the deal's account."""
    return access.scope_through_account(PipelineState.objects.all(), user)


def _week_at(day: date) -> Subquery:
    return Subquery(
        PipelineSnapshot.objects.filter(week__lte=day).order_by("-week").values("week")[:1]
    )


def weeks(start: date, end: date) -> tuple[date | None, date | None]:
    """The weeks of the snapshots compared (one query); None where none was taken yet."""
    found = sorted(PipelineSnapshot.objects.filter(week__lte=end).values_list("week", flat=True))
    before = [w for w in found if w <= start]
    return (before[-1] if before else None), (found[-1] if found else None)


def _rank(field: str = "stage") -> Case:
    return Case(
        *(When(**{field: stage}, then=Value(i)) for i, stage in enumerate(OPEN_STAGES)),
        default=Value(-1),
        output_field=IntegerField(),
    )


def _at(rows: QuerySet[PipelineState], week: Any) -> QuerySet[PipelineState]:
    return rows.filter(first_week__lte=week, last_week__gte=week)


def _other(week: Any) -> QuerySet[PipelineState]:
    """The same deal's state in the snapshot of `week` (unscoped: the deal is already read)."""
    return _at(PipelineState.objects.filter(opportunity=OuterRef("opportunity")), week)


def moved(
    user: User | None, start: date, end: date, category: str, accounts: AccountSlice
) -> QuerySet[PipelineState]:
    """The states behind one category: rows of B (new, advanced, slipped) annotated with the
    deal's stage and close date in A (`stage_before`, `close_before`), or rows of A (won,
    lost). No snapshot on or before `start`: nothing moved that can be told."""
    rows = PipelineState.objects.all() if user is None else states_readable(user)
    if accounts:
        rows = rows.filter(**accounts.lookups("account"))
    week_a, week_b = _week_at(start), _week_at(end)
    if category in FROM_START:
        won = Q(opportunity__stage=Stage.WON)
        return (
            _at(rows, week_a)
            .exclude(Exists(_other(week_b)))
            .filter(won if category == "won" else ~won)
        )
    rows = _at(rows, week_b)
    before = _other(week_a)
    if category == "new":
        taken = PipelineSnapshot.objects.filter(week__lte=start)
        return rows.filter(Exists(taken)).exclude(Exists(before))
    rows = rows.annotate(
        stage_before=Subquery(before.values("stage")[:1]),
        close_before=Subquery(before.values("close_on")[:1]),
    ).filter(stage_before__isnull=False)
    if category == "advanced":
        rank_before = Subquery(before.annotate(r=_rank()).values("r")[:1])
        return rows.annotate(rank_now=_rank(), rank_before=rank_before).filter(
            rank_now__gt=F("rank_before")
        )
    return rows.filter(close_on__gt=F("close_before"))
