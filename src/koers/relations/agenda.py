"""The agenda: a person's planned activities of a day or a week, and what is overdue.

Read for `viewer` (who may be the person, their manager or an administrator) through the
viewer's scope, so a manager looking at a team member's week sees what lies in the team's
accounts. A fixed number of queries, whatever the number of activities: each list is one query
with its rows' relations fetched with it, and the overdue lists are capped (OVERDUE_LIMIT) with
their full count beside them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    Commitment,
    CommitmentStatus,
    ContactState,
    VisitReport,
)
from koers.relations.queries import activities_readable
from koers.relations.services.activities import MAX_DURATION

# Each overdue list shows its oldest this many, with the full number: the rows of "not
# completed" carry their actions, and 25 of them cost a busy seller's agenda 40 ms.
OVERDUE_LIMIT = 10
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


# A day shows this many activities in time order and the next ones on request: a day holds a
# handful of appointments, but a day that holds hundreds (imported, or a team's events) rendered
# every row, 3.5 ms each (177 rows: 670 ms of CPU at size L, docs/performance.md, part 3).
DAY_LIMIT = 25


class BadCursor(ValueError):
    """An `after` that is not the key of an activity of the day."""


@dataclass
class DayPage:
    activities: list[Activity]
    after: str  # the key of the last activity shown when more follow, else ""
    more: int


def key_of(activity: Activity) -> str:
    return f"{activity.planned_start.isoformat()}_{activity.pk}"


def _after(cursor: str) -> Q:
    text, _sep, pk_text = cursor.rpartition("_")
    if not pk_text.isdigit() or len(pk_text) > 18:
        raise BadCursor(cursor)
    try:
        at = datetime.fromisoformat(text)
    except ValueError as exc:
        raise BadCursor(cursor) from exc
    if timezone.is_naive(at):
        raise BadCursor(cursor)
    pk = int(pk_text)
    return Q(planned_start__gt=at) | Q(planned_start=at, pk__gt=pk)


def day_page(viewer: User, person: User, day: date, *, after: str = "") -> DayPage:
    """`person`'s first DAY_LIMIT activities of `day` (after the key `after`), how many more
    the day holds and the key to go on from. Three queries, as the week: the day's ids and
    times (which give the rest's number without a COUNT), the rows shown, their contacts.
    Raises BadCursor for an `after` that is no key."""
    times = (
        _activities(viewer, person, contacts=False)
        .filter(planned_start__gte=day_start(day), planned_start__lt=day_start(day + timedelta(1)))
        .order_by("planned_start", "pk")
    )
    if after:
        times = times.filter(_after(after))
    keys = list(times.values_list("pk", "planned_start"))
    shown = [pk for pk, _start in keys[:DAY_LIMIT]]
    rows = _shown(shown)
    found = [rows[pk] for pk in shown if pk in rows]
    more = max(0, len(keys) - DAY_LIMIT)
    return DayPage(found, key_of(found[-1]) if more and found else "", more)


def _shown(ids: list[int]) -> Mapping[int, Activity]:
    """The rows of `ids` (already scoped) with what an agenda row shows."""
    if not ids:
        return {}
    rows = (
        Activity.objects.filter(pk__in=ids)
        .select_related("account", "owner")
        .annotate(has_report=Exists(VisitReport.objects.filter(activity=OuterRef("pk"))))
        .in_bulk()
    )
    prefetch_related_objects(list(rows.values()), "contacts")
    return rows


# The week shows at most this many activities a day, in time order, and links to the day for
# the rest: a day on the road holds a handful of appointments, and a row with its actions costs
# one to two milliseconds to render (docs/performance.md, part 3).
WEEK_DAY_LIMIT = 6


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
    rows = _shown([pk for ids in per_day.values() for pk in ids[:WEEK_DAY_LIMIT]])
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


# An overdue list reads at most this many keys; a longer one (never seen in practice) is counted
# exactly by the database instead.
KEYS_CAP = 2000


@dataclass
class _Keys:
    """One overdue list as keys: its rows' ids and accounts in list order."""

    found: QuerySet
    fetch: Callable[[list[int]], Mapping[int, Any]]
    keys: list[tuple[int, int]]

    def capped(self, readable: set[int], scoped: Callable[[QuerySet], QuerySet]) -> Capped:
        ids = [pk for pk, account in self.keys if account in readable]
        total = len(ids) if len(self.keys) <= KEYS_CAP else scoped(self.found).count()
        rows = self.fetch(ids[:OVERDUE_LIMIT])
        return Capped([rows[pk] for pk in ids[:OVERDUE_LIMIT] if pk in rows], total)


def _keys(found: QuerySet, fetch: Callable[[list[int]], Mapping[int, Any]]) -> _Keys:
    return _Keys(found, fetch, list(found.values_list("pk", "account_id")[: KEYS_CAP + 1]))


def _capped_all(viewer: User, lists: list[_Keys]) -> list[Capped]:
    """Each list's first OVERDUE_LIMIT rows whose account `viewer` may read, and how many
    there are: the lists' keys (one query each, from the person's own index), the readable
    accounts among all of them (one query), then the shown rows by id. The scope is not a
    condition of the lists: the planner, estimating a person's tens of overdue rows at
    thousands, joined them with every readable account by hash (15-30 ms a list at size L,
    docs/performance.md, part 3)."""
    accounts = {account for keys in lists for _pk, account in keys.keys}
    readable = set(
        access.accounts_readable_for_page(viewer)
        .filter(pk__in=sorted(accounts))
        .values_list("pk", flat=True)
        if accounts
        else ()
    )

    def scoped(found: QuerySet) -> QuerySet:
        return found.filter(account__in=access.accounts_readable(viewer).values("pk"))

    return [keys.capped(readable, scoped) for keys in lists]


def _by_id(queryset: QuerySet) -> Callable[[list[int]], Mapping[int, Any]]:
    return lambda ids: queryset.in_bulk(ids) if ids else {}


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
    customer's to chase), and their accounts going cold; each only where `viewer` may read
    the account (`_capped_all`)."""
    start = day_start(today)
    not_completed = Activity.objects.filter(
        _involving(person), status=ActivityStatus.PLANNED, planned_start__lt=start
    ).order_by("planned_start", "pk")
    without_report = (
        Activity.objects.filter(
            owner=person,
            status=ActivityStatus.DONE,
            kind__in=REPORTED_KINDS,
            planned_start__gte=start - timedelta(days=REPORT_WINDOW_DAYS),
        )
        .filter(~Exists(VisitReport.objects.filter(activity=OuterRef("pk"))))
        .order_by("-planned_start", "-pk")
    )
    commitments = Commitment.objects.filter(
        owner=person, status=CommitmentStatus.OPEN, due_date__lte=today
    ).order_by("due_date", "pk")
    accounts_due = ContactState.objects.filter(account__owner=person, due_on__lt=today).order_by(
        "due_on", "account_id"
    )
    shown = _capped_all(
        viewer,
        [
            _keys(not_completed, _shown),
            _keys(without_report, _by_id(Activity.objects.select_related("account"))),
            _keys(commitments, _by_id(Commitment.objects.select_related("account", "contact"))),
            _keys(accounts_due, _by_id(ContactState.objects.select_related("account"))),
        ],
    )
    return Overdue(
        not_completed=shown[0],
        without_report=shown[1],
        commitments=shown[2],
        accounts_due=shown[3],
    )


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=n) for n in range(7)]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def planned_during(person: User, start: datetime, end: datetime) -> list[Activity]:
    """`person`'s planned activities (owned or joined) that take up time between `start` and
    `end`, the earliest first: for the warning when they are planned elsewhere then (stand duty
    at a fair, decision 147). An activity without a duration (a note, an e-mail to write) takes
    none. Not scoped by a viewer: the caller shows a subject and a time. One query: an activity
    lasts at most a day (MAX_DURATION), which bounds how early a clashing one can start."""
    found = (
        Activity.objects.filter(
            _involving(person),
            status=ActivityStatus.PLANNED,
            duration__gt=0,
            planned_start__lt=end,
            planned_start__gt=start - timedelta(minutes=MAX_DURATION),
        )
        .only("subject", "planned_start", "duration")
        .order_by("planned_start", "pk")
    )
    return [a for a in found if a.planned_start + timedelta(minutes=a.duration) > start]
