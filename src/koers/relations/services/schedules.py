"""Recurring visit schedules: make, change and end one, and plan its visits a few weeks ahead.

Planned occurrences are made up to the horizon (`RECURRING_VISITS_WEEKS_AHEAD`) when a schedule
is made or changed, and by the daily job after that. Each occurrence carries its schedule and
nominal date, unique together in the database: a second run of the day, or a retry after a
failure, finds the date taken and makes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.relations.lifecycle import ACTIVITY_LIFECYCLE
from koers.relations.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    CancelReason,
    VisitSchedule,
)
from koers.relations.models.schedules import MAX_EVERY_WEEKS, MAX_TIMES
from koers.relations.norms import refresh_contact_states
from koers.relations.recurrence import horizon, nominal_dates, off_holiday
from koers.relations.services.activities import (
    check_duration,
    may_change_activities,
    moved,
    visiting_address,
)
from koers.relations.services.people import account_people, check_contacts, check_owner

logger = logging.getLogger(__name__)

EDITABLE = (
    "kind",
    "subject",
    "every_weeks",
    "starts_on",
    "ends_on",
    "times",
    "start_time",
    "duration",
    "owner",
)
# What an edit of the schedule carries over to its future occurrences (and the owner).
CARRIED = ("kind", "subject", "duration")


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check(schedule: VisitSchedule) -> None:
    if not 1 <= schedule.every_weeks <= MAX_EVERY_WEEKS:
        raise _error(
            "every_weeks", _("Every 1 to %(most)d weeks.") % {"most": MAX_EVERY_WEEKS}, "range"
        )
    if schedule.ends_on is not None and schedule.times is not None:
        message = _("Give an end date or a number of times, not both.")
        raise _error("times", message, "until_or_times")
    if schedule.ends_on is not None and schedule.ends_on < schedule.starts_on:
        raise _error("ends_on", _("The end lies before the first date."), "dates_order")
    if schedule.times is not None and not 1 <= schedule.times <= MAX_TIMES:
        message = _("From 1 to %(most)d times.") % {"most": MAX_TIMES}
        raise _error("times", message, "range")
    check_duration(schedule.duration)
    schedule.full_clean(exclude=["owner", "account", "created_by"])


@service
def visit_schedule_make(
    *,
    actor: User,
    account: Account,
    subject: str,
    every_weeks: int,
    starts_on: date,
    kind: str = ActivityKind.VISIT,
    ends_on: date | None = None,
    times: int | None = None,
    start_time: time = time(9, 0),
    duration: int = 60,
    owner: User | None = None,
    contacts: Iterable[Contact] = (),
) -> VisitSchedule:
    """A schedule, with its visits up to the horizon planned at once. The owner defaults to the
    account's owner; a colleague on the account team may be chosen (as when planning)."""
    may_change_activities(actor, account)
    owner = owner or account.owner
    check_owner(actor, account, owner)
    contacts = list(contacts)
    check_contacts(account, contacts)
    schedule = VisitSchedule(
        account=account,
        kind=kind,
        subject=subject.strip(),
        every_weeks=every_weeks,
        starts_on=starts_on,
        ends_on=ends_on,
        times=times,
        start_time=start_time,
        duration=duration,
        owner=owner,
        created_by=actor,
    )
    _check(schedule)
    schedule.save()
    schedule.contacts.set(contacts)
    fill(schedule, timezone.localdate())
    return schedule


@service
def visit_schedule_update(
    *,
    actor: User,
    schedule: VisitSchedule,
    expected_version: int,
    data: dict[str, Any],
    contacts: Iterable[Contact] | None = None,
) -> VisitSchedule:
    """Changes the schedule and its future planned occurrences that nobody changed by hand;
    an occurrence whose date the schedule no longer holds is cancelled."""
    may_change_activities(actor, schedule.account)
    locked = lock_version(VisitSchedule, schedule.pk, expected_version)
    if locked.ended_on is not None:
        raise ValidationError(_("An ended schedule cannot be changed."), code="ended")
    for key, value in data.items():
        if key in EDITABLE:
            setattr(locked, key, value)
    if "owner" in data and data["owner"].pk != schedule.owner_id:
        check_owner(actor, locked.account, data["owner"])
    _check(locked)
    if contacts is not None:
        contacts = list(contacts)
        check_contacts(locked.account, contacts)
    locked.filled_until = None
    save_version(locked)
    if contacts is not None:
        locked.contacts.set(contacts)
    _follow_the_schedule(locked)
    fill(locked, timezone.localdate())
    return locked


@service
def visit_schedule_end(*, actor: User, schedule: VisitSchedule) -> VisitSchedule:
    """Ends the schedule today: its future planned occurrences are cancelled (reason: the
    schedule ended); done ones, and planned ones already past, stay as they are."""
    may_change_activities(actor, schedule.account)
    locked = VisitSchedule.objects.select_for_update().get(pk=schedule.pk)
    if locked.ended_on is not None:
        raise ValidationError(_("This schedule has already ended."), code="ended")
    locked.ended_on = timezone.localdate()
    save_version(locked)
    for occurrence in _future(locked):
        _cancel(occurrence)
    refresh_contact_states([locked.account_id])
    return locked


def _future(schedule: VisitSchedule) -> QuerySet[Activity]:
    return Activity.objects.filter(
        schedule=schedule, status=ActivityStatus.PLANNED, planned_start__gte=timezone.now()
    )


def _cancel(occurrence: Activity) -> None:
    # The nominal date is let go, so that the schedule may plan that date again after a change.
    ACTIVITY_LIFECYCLE.move(
        occurrence,
        to=ActivityStatus.CANCELLED,
        cancel_reason=CancelReason.SCHEDULE,
        occurrence_on=None,
        **moved(occurrence),
    )


def _start(schedule: VisitSchedule, nominal: date) -> datetime:
    return timezone.make_aware(datetime.combine(off_holiday(nominal), schedule.start_time))


def _follow_the_schedule(schedule: VisitSchedule) -> None:
    today = timezone.localdate()
    untouched = list(_future(schedule).filter(schedule_version=F("version")))
    # As far as the visits already planned reach, should the horizon have been shortened.
    until = max([horizon(today), *(o.occurrence_on for o in untouched if o.occurrence_on)])
    wanted = set(nominal_dates(schedule, today, until))
    contacts = list(schedule.contacts.all())
    location = visiting_address(schedule.account) if schedule.kind == ActivityKind.VISIT else ""
    owner = _owner(schedule)
    for occurrence in untouched:
        if occurrence.occurrence_on not in wanted:
            _cancel(occurrence)
            continue
        for field in CARRIED:
            setattr(occurrence, field, getattr(schedule, field))
        occurrence.location = location
        occurrence.owner = owner
        occurrence.planned_start = _start(schedule, occurrence.occurrence_on)
        occurrence.version += 1
        occurrence.schedule_version = occurrence.version
        occurrence.save()
        occurrence.contacts.set(contacts)
    refresh_contact_states([schedule.account_id])


def _owner(schedule: VisitSchedule) -> User:
    """The schedule's owner while they still work the account (or may change it: a manager
    who planned for themselves), else the account's owner."""
    owner = schedule.owner
    account = schedule.account
    if owner.is_active and (
        owner.pk in account_people(account) or access.can_change_account(owner, account)
    ):
        return owner
    return schedule.account.owner


def fill(schedule: VisitSchedule, today: date) -> list[Activity]:
    """Plans the schedule's missing occurrences from `today` to the horizon; makes nothing for
    a date that already has one (made before, moved, or cancelled by hand)."""
    until = horizon(today)
    if schedule.ended_on is not None or (
        schedule.filled_until is not None and schedule.filled_until >= until
    ):
        return []
    taken = set(
        Activity.objects.filter(schedule=schedule, occurrence_on__isnull=False).values_list(
            "occurrence_on", flat=True
        )
    )
    missing = [d for d in nominal_dates(schedule, today, until) if d not in taken]
    made = []
    if missing:
        owner = _owner(schedule)
        location = visiting_address(schedule.account) if schedule.kind == ActivityKind.VISIT else ""
        contacts = list(schedule.contacts.all())
        for nominal in missing:
            occurrence = Activity(
                account=schedule.account,
                kind=schedule.kind,
                subject=schedule.subject,
                owner=owner,
                planned_start=_start(schedule, nominal),
                duration=schedule.duration,
                location=location,
                created_by=schedule.created_by,
                schedule=schedule,
                occurrence_on=nominal,
                schedule_version=1,
            )
            occurrence.save()
            occurrence.contacts.set(contacts)
            made.append(occurrence)
        refresh_contact_states([schedule.account_id])
    VisitSchedule.objects.filter(pk=schedule.pk).update(filled_until=until)
    schedule.filled_until = until
    return made


def fill_all(today: date) -> int:
    """The daily job: every running schedule planned up to the horizon, one transaction per
    schedule, so one that fails leaves the others done; a retry makes only what is missing."""
    due = VisitSchedule.objects.filter(ended_on__isnull=True).exclude(
        filled_until__gte=horizon(today)
    )
    made = 0
    for pk in due.values_list("pk", flat=True).iterator():
        try:
            with transaction.atomic():
                schedule = (
                    VisitSchedule.objects.select_for_update()
                    .select_related("account", "owner")
                    .get(pk=pk)
                )
                made += len(fill(schedule, today))
        except IntegrityError:
            # Another run made the same occurrence in the meantime: it exists, which is the aim.
            logger.info("schedule %s was filled by another run", pk)
    return made
