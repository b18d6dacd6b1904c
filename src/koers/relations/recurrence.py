"""The dates of recurring visit schedules and of follow-ups: pure date arithmetic.

A schedule's nominal dates are `starts_on + n * every_weeks` (n from 0), up to `ends_on` or for
`times` dates. A nominal date on a Dutch public holiday moves to the next working day; the
nominal date stays the occurrence's key, so a move never makes it twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings

from koers.relations.calendar import holiday_name
from koers.relations.models import VisitSchedule


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def off_holiday(day: date) -> date:
    """`day`, or the next working day when `day` is a public holiday."""
    if holiday_name(day) is None:
        return day
    day += timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """`count` working days after `day` (weekends and public holidays skipped)."""
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def horizon(today: date) -> date:
    """The last day for which schedules have their visits planned."""
    return today + timedelta(weeks=settings.RECURRING_VISITS_WEEKS_AHEAD)


def last_date(schedule: VisitSchedule) -> date | None:
    """The schedule's last nominal date; None when it has no end."""
    step = timedelta(weeks=schedule.every_weeks)
    if schedule.times is not None:
        return schedule.starts_on + step * (schedule.times - 1)
    if schedule.ends_on is not None:
        steps = (schedule.ends_on - schedule.starts_on).days // step.days
        return schedule.starts_on + step * max(steps, 0)
    return None


def nominal_dates(schedule: VisitSchedule, start: date, until: date) -> Iterator[date]:
    """The schedule's nominal dates from `start` to `until`, both included."""
    step = timedelta(weeks=schedule.every_weeks)
    last = last_date(schedule)
    if last is not None:
        until = min(until, last)
    skipped = max(0, -(-(start - schedule.starts_on).days // step.days))
    day = schedule.starts_on + step * skipped
    while day <= until:
        yield day
        day += step
