"""The next step of a deal, when it was last touched, and the one rule for "stale".

The next step is the deal's own next planned activity (one linked to it: `DealActivity`), else
the next one planned at the account for no deal in particular; an activity for another deal of
the account is that deal's, not this one's. The same activities count as touching the deal when
done, and so does a stage move (its creation is one).

Stale: an open deal with no next step whose last touch (the last activity done, the last stage
move, else its creation) is older than its stage's `stale_after_days` (0: never stale). The
list filters on it in SQL (`stale_condition`); the rows a page shows (the board's cards, the
list's page, the API's) are marked after reading by `is_stale`, the same rule in Python, and
the tests hold the two to the same answers (docs/decisions.md, "Activities for a deal", 134).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    DateTimeField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from koers.relations.models import Activity, ActivityStatus
from koers.sales.models import OPEN_STAGES, Opportunity, StageChange, StageSetting


def stale_days() -> dict[str, int]:
    """Per stage the days without a touch before an open deal is stale (one query)."""
    return dict(StageSetting.objects.values_list("stage", "stale_after_days"))


def deal_activities(status: str) -> QuerySet[Activity]:
    """Activities of the outer deal's account with `status`, for this deal or for no deal,
    the deal's own first (correlated: use inside a Subquery over opportunities)."""
    return Activity.objects.filter(
        Q(deal_link__isnull=True) | Q(deal_link__opportunity=OuterRef("pk")),
        account=OuterRef("account_id"),
        status=status,
    )


def touch_columns(rows: QuerySet[Opportunity], *, full: bool = False) -> QuerySet[Opportunity]:
    """`next_step_at` and `next_step_subject` (the deal's own planned activity first),
    `last_done_at` and `last_moved_at`: subqueries in the rows' own query, each once.
    `full` adds the next step's id and `next_step_deal` (the deal's id when it is its own)."""
    planned = deal_activities(ActivityStatus.PLANNED).order_by(
        F("deal_link__opportunity_id").asc(nulls_last=True), "planned_start", "pk"
    )
    done = deal_activities(ActivityStatus.DONE).order_by("-planned_start")
    moved = StageChange.objects.filter(opportunity=OuterRef("pk")).order_by("-at")
    if full:
        rows = rows.annotate(
            next_step_id=Subquery(planned.values("pk")[:1]),
            next_step_deal=Subquery(planned.values("deal_link__opportunity_id")[:1]),
        )
    return rows.annotate(
        next_step_at=Subquery(planned.values("planned_start")[:1]),
        next_step_subject=Subquery(planned.values("subject")[:1]),
        last_done_at=Subquery(done.values("planned_start")[:1]),
        last_moved_at=Subquery(moved.values("at")[:1]),
    )


def with_touch_facts(rows: QuerySet[Opportunity], *, full: bool = False) -> QuerySet[Opportunity]:
    """`touch_columns` and `last_touch`, for filtering on it in SQL (where the database
    repeats the subqueries that `last_touch` is made of)."""
    return touch_columns(rows, full=full).annotate(
        last_touch=Greatest(
            Coalesce("last_done_at", "created_at"),
            Coalesce("last_moved_at", "created_at"),
            output_field=DateTimeField(),
        ),
    )


def is_stale(row: Any, days: dict[str, int], now: datetime) -> bool:
    """`stale_condition` for one row read with `touch_columns`, in Python: rows that are only
    shown (a page, a board's cards) are marked after reading, so that the database runs each
    subquery once instead of once per place the condition names it (docs/decisions.md, 134).
    `tests/sales/test_stale_deals.py` holds both forms to the same answers."""
    limit = days.get(row.stage, 0) if row.stage in OPEN_STAGES else 0
    if not limit or row.next_step_at is not None:
        return False
    touched = max(row.last_done_at or row.created_at, row.last_moved_at or row.created_at)
    return bool(touched < now - timedelta(days=limit))


def mark_stale(rows: list[Any], days: dict[str, int], now: datetime) -> list[Any]:
    """Sets `is_stale` on rows read with `touch_columns`."""
    for row in rows:
        row.is_stale = is_stale(row, days, now)
    return rows


def stale_condition(days: dict[str, int], now: datetime) -> Q | None:
    """The rule, over rows with the touch facts: open, no next step, untouched for the stage's
    days. A stage without days (0) is never stale; None when no stage ever is. The stage picks
    its limit in one CASE, so the touch's subqueries appear once in the SQL."""
    limits = [
        When(stage=stage, then=Value(now - timedelta(days=days[stage])))
        for stage in OPEN_STAGES
        if days.get(stage)
    ]
    if not limits:
        return None
    limit = Case(*limits, default=None, output_field=DateTimeField())
    return Q(next_step_at__isnull=True, last_touch__lt=limit)


def with_stale(
    rows: QuerySet[Opportunity], days: dict[str, int], now: datetime, *, full: bool = False
) -> QuerySet[Opportunity]:
    """The touch facts and `is_stale` (a boolean in the same query)."""
    condition = stale_condition(days, now)
    flag = Value(False) if condition is None else condition
    return with_touch_facts(rows, full=full).annotate(
        is_stale=ExpressionWrapper(flag, output_field=BooleanField())
    )


def only_stale(
    rows: QuerySet[Opportunity], days: dict[str, int], now: datetime
) -> QuerySet[Opportunity]:
    condition = stale_condition(days, now)
    return rows.none() if condition is None else with_touch_facts(rows).filter(condition)
