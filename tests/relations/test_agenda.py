"""My day and my week: what is planned, what is overdue; acting from the agenda."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.relations import services
from koers.relations.agenda import DAY_LIMIT, OVERDUE_LIMIT, WEEK_DAY_LIMIT
from koers.relations.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    CancelReason,
    CommitmentDirection,
)
from tests.factories import make_account
from tests.relations.factories import at, plan

# A Wednesday; the week runs from Monday 7 December.
TODAY = "2026-12-09 08:00 +01:00"


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


def day_subjects(response) -> list[str]:
    return [a.subject for a in response.context["activities"]]


@time_machine.travel(TODAY, tick=False)
def test_my_day_lists_the_days_activities_in_time_order(people, client_for, account):
    plan(people.alice, account, subject="Afternoon", planned_start=at("2026-12-09", 14))
    plan(people.alice, account, subject="Morning", planned_start=at("2026-12-09", 9))
    plan(people.alice, account, subject="Tomorrow", planned_start=at("2026-12-10", 9))

    response = client_for(people.alice).get(reverse("relations:my_day"))

    assert response.status_code == 200
    assert day_subjects(response) == ["Morning", "Afternoon"]


@time_machine.travel(TODAY, tick=False)
def test_a_colleague_who_joins_sees_the_activity_too(people, client_for, account):
    account.team_members.create(user=people.bob, role="co_account_manager")
    plan(
        people.alice,
        account,
        subject="Together",
        colleagues=[people.bob],
        planned_start=at("2026-12-09"),
    )

    response = client_for(people.bob).get(reverse("relations:my_day"))

    assert day_subjects(response) == ["Together"]


@time_machine.travel(TODAY, tick=False)
def test_an_activity_with_two_colleagues_is_listed_once_for_each(people, client_for, account):
    for colleague in (people.bob, people.maria):
        account.team_members.create(user=colleague, role="co_account_manager")
    plan(
        people.alice,
        account,
        subject="All three",
        colleagues=[people.bob, people.maria],
        planned_start=at("2026-12-09"),
    )
    plan(
        people.alice,
        account,
        subject="Missed together",
        colleagues=[people.bob, people.maria],
        planned_start=at("2026-12-07"),
    )

    for person in (people.alice, people.bob, people.maria):
        page = client_for(person).get(reverse("relations:my_day")).content.decode()
        assert day_subjects(client_for(person).get(reverse("relations:my_day"))) == ["All three"]
        assert page.count("Missed together") == 1


@time_machine.travel(TODAY, tick=False)
def test_overdue_holds_what_was_not_done_reported_or_kept(people, client_for, account):
    plan(people.alice, account, subject="Forgotten", planned_start=at("2026-12-07"))
    unreported = plan(people.alice, account, subject="Unreported", planned_start=at("2026-12-08"))
    services.activity_complete(actor=people.alice, activity=unreported)
    reported = plan(people.alice, account, subject="Reported", planned_start=at("2026-12-08", 12))
    services.report_write(actor=people.alice, activity=reported, data={"discussed": "x"})
    for due in (date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 10)):
        services.commitment_make(
            actor=people.alice,
            account=account,
            direction=CommitmentDirection.OURS,
            description=f"Due {due.day}",
            due_date=due,
        )

    overdue = client_for(people.alice).get(reverse("relations:my_day")).context["overdue"]

    assert [a.subject for a in overdue.not_completed.rows] == ["Forgotten"]
    assert [a.subject for a in overdue.without_report.rows] == ["Unreported"]
    assert [c.description for c in overdue.commitments.rows] == ["Due 8", "Due 9"]
    assert overdue.total == 4


@time_machine.travel(TODAY, tick=False)
def test_visits_without_a_report_look_back_30_days(people, client_for, account):
    for subject, day in (("Last month", "2026-11-09"), ("Too old", "2026-11-08")):
        visit = plan(people.alice, account, subject=subject, planned_start=at(day, 10))
        services.activity_complete(actor=people.alice, activity=visit)

    response = client_for(people.alice).get(reverse("relations:my_day"))

    overdue = response.context["overdue"]
    assert [a.subject for a in overdue.without_report.rows] == ["Last month"]
    assert overdue.without_report.total == 1
    assert "of the last 30 days" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_week_runs_from_monday_with_each_day_and_its_holiday(people, client_for, account):
    plan(people.alice, account, subject="Monday", planned_start=at("2026-12-07"))
    plan(people.alice, account, subject="Sunday", planned_start=at("2026-12-13"))
    plan(people.alice, account, subject="Next week", planned_start=at("2026-12-14"))

    week = client_for(people.alice).get(reverse("relations:my_week")).context["days"]

    assert [d.day for d in week] == [date(2026, 12, 7) + timedelta(n) for n in range(7)]
    assert [a.subject for a in week[0].activities] == ["Monday"]
    assert [a.subject for a in week[6].activities] == ["Sunday"]
    christmas = client_for(people.alice).get(reverse("relations:my_week") + "?day=2026-12-24")
    assert christmas.context["days"][4].holiday == "Christmas Day"


@time_machine.travel(TODAY, tick=False)
def test_a_full_day_in_the_week_shows_its_first_ones_and_links_to_the_day(
    people, client_for, account
):
    for n in range(WEEK_DAY_LIMIT + 2):
        plan(
            people.alice,
            account,
            subject=f"T{n:02}",
            planned_start=at("2026-12-10", 7) + timedelta(minutes=30 * n),
        )

    response = client_for(people.alice).get(reverse("relations:my_week"))

    thursday = response.context["days"][3]
    assert [a.subject for a in thursday.activities] == [f"T{n:02}" for n in range(WEEK_DAY_LIMIT)]
    assert thursday.more == 2
    assert "2 more on this day" in response.content.decode()
    assert "?day=2026-12-10" in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_a_full_day_shows_its_first_activities_and_the_next_ones_on_request(
    people, client_for, account
):
    starts = [at("2026-12-09", 7) + timedelta(minutes=5 * n) for n in range(DAY_LIMIT + 3)]
    for n, start in enumerate(starts):
        plan(people.alice, account, subject=f"T{n:02}", planned_start=start)
    # Two at the same minute as the last one shown: the key (time, id) splits them right.
    plan(people.alice, account, subject="Same A", planned_start=starts[DAY_LIMIT - 1])
    client = client_for(people.alice)

    first = client.get(reverse("relations:my_day"))

    shown = day_subjects(first)
    assert shown == [f"T{n:02}" for n in range(DAY_LIMIT)]
    assert first.context["page"].more == 4
    assert "Show more (4 to go)" in first.content.decode()
    after = first.context["page"].after
    rest = client.get(reverse("relations:my_day"), {"after": after}, HTTP_HX_REQUEST="true")
    assert rest.status_code == 200
    assert day_subjects(rest) == ["Same A", *(f"T{n:02}" for n in range(DAY_LIMIT, DAY_LIMIT + 3))]
    assert "Show more" not in rest.content.decode()
    assert "<html" not in rest.content.decode()
    # An action on a row fetched later comes back to the day, not to the "more" request.
    assert "after=" not in rest.context["next_url"]


@time_machine.travel(TODAY, tick=False)
def test_a_bad_key_for_the_next_activities_is_refused(people, client_for, account):
    response = client_for(people.alice).get(
        reverse("relations:my_day"), {"after": "yesterday_1"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 400
    assert b"after" in response.content


@time_machine.travel(TODAY, tick=False)
def test_the_agenda_makes_the_same_number_of_queries_however_full(people, client_for, account):
    client = client_for(people.alice)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("relations:my_week"))
        return len(queries)

    plan(people.alice, account, planned_start=at("2026-12-10"))
    # More overdue than the agenda lists, so its capped count is asked both times.
    for n in range(OVERDUE_LIMIT + 1):
        plan(people.alice, account, subject=f"Late{n}", planned_start=at("2026-11-02"))
    few = count()
    for n in range(15):
        plan(
            people.alice,
            account,
            subject=f"V{n}",
            planned_start=at("2026-12-10") + timedelta(hours=n),
        )
        plan(people.alice, account, subject=f"Old{n}", planned_start=at("2026-12-01"))
    assert count() == few


def test_a_manager_opens_a_team_members_day_but_other_account_managers_do_not(
    people, client_for, account
):
    plan(people.alice, account, subject="Visit", planned_start=timezone.now())
    url = reverse("relations:my_day") + f"?user={people.alice.pk}"

    assert day_subjects(client_for(people.maria).get(url)) == ["Visit"]
    assert client_for(people.bob).get(url).status_code == 403
    assert client_for(people.charlie).get(url).status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_done_from_the_agenda(people, client_for, account):
    visit = plan(people.alice, account, planned_start=at("2026-12-09", 9))

    response = client_for(people.alice).post(
        reverse("relations:activity_complete", args=[visit.pk]), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    visit.refresh_from_db()
    assert visit.status == ActivityStatus.DONE
    assert 'class="agenda-item status-done"' in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_snoozing_an_overdue_activity_moves_it_from_today(people, client_for, account):
    visit = plan(people.alice, account, planned_start=at("2026-12-02", 11))

    client_for(people.alice).post(
        reverse("relations:activity_snooze", args=[visit.pk]), {"by": "day"}, HTTP_HX_REQUEST="true"
    )
    visit.refresh_from_db()
    assert visit.planned_start == at("2026-12-10", 11)

    client_for(people.alice).post(
        reverse("relations:activity_snooze", args=[visit.pk]), {"by": "week"}
    )
    visit.refresh_from_db()
    assert visit.planned_start == at("2026-12-17", 11)


@time_machine.travel(TODAY, tick=False)
def test_a_row_sent_back_after_snoozing_can_still_be_cancelled_with_a_reason(
    people, client_for, account
):
    visit = plan(people.alice, account, planned_start=at("2026-12-09", 11))

    answer = client_for(people.alice).post(
        reverse("relations:activity_snooze", args=[visit.pk]), {"by": "day"}, HTTP_HX_REQUEST="true"
    )

    html = answer.content.decode()
    assert reverse("relations:activity_cancel", args=[visit.pk]) in html
    assert '<option value="customer">' in html and '<option value="no_show">' in html


def test_cancelling_needs_a_reason_and_keeps_it(people, client_for, account):
    visit = plan(people.alice, account)
    url = reverse("relations:activity_cancel", args=[visit.pk])

    refused = client_for(people.alice).post(url, {"reason": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422
    assert "Say why the activity is cancelled." in refused.content.decode()

    client_for(people.alice).post(url, {"reason": CancelReason.CUSTOMER, "note": "Ill"})
    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason, visit.cancel_note) == (
        ActivityStatus.CANCELLED,
        CancelReason.CUSTOMER,
        "Ill",
    )


def test_rescheduling_to_a_date_and_time(people, client_for, account):
    visit = plan(people.alice, account)

    client_for(people.alice).post(
        reverse("relations:activity_reschedule", args=[visit.pk]),
        {"day": "2026-12-21", "start_time": "13:30"},
    )

    visit.refresh_from_db()
    assert visit.planned_start == timezone.make_aware(datetime(2026, 12, 21, 13, 30))


def test_planning_from_the_agenda_offers_my_accounts(people, client_for, account):
    make_account(people.charlie, "Not mine")

    form = client_for(people.alice).get(reverse("relations:activity_plan")).context["form"]

    assert [a.name for a in form.fields["account"].queryset] == ["Bakkerij Jansen"]


def test_planning_a_visit_on_a_public_holiday_asks_to_confirm(people, client_for, account):
    data = {
        "account": account.pk,
        "kind": ActivityKind.VISIT,
        "subject": "Kerstbezoek",
        "day": "2026-12-25",
        "start_time": "10:00",
        "duration": "60",
    }
    client = client_for(people.alice)

    asked = client.post(reverse("relations:activity_plan"), data)
    assert asked.status_code == 422
    assert list(asked.context["form"].errors) == ["confirm_holiday"]
    assert Activity.objects.count() == 0

    done = client.post(reverse("relations:activity_plan"), {**data, "confirm_holiday": "on"})
    assert done.status_code == 302
    assert done["Location"] == "/agenda/?day=2026-12-25"
    assert Activity.objects.get().planned_start == at("2026-12-25", 10)


def test_an_account_not_mine_cannot_be_posted(people, client_for, account):
    other = make_account(people.charlie, "Not mine")

    response = client_for(people.alice).post(
        reverse("relations:activity_plan"),
        {
            "account": other.pk,
            "kind": "visit",
            "subject": "x",
            "day": "2026-12-21",
            "start_time": "10:00",
            "duration": "60",
        },
    )

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["account"]
    assert Activity.objects.count() == 0
