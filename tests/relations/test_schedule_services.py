"""Recurring visit schedules: the dates they plan, how far ahead, once, and what a change or an
end does to the visits already planned."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from koers.core.errors import NotAllowed
from koers.core.schedule import DAILY, run_now
from koers.relations import services
from koers.relations.models import Activity, ActivityKind, ActivityStatus, VisitSchedule
from koers.relations.services.schedules import fill_all
from tests.factories import make_account, make_contact
from tests.relations.factories import at

MONDAY = "2026-12-07 08:00 +01:00"


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen", visit_street="Dorpsstraat 1")


def make(actor, account, **data):
    data.setdefault("subject", "Vaste ronde")
    data.setdefault("every_weeks", 2)
    data.setdefault("starts_on", date(2026, 12, 7))
    data.setdefault("start_time", time(10, 0))
    return services.visit_schedule_make(actor=actor, account=account, **data)


def starts(schedule, **filters) -> list[str]:
    found = Activity.objects.filter(schedule=schedule, **filters).order_by("planned_start")
    return [timezone.localtime(a.planned_start).strftime("%Y-%m-%d %H:%M") for a in found]


@time_machine.travel(MONDAY, tick=False)
def test_making_a_schedule_plans_its_visits_six_weeks_ahead(people, account):
    schedule = make(people.alice, account)

    assert starts(schedule) == [
        "2026-12-07 10:00",
        "2026-12-21 10:00",
        "2027-01-04 10:00",
        "2027-01-18 10:00",
    ]
    first = Activity.objects.filter(schedule=schedule).earliest("planned_start")
    assert (first.kind, first.subject, first.owner, first.location, first.duration) == (
        ActivityKind.VISIT,
        "Vaste ronde",
        people.alice,
        "Dorpsstraat 1, Utrecht",
        60,
    )
    assert account.contact_state.next_planned_at == at("2026-12-07", 10)


@time_machine.travel(MONDAY, tick=False)
def test_the_horizon_is_a_setting(people, account, settings):
    settings.RECURRING_VISITS_WEEKS_AHEAD = 2

    schedule = make(people.alice, account, every_weeks=1)

    assert starts(schedule) == ["2026-12-07 10:00", "2026-12-14 10:00", "2026-12-21 10:00"]


@time_machine.travel(MONDAY, tick=False)
def test_a_date_on_a_public_holiday_moves_to_the_next_working_day(people, account):
    # Christmas Day and New Year's Day 2026/27 are Fridays.
    schedule = make(people.alice, account, every_weeks=1, starts_on=date(2026, 12, 18))

    assert starts(schedule) == [
        "2026-12-18 10:00",
        "2026-12-28 10:00",
        "2027-01-04 10:00",
        "2027-01-08 10:00",
        "2027-01-15 10:00",
    ]
    moved = Activity.objects.get(schedule=schedule, occurrence_on=date(2026, 12, 25))
    assert timezone.localdate(moved.planned_start) == date(2026, 12, 28)


@time_machine.travel(MONDAY, tick=False)
def test_a_schedule_ends_at_its_date_or_after_its_number_of_times(people, account):
    until = make(people.alice, account, ends_on=date(2026, 12, 22))
    three = make(people.alice, account, every_weeks=1, times=3, subject="Drie keer")

    assert starts(until) == ["2026-12-07 10:00", "2026-12-21 10:00"]
    assert starts(three) == ["2026-12-07 10:00", "2026-12-14 10:00", "2026-12-21 10:00"]


@time_machine.travel(MONDAY, tick=False)
def test_a_schedule_from_the_past_plans_only_from_today(people, account):
    schedule = make(people.alice, account, every_weeks=4, starts_on=date(2026, 10, 12), times=4)

    # 12 Oct, 9 Nov (past), 7 Dec, 4 Jan: the past dates count towards the four times.
    assert starts(schedule) == ["2026-12-07 10:00", "2027-01-04 10:00"]


def test_the_daily_job_plans_ahead_day_by_day_and_once(people, account):
    with time_machine.travel(MONDAY, tick=False):
        schedule = make(people.alice, account)
        assert fill_all(date(2026, 12, 7)) == 0
    with time_machine.travel("2026-12-29 04:00 +01:00", tick=False):
        assert fill_all(date(2026, 12, 29)) == 1
        assert fill_all(date(2026, 12, 29)) == 0
        # A retry after a run that stopped before it noted how far it got makes nothing twice.
        VisitSchedule.objects.update(filled_until=None)
        run_now("recurring_visits", date(2026, 12, 29))

    assert starts(schedule)[-2:] == ["2027-01-18 10:00", "2027-02-01 10:00"]
    assert Activity.objects.filter(schedule=schedule).count() == 5
    assert DAILY["recurring_visits"].hour == 4


@time_machine.travel(MONDAY, tick=False)
def test_the_database_refuses_a_second_visit_for_one_date(people, account):
    schedule = make(people.alice, account)
    first = Activity.objects.filter(schedule=schedule).earliest("planned_start")

    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.create(
            account=account,
            kind="visit",
            subject="Twice",
            owner=people.alice,
            planned_start=first.planned_start,
            schedule=schedule,
            occurrence_on=first.occurrence_on,
        )


@time_machine.travel(MONDAY, tick=False)
def test_the_owner_is_the_accounts_owner_or_a_colleague_on_the_team(people, account):
    account.team_members.create(user=people.bob, role="co_account_manager")

    by_bob = make(people.bob, account)
    for_bob = make(people.alice, account, owner=people.bob, subject="Bob's round")

    assert (by_bob.owner, by_bob.created_by) == (people.alice, people.bob)
    assert for_bob.owner == people.bob
    with pytest.raises(ValidationError) as refused:
        make(people.alice, account, owner=people.charlie)
    assert list(refused.value.message_dict) == ["owner"]


@time_machine.travel(MONDAY, tick=False)
def test_the_visits_go_to_the_accounts_owner_once_the_schedules_owner_left_the_team(
    people, account
):
    account.team_members.create(user=people.bob, role="co_account_manager")
    for_bob = make(people.alice, account, owner=people.bob, times=1)
    by_maria = make(people.maria, account, owner=people.maria, times=1, subject="Maria")
    account.team_members.filter(user=people.bob).delete()
    VisitSchedule.objects.filter(pk=for_bob.pk).update(times=None, filled_until=None)

    fill_all(date(2026, 12, 7))

    owners = Activity.objects.filter(schedule=for_bob).order_by("planned_start")
    assert [a.owner for a in owners] == [people.bob, people.alice, people.alice, people.alice]
    assert Activity.objects.get(schedule=by_maria).owner == people.maria


@pytest.mark.parametrize("persona", ["charlie", "mark", "ingrid"])
def test_only_who_may_change_the_account_makes_a_schedule(people, account, persona):
    with pytest.raises(NotAllowed):
        make(getattr(people, persona), account)

    assert VisitSchedule.objects.count() == Activity.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"every_weeks": 0}, "every_weeks"),
        ({"every_weeks": 53}, "every_weeks"),
        ({"ends_on": date(2026, 12, 1)}, "ends_on"),
        ({"ends_on": date(2027, 1, 1), "times": 3}, "times"),
        ({"times": 0}, "times"),
        ({"duration": 2000}, "duration"),
    ],
)
@time_machine.travel(MONDAY, tick=False)
def test_a_schedule_that_makes_no_sense_is_refused_naming_the_field(people, account, data, field):
    with pytest.raises(ValidationError) as refused:
        make(people.alice, account, **data)

    assert list(refused.value.message_dict) == [field]
    assert VisitSchedule.objects.count() == Activity.objects.count() == 0


@time_machine.travel(MONDAY, tick=False)
def test_a_change_follows_into_the_future_visits_not_changed_by_hand(people, account):
    anna = make_contact(account, last_name="Visser")
    schedule = make(people.alice, account)
    moved = Activity.objects.get(schedule=schedule, occurrence_on=date(2026, 12, 21))
    services.activity_reschedule(
        actor=people.alice, activity=moved, planned_start=at("2026-12-22", 15)
    )

    changed = services.visit_schedule_update(
        actor=people.alice,
        schedule=schedule,
        expected_version=schedule.version,
        data={"subject": "Nieuwe ronde", "start_time": time(14, 0)},
        contacts=[anna],
    )

    assert starts(changed) == [
        "2026-12-07 14:00",
        "2026-12-22 15:00",
        "2027-01-04 14:00",
        "2027-01-18 14:00",
    ]
    subjects = dict(Activity.objects.filter(schedule=schedule).values_list("pk", "subject"))
    assert subjects.pop(moved.pk) == "Vaste ronde"
    assert set(subjects.values()) == {"Nieuwe ronde"}
    assert [list(a.contacts.all()) for a in Activity.objects.exclude(pk=moved.pk)] == [[anna]] * 3


@time_machine.travel(MONDAY, tick=False)
def test_a_new_rhythm_cancels_the_dates_it_no_longer_holds_and_plans_the_new_ones(people, account):
    schedule = make(people.alice, account)

    services.visit_schedule_update(
        actor=people.alice, schedule=schedule, expected_version=1, data={"every_weeks": 3}
    )

    assert starts(schedule, status=ActivityStatus.PLANNED) == [
        "2026-12-07 10:00",
        "2026-12-28 10:00",
        "2027-01-18 10:00",
    ]
    assert starts(schedule, status=ActivityStatus.CANCELLED, cancel_reason="schedule") == [
        "2026-12-21 10:00",
        "2027-01-04 10:00",
    ]


@time_machine.travel(MONDAY, tick=False)
def test_ending_cancels_the_future_planned_visits_and_keeps_the_done_ones(people, account):
    schedule = make(people.alice, account)
    first = Activity.objects.filter(schedule=schedule).earliest("planned_start")
    services.activity_complete(actor=people.alice, activity=first)

    ended = services.visit_schedule_end(actor=people.alice, schedule=schedule)

    assert ended.ended_on == date(2026, 12, 7)
    assert starts(schedule, status=ActivityStatus.DONE) == ["2026-12-07 10:00"]
    cancelled = Activity.objects.filter(schedule=schedule, status=ActivityStatus.CANCELLED)
    assert [a.get_cancel_reason_display() for a in cancelled] == ["Schedule ended or changed"] * 3
    assert fill_all(date(2026, 12, 8)) == 0
    with pytest.raises(ValidationError):
        services.visit_schedule_update(
            actor=people.alice, schedule=ended, expected_version=ended.version, data={}
        )


@time_machine.travel(MONDAY, tick=False)
def test_a_branch_has_schedules_of_its_own(people):
    head = make_account(people.alice, "Chain HQ")
    branch = make_account(people.alice, "Chain Utrecht", parent=head)

    schedule = make(people.alice, branch, times=1)

    assert list(Activity.objects.values_list("account__name", flat=True)) == ["Chain Utrecht"]
    assert schedule.account == branch
