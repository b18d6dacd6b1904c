"""/api/v1/activities: reads per role, planning, changes with a version, the lifecycle actions,
errors that name the field, retries that create nothing twice, and a fixed number of queries."""

from __future__ import annotations

import pytest
import time_machine

from koers.relations.models import Activity, ActivityStatus
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan

NOT_FOUND = {"detail": "Not found."}
NOW = "2026-12-05T09:00:00+01:00"


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha", visit_street="Dorpsstraat 1", visit_city="Ede")


def subjects(response) -> list[str]:
    return [row["subject"] for row in response.json()["results"]]


def fields(response) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


# --- reading --------------------------------------------------------------------------------


def test_an_account_manager_lists_the_activities_of_the_accounts_they_read(people, api, alpha):
    plan(people.alice, alpha, subject="Early", planned_start=at("2026-12-01"))
    plan(people.alice, alpha, subject="Late", planned_start=at("2026-12-09"))
    plan(people.charlie, make_account(people.charlie, "Charlie BV"), subject="Not hers")

    response = api(people.alice).get("/activities")

    assert response.status_code == 200
    assert (response.json()["count"], subjects(response)) == (2, ["Late", "Early"])


def test_the_list_filters_by_account_owner_kind_status_and_planned_day(people, api, alpha):
    beta = make_account(people.alice, "Beta")
    plan(people.alice, alpha, subject="Visit", planned_start=at("2026-12-07"))
    plan(people.alice, alpha, subject="Call", kind="phone_call", planned_start=at("2026-12-08"))
    plan(people.alice, beta, subject="Other account", planned_start=at("2026-12-07"))
    client = api(people.alice)

    by_account = client.get("/activities", {"account": alpha.pk, "ordering": "planned_start"})
    by_kind = client.get("/activities", {"kind": "phone_call"})
    by_day = client.get("/activities", {"date_from": "2026-12-07", "date_to": "2026-12-07"})
    by_owner = client.get("/activities", {"owner": people.bob.pk})
    by_status = client.get("/activities", {"status": "done"})

    assert subjects(by_account) == ["Visit", "Call"]
    assert subjects(by_kind) == ["Call"]
    assert sorted(subjects(by_day)) == ["Other account", "Visit"]
    assert subjects(by_owner) == subjects(by_status) == []


def test_a_filter_on_an_account_one_cannot_read_is_a_422_like_one_that_does_not_exist(people, api):
    charlies = make_account(people.charlie, "Charlie BV")
    client = api(people.alice)

    hidden = client.get("/activities", {"account": charlies.pk})
    missing = client.get("/activities", {"account": 999999})

    assert hidden.status_code == missing.status_code == 422
    assert fields(hidden) == fields(missing) == [("account", "not_found")]
    assert hidden.json()["errors"][0]["message"] == missing.json()["errors"][0]["message"]


def test_a_bad_date_filter_names_the_parameter(people, api):
    response = api(people.alice).get("/activities", {"date_from": "7-12-2026"})

    assert response.status_code == 422
    assert fields(response) == [("date_from", "schema")]


def test_an_activity_of_an_unreadable_account_is_a_404_like_a_missing_one(people, api):
    theirs = plan(people.charlie, make_account(people.charlie, "Charlie BV"))
    client = api(people.alice)

    for path in (f"/activities/{theirs.pk}", "/activities/999999"):
        response = client.get(path)
        assert (response.status_code, response.json()) == (404, NOT_FOUND)


def test_the_detail_shows_contacts_colleagues_and_the_visiting_address(people, api, alpha):
    anna = make_contact(alpha, first_name="Anna", last_name="Smit")
    alpha.team_members.create(user=people.bob, role="co_account_manager")
    visit = plan(people.alice, alpha, contacts=[anna], colleagues=[people.bob])

    data = api(people.alice).get(f"/activities/{visit.pk}").json()

    assert data["contacts"] == [{"id": anna.pk, "name": "Anna Smit"}]
    assert data["colleagues"] == [{"id": people.bob.pk, "name": str(people.bob)}]
    assert (data["location"], data["status"], data["report_id"]) == (
        "Dorpsstraat 1, Ede",
        "planned",
        None,
    )
    assert data["planned_start"] == "2026-12-07T09:00:00Z"


# --- planning -------------------------------------------------------------------------------


def test_an_account_manager_plans_a_visit_and_a_retry_with_the_same_key_plans_nothing_more(
    people, api, alpha
):
    anna = make_contact(alpha, first_name="Anna", last_name="Smit")
    body = {
        "account_id": alpha.pk,
        "kind": "visit",
        "subject": "Jaargesprek",
        "planned_start": "2026-12-07T10:00:00+01:00",
        "duration": 90,
        "contact_ids": [anna.pk],
        "checklist": ["Prijslijst 2027"],
    }
    client = api(people.alice)

    first = client.post("/activities", body, headers={"Idempotency-Key": "plan-1"})
    retry = client.post("/activities", body, headers={"Idempotency-Key": "plan-1"})

    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert retry["Idempotent-Replayed"] == "true"
    activity = Activity.objects.get()
    assert (activity.subject, activity.owner, activity.duration, activity.location) == (
        "Jaargesprek",
        people.alice,
        90,
        "Dorpsstraat 1, Ede",
    )
    assert first.json()["checklist"] == [{"text": "Prijslijst 2027", "done": False}]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"planned_start": "2026-12-07T10:00:00"}, "planned_start", "schema"),
        ({"planned_start": "2026-13-07T10:00:00+01:00"}, "planned_start", "schema"),
        ({"planned_start": "3026-12-07T10:00:00+01:00"}, "planned_start", "date_range"),
        ({"planned_start": 1765098000}, "planned_start", "schema"),
        ({"duration": 1441}, "duration", "schema"),
        ({"kind": "lunch"}, "kind", "schema"),
        ({"subject": " "}, "subject", "schema"),
        ({"account_id": 999999}, "account_id", "not_found"),
        ({"owner_id": 999999}, "owner_id", "not_found"),
        ({"contact_ids": [999999]}, "contact_ids", "not_at_account"),
        ({"colleague_ids": [999999]}, "colleague_ids", "not_found"),
        ({"unknown": 1}, "unknown", "schema"),
    ],
)
def test_a_bad_plan_names_the_field_and_plans_nothing(people, api, alpha, change, field, code):
    body = {
        "account_id": alpha.pk,
        "kind": "visit",
        "subject": "Jaargesprek",
        "planned_start": "2026-12-07T10:00:00+01:00",
        **change,
    }

    response = api(people.alice).post("/activities", body)

    assert response.status_code == 422
    assert fields(response) == [(field, code)]
    assert not Activity.objects.exists()


def test_contacts_of_another_account_and_owners_off_the_team_are_refused(people, api, alpha):
    carl = make_contact(make_account(people.charlie, "Charlie BV"), last_name="Carl")
    body = {
        "account_id": alpha.pk,
        "kind": "phone_call",
        "subject": "Bellen",
        "planned_start": "2026-12-07T10:00:00+01:00",
    }
    client = api(people.alice)

    elsewhere = client.post("/activities", {**body, "contact_ids": [carl.pk]})
    off_team = client.post("/activities", {**body, "owner_id": people.bob.pk})

    assert fields(elsewhere) == [("contact_ids", "not_at_account")]
    assert fields(off_team) == [("owner_id", "not_on_team")]
    assert not Activity.objects.exists()


def test_planning_with_an_account_one_cannot_read_is_a_422_and_read_only_a_403(people, api):
    charlies = make_account(people.charlie, "Charlie BV")
    alphas = make_account(people.alice, "Alpha")
    body = {"kind": "note", "subject": "Notitie", "planned_start": NOW}

    hidden = api(people.alice).post("/activities", {**body, "account_id": charlies.pk})
    marketing = api(people.mark).post("/activities", {**body, "account_id": alphas.pk})

    assert (hidden.status_code, fields(hidden)) == (422, [("account_id", "not_found")])
    assert marketing.status_code == 403
    assert not Activity.objects.exists()


# --- changing -------------------------------------------------------------------------------


def test_a_change_with_the_current_version_is_saved_and_a_stale_one_is_a_409(people, api, alpha):
    visit = plan(people.alice, alpha, subject="Jaargesprek")
    client = api(people.alice)

    saved = client.patch(f"/activities/{visit.pk}", {"version": 1, "subject": "Kennismaking"})
    stale = client.patch(f"/activities/{visit.pk}", {"version": 1, "duration": 30})

    assert (saved.status_code, saved.json()["subject"], saved.json()["version"]) == (
        200,
        "Kennismaking",
        2,
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["subject"] == "Kennismaking"
    assert [c["field"] for c in stale.json()["changes"]] == ["subject"]
    visit.refresh_from_db()
    assert (visit.subject, visit.duration, visit.version) == ("Kennismaking", 60, 2)


def test_a_change_names_a_bad_contact_and_changes_nothing(people, api, alpha):
    visit = plan(people.alice, alpha)
    carl = make_contact(make_account(people.charlie, "Charlie BV"), last_name="Carl")

    response = api(people.alice).patch(
        f"/activities/{visit.pk}", {"version": 1, "subject": "Nieuw", "contact_ids": [carl.pk]}
    )

    assert (response.status_code, fields(response)) == (422, [("contact_ids", "not_at_account")])
    visit.refresh_from_db()
    assert (visit.subject, visit.version) == ("Quarterly review", 1)


def test_nobody_changes_an_activity_they_may_only_read_or_not_read_at_all(people, api, alpha):
    visit = plan(people.alice, alpha)

    marketing = api(people.mark).patch(f"/activities/{visit.pk}", {"version": 1, "subject": "X"})
    other_team = api(people.charlie).patch(
        f"/activities/{visit.pk}", {"version": 1, "subject": "X"}
    )

    assert (marketing.status_code, other_team.status_code) == (403, 404)
    visit.refresh_from_db()
    assert (visit.subject, visit.version) == ("Quarterly review", 1)


# --- the lifecycle --------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_completing_a_visit_keeps_its_outcome_and_a_second_time_is_a_409(people, api, alpha):
    visit = plan(people.alice, alpha, planned_start=at("2026-12-04"))
    client = api(people.alice)

    done = client.post(f"/activities/{visit.pk}/complete", {"outcome": "Order besproken"})
    again = client.post(f"/activities/{visit.pk}/complete", {})

    assert done.status_code == 200
    assert (done.json()["status"], done.json()["outcome"]) == ("done", "Order besproken")
    assert done.json()["actual_start"] == "2026-12-04T09:00:00Z"
    assert again.status_code == 409
    assert again.json()["detail"] == "This activity is already done."
    assert again.json()["current"]["outcome"] == "Order besproken"


def test_an_end_before_the_start_is_refused_naming_it(people, api, alpha):
    visit = plan(people.alice, alpha)

    response = api(people.alice).post(
        f"/activities/{visit.pk}/complete",
        {"actual_start": "2026-12-07T10:00:00+01:00", "actual_end": "2026-12-07T09:00:00+01:00"},
    )

    assert (response.status_code, fields(response)) == (422, [("actual_end", "dates_order")])
    visit.refresh_from_db()
    assert visit.status == ActivityStatus.PLANNED


def test_cancelling_keeps_the_reason_and_a_cancelled_one_cannot_be_moved(people, api, alpha):
    visit = plan(people.alice, alpha)
    client = api(people.alice)

    cancelled = client.post(
        f"/activities/{visit.pk}/cancel", {"reason": "customer", "note": "Ziek"}
    )
    moved = client.post(
        f"/activities/{visit.pk}/reschedule", {"planned_start": "2026-12-14T10:00:00+01:00"}
    )
    no_reason = client.post(f"/activities/{visit.pk}/cancel", {})

    assert cancelled.status_code == 200
    assert (cancelled.json()["cancel_reason"], cancelled.json()["cancel_note"]) == (
        "customer",
        "Ziek",
    )
    assert moved.status_code == 409
    assert moved.json()["detail"] == "Only a planned activity can be moved."
    assert (no_reason.status_code, fields(no_reason)) == (422, [("reason", "schema")])
    visit.refresh_from_db()
    assert visit.planned_start == at("2026-12-07")


def test_rescheduling_moves_the_planned_start_once_per_key(people, api, alpha):
    visit = plan(people.alice, alpha)
    client = api(people.alice)
    body = {"planned_start": "2026-12-14T10:00:00+01:00", "version": 1}

    moved = client.post(
        f"/activities/{visit.pk}/reschedule", body, headers={"Idempotency-Key": "move-1"}
    )
    retry = client.post(
        f"/activities/{visit.pk}/reschedule", body, headers={"Idempotency-Key": "move-1"}
    )
    stale = client.post(f"/activities/{visit.pk}/reschedule", body)

    assert (moved.status_code, moved.json()["planned_start"]) == (200, "2026-12-14T09:00:00Z")
    assert retry.json() == moved.json()
    assert stale.status_code == 409
    visit.refresh_from_db()
    assert (visit.planned_start, visit.version) == (at("2026-12-14"), 2)


def test_marketing_may_not_complete_and_another_team_gets_a_404(people, api, alpha):
    visit = plan(people.alice, alpha)

    marketing = api(people.mark).post(f"/activities/{visit.pk}/complete", {})
    other_team = api(people.charlie).post(f"/activities/{visit.pk}/cancel", {"reason": "us"})

    assert (marketing.status_code, other_team.status_code) == (403, 404)
    visit.refresh_from_db()
    assert visit.status == ActivityStatus.PLANNED


# --- queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_the_activity_list_makes_a_fixed_number_of_queries(
    people, api, alpha, query_baseline, rows
):
    anna = make_contact(alpha, first_name="Anna")
    alpha.team_members.create(user=people.bob, role="co_account_manager")
    for n in range(rows):
        plan(people.alice, alpha, subject=f"Visit {n}", contacts=[anna], colleagues=[people.bob])
    client = api(people.maria)
    client.get("/users/me")  # the token's first use is recorded once

    # token, owner, the capped count, the page, contacts, colleagues
    with query_baseline("list"):
        response = client.get("/activities", {"page_size": 200, "owner": people.alice.pk})

    assert response.json()["count"] == rows


@time_machine.travel("2026-12-07 08:00 +01:00", tick=False)
def test_an_activity_names_the_schedule_or_the_activity_that_planned_it(people, api, alpha):
    from datetime import date

    from koers.relations import services

    services.follow_up_rule_add(
        actor=people.admin, kind="visit", next_kind="phone_call", working_days=2, subject="Bel"
    )
    schedule = services.visit_schedule_make(
        actor=people.alice, account=alpha, subject="Ronde", every_weeks=4, starts_on=date.today()
    )
    visit = Activity.objects.get(schedule=schedule, occurrence_on=date(2026, 12, 7))
    services.activity_complete(actor=people.alice, activity=visit)
    call = Activity.objects.get(follow_up_of=visit)

    client = api(people.alice)
    shown = client.get(f"/activities/{visit.pk}").json()
    follow_up = client.get(f"/activities/{call.pk}").json()

    assert (shown["schedule_id"], shown["follow_up_of_id"]) == (schedule.pk, None)
    assert (follow_up["schedule_id"], follow_up["follow_up_of_id"]) == (None, visit.pk)
