"""/api/v1/visit-reports: the feed a manager reads, writing a report (which completes its
visit), changing one with a version, and what is refused."""

from __future__ import annotations

import pytest

from koers.relations import services
from koers.relations.models import ActivityStatus, VisitReport
from tests.factories import make_account
from tests.relations.factories import plan

NOT_FOUND = {"detail": "Not found."}


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha")


def fields(response) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


def write(actor, activity, **data):
    data.setdefault("discussed", "Prijzen 2027")
    return services.report_write(actor=actor, activity=activity, data=data)


def test_a_manager_reads_every_report_of_the_team_newest_first(people, api, alpha):
    bravo = make_account(people.bob, "Bravo")
    write(people.alice, plan(people.alice, alpha), discussed="Alice's visit")
    write(people.bob, plan(people.bob, bravo), discussed="Bob's visit")
    charlies = make_account(people.charlie, "Charlie BV")
    write(people.charlie, plan(people.charlie, charlies), discussed="Charlie's visit")

    feed = api(people.maria).get("/visit-reports").json()
    bobs = api(people.maria).get("/visit-reports", {"author": people.bob.pk}).json()

    assert [r["discussed"] for r in feed["results"]] == ["Bob's visit", "Alice's visit"]
    assert [r["account_name"] for r in bobs["results"]] == ["Bravo"]


def test_the_feed_filters_by_the_accounts_tier_as_the_page_does(people, api, alpha):
    key = make_account(people.alice, "Sleutelklant", tier="A")
    write(people.alice, plan(people.alice, alpha), discussed="At C")
    write(people.alice, plan(people.alice, key), discussed="At A")

    feed = api(people.maria).get("/visit-reports", {"tier": "A"}).json()
    wrong = api(people.maria).get("/visit-reports", {"tier": "Z"})

    assert [r["discussed"] for r in feed["results"]] == ["At A"]
    assert wrong.status_code == 422


def test_an_account_manager_does_not_read_a_colleagues_report_on_an_account_they_do_not_serve(
    people, api, alpha
):
    report = write(people.alice, plan(people.alice, alpha))

    listed = api(people.bob).get("/visit-reports").json()
    detail = api(people.bob).get(f"/visit-reports/{report.pk}")

    assert listed["count"] == 0
    assert (detail.status_code, detail.json()) == (404, NOT_FOUND)


def test_writing_the_report_completes_the_visit_and_a_second_one_is_a_409(people, api, alpha):
    visit = plan(people.alice, alpha)
    body = {
        "activity_id": visit.pk,
        "discussed": "Prijzen 2027",
        "agreements": "Offerte sturen\nProefmonsters",
        "next_step": "Offerte nabellen",
        "next_step_date": "2026-12-14",
    }
    client = api(people.alice)

    written = client.post("/visit-reports", body, headers={"Idempotency-Key": "r-1"})
    retry = client.post("/visit-reports", body, headers={"Idempotency-Key": "r-1"})
    second = client.post("/visit-reports", {**body, "discussed": "Iets anders"})

    assert written.status_code == retry.status_code == 201
    assert retry.json() == written.json()
    assert written.json()["author_id"] == people.alice.pk
    assert second.status_code == 409
    assert second.json()["current"]["discussed"] == "Prijzen 2027"
    assert VisitReport.objects.count() == 1
    visit.refresh_from_db()
    assert visit.status == ActivityStatus.DONE
    assert client.get(f"/activities/{visit.pk}").json()["report_id"] == written.json()["id"]


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"discussed": ""}, "discussed", "schema"),
        ({"next_step_date": "2026-12-14"}, "next_step", "needs_field"),
        ({"next_step": "Bellen", "next_step_date": "14-12-2026"}, "next_step_date", "schema"),
        ({"next_step": "Bellen", "next_step_date": "1800-12-14"}, "next_step_date", "date_range"),
        ({"activity_id": 999999}, "activity_id", "not_found"),
    ],
)
def test_a_bad_report_names_the_field_and_leaves_the_visit_planned(
    people, api, alpha, change, field, code
):
    visit = plan(people.alice, alpha)

    response = api(people.alice).post(
        "/visit-reports", {"activity_id": visit.pk, "discussed": "Prijzen", **change}
    )

    assert (response.status_code, fields(response)) == (422, [(field, code)])
    visit.refresh_from_db()
    assert (visit.status, VisitReport.objects.count()) == (ActivityStatus.PLANNED, 0)


def test_a_phone_call_has_no_report_and_an_unreadable_visit_is_not_found(people, api, alpha):
    call = plan(people.alice, alpha, kind="phone_call")
    theirs = plan(people.charlie, make_account(people.charlie, "Charlie BV"))
    client = api(people.alice)

    on_call = client.post("/visit-reports", {"activity_id": call.pk, "discussed": "x"})
    hidden = client.post("/visit-reports", {"activity_id": theirs.pk, "discussed": "x"})

    assert fields(on_call) == [("activity_id", "status")]
    assert fields(hidden) == [("activity_id", "not_found")]
    assert not VisitReport.objects.exists()


def test_a_change_keeps_the_stored_next_step_and_a_stale_version_is_a_409(people, api, alpha):
    report = write(people.alice, plan(people.alice, alpha), next_step="Bellen")
    client = api(people.alice)

    saved = client.patch(
        f"/visit-reports/{report.pk}", {"version": 1, "next_step_date": "2026-12-14"}
    )
    stale = client.patch(f"/visit-reports/{report.pk}", {"version": 1, "needs": "Snel"})

    assert saved.status_code == 200
    assert (saved.json()["next_step"], saved.json()["next_step_date"]) == ("Bellen", "2026-12-14")
    assert stale.status_code == 409
    report.refresh_from_db()
    assert (report.needs, report.version) == ("", 2)


def test_marketing_reads_reports_and_changes_none(people, api, alpha):
    report = write(people.alice, plan(people.alice, alpha))
    client = api(people.mark)

    read = client.get(f"/visit-reports/{report.pk}")
    changed = client.patch(f"/visit-reports/{report.pk}", {"version": 1, "discussed": "X"})

    assert (read.status_code, changed.status_code) == (200, 403)
    report.refresh_from_db()
    assert (report.discussed, report.version) == ("Prijzen 2027", 1)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_report_list_makes_a_fixed_number_of_queries(people, api, alpha, query_baseline, rows):
    for n in range(rows):
        report = write(people.alice, plan(people.alice, alpha, subject=f"Visit {n}"))
        services.report_comment(actor=people.maria, report=report, text="Goed")
    client = api(people.maria)
    client.get("/users/me")

    # token, the capped count, the page, comments with their authors
    with query_baseline("list"):
        response = client.get("/visit-reports", {"page_size": 200})

    assert response.json()["count"] == rows
