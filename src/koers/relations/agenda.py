"""The agenda: a person's planned activities of a day or a week, and what is overdue.

Read for `viewer` (who may be the person, their manager or an administrator) through the
viewer's scope, so a manager looking at a team member's week sees what lies in the team's
accounts. A fixed number of queries, whatever the number of activities: each list is one query
with its rows' relations fetched with it, and the overdue lists are capped (OVERDUE_LIMIT) with
their full count beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from koers.core import access
from koers.core.lookups import in_subquery
from koers.core.models import User
from koers.relations.models import (
    REPORTED_KINDS,
    Activity,
    ActivityStatus,
    CommitmentStatus,
    ContactState,
    VisitReport,
)
from koers.relations.queries import activities_readable, commitments_readable

OVERDUE_LIMIT = 25
# "Visits without a report" looks back this many days: a report is a task of the weeks after the
# visit, and counting a busy person's every unreported meeting ever read thousands of rows per
# page (docs/performance.md, part 3). Older ones stay on the account's timeline.
REPORT_WINDOW_DAYS = 30


def day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _involving(person: User) -> Q:
    """Owned, or joined as a colleague: the colleagues' list as one array (`in_subquery`), so
    that both sides are read from an index and no join makes rows twice (a DISTINCT over every
    column of the activity and its account cost a busy seller's day 40 ms at size L)."""
    joined = Activity.colleagues.through.objects.filter(user=person).values("activity_id")
    return Q(owner=person) | in_subquery("pk", joined)


def _activities(viewer: User, person: User, contacts: bool = True) -> QuerySet[Activity]:
    found = (
        activities_readable(viewer).filter(_involving(person)).select_related("account", "owner")
    )
    return found.prefetch_related("contacts") if contacts else found


def activities_between(
    viewer: User, person: User, start: date, end: date, *, contacts: bool = True
) -> list[Activity]:
    """`person`'s activities from `start` up to (not including) `end`, in time order; with
    `contacts=False` without their contacts (the caller fetches those of the rows it shows)."""
    return list(
        _activities(viewer, person, contacts)
        .filter(planned_start__gte=day_start(start), planned_start__lt=day_start(end))
        .annotate(has_report=Exists(VisitReport.objects.filter(activity=OuterRef("pk"))))
        .order_by("planned_start", "pk")
    )


# The week shows at most this many activities a day, in time order, and links to the day for
# the rest: a day on the road holds a handful of appointments, and a row with its actions costs
# about a millisecond to render (docs/performance.md, part 3).
WEEK_DAY_LIMIT = 10


@dataclass
class WeekDay:
    day: date
    holiday: str
    activities: list[Activity]
    more: int


def week_of(viewer: User, person: User, monday: date, holiday: Any) -> list[WeekDay]:
    """The seven days from `monday`, each with its first WEEK_DAY_LIMIT activities and how many
    more it holds. Three queries: the week's ids and times, the shown rows, their contacts."""
    times = (
        _activities(viewer, person, contacts=False)
        .filter(
            planned_start__gte=day_start(monday), planned_start__lt=day_start(monday + timedelta(7))
        )
        .order_by("planned_start", "pk")
        .values_list("pk", "planned_start")
    )
    per_day: dict[date, list[int]] = {}
    for pk, start in times:
        per_day.setdefault(timezone.localdate(start), []).append(pk)
    shown = [pk for ids in per_day.values() for pk in ids[:WEEK_DAY_LIMIT]]
    rows = (
        Activity.objects.filter(pk__in=shown)
        .select_related("account", "owner")
        .annotate(has_report=Exists(VisitReport.objects.filter(activity=OuterRef("pk"))))
        .in_bulk()
        if shown
        else {}
    )
    prefetch_related_objects(list(rows.values()), "contacts")
    return [
        WeekDay(
            day,
            holiday(day),
            [rows[pk] for pk in per_day.get(day, [])[:WEEK_DAY_LIMIT] if pk in rows],
            max(0, len(per_day.get(day, [])) - WEEK_DAY_LIMIT),
        )
        for day in week_days(monday)
    ]


@dataclass
class Capped:
    rows: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _capped(queryset: QuerySet) -> Capped:
    rows = list(queryset[:OVERDUE_LIMIT])
    total = len(rows) if len(rows) < OVERDUE_LIMIT else queryset.count()
    return Capped(rows, total)


@dataclass
class Overdue:
    not_completed: Capped
    without_report: Capped
    commitments: Capped
    accounts_due: Capped = field(default_factory=lambda: Capped([], 0))
    report_window: int = REPORT_WINDOW_DAYS

    @property
    def total(self) -> int:
        return (
            self.not_completed.total
            + self.without_report.total
            + self.commitments.total
            + self.accounts_due.total
        )


def overdue(viewer: User, person: User, today: date) -> Overdue:
    """Planned activities before today not completed, visits of the last REPORT_WINDOW_DAYS
    done without a report, the person's open commitments due today or before (ours and the
    customer's to chase), and their accounts going cold."""
    start = day_start(today)
    not_completed = _activities(viewer, person).filter(
        status=ActivityStatus.PLANNED, planned_start__lt=start
    )
    without_report = (
        activities_readable(viewer)
        .filter(
            owner=person,
            status=ActivityStatus.DONE,
            kind__in=REPORTED_KINDS,
            planned_start__gte=start - timedelta(days=REPORT_WINDOW_DAYS),
        )
        .filter(~Exists(VisitReport.objects.filter(activity=OuterRef("pk"))))
        .select_related("account")
        .order_by("-planned_start", "-pk")
    )
    commitments = (
        commitments_readable(viewer)
        .filter(owner=person, status=CommitmentStatus.OPEN, due_date__lte=today)
        .select_related("account", "contact")
        .order_by("due_date", "pk")
    )
    accounts_due = (
        ContactState.objects.filter(
            account__in=access.accounts_readable(viewer).filter(owner=person).values("pk"),
            due_on__lt=today,
        )
        .select_related("account")
        .order_by("due_on", "account_id")
    )
    return Overdue(
        not_completed=_capped(not_completed.order_by("planned_start", "pk")),
        without_report=_capped(without_report),
        commitments=_capped(commitments),
        accounts_due=_capped(accounts_due),
    )


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=n) for n in range(7)]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
