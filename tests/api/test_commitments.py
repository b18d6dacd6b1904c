"""/api/v1/commitments: both ways, filters, changes with a version, done on time or not, a new
due date only with a reason (and kept), and what is refused."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from koers.relations import services
from koers.relations.models import Commitment, CommitmentStatus, DueDateChange
from tests.factories import make_account, make_contact

NOT_FOUND = {"detail": "Not found."}
TODAY = "2026-12-05T09:00:00+01:00"


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha")


def fields(response) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


def promise(actor, account, **data):
    data.setdefault("direction", "ours")
    data.setdefault("description", "Offerte sturen")
    data.setdefault("due_date", date(2026, 12, 10))
    return services.commitment_make(actor=actor, account=account, **data)


def descriptions(response) -> list[str]:
    return [row["description"] for row in response.json()["results"]]


@time_machine.travel(TODAY, tick=False)
def test_the_list_filters_both_ways_and_shows_what_is_overdue(people, api, alpha):
    promise(people.alice, alpha, description="Late", due_date=date(2026, 12, 1))
    promise(people.alice, alpha, description="Theirs", direction="theirs")
    promise(people.charlie, make_account(people.charlie, "Charlie BV"), description="Hidden")
    client = api(people.alice)

    everything = client.get("/commitments")
    overdue = client.get("/commitments", {"overdue": "true"})
    theirs = client.get("/commitments", {"direction": "theirs"})
    december = client.get("/commitments", {"date_from": "2026-12-02", "date_to": "2026-12-31"})

    assert descriptions(everything) == ["Late", "Theirs"]
    assert everything.json()["results"][0]["overdue"] is True
    assert descriptions(overdue) == ["Late"]
    assert descriptions(theirs) == descriptions(december) == ["Theirs"]


def test_a_commitment_is_made_to_a_contact_once_per_key(people, api, alpha):
    anna = make_contact(alpha, first_name="Anna", last_name="Smit")
    body = {
        "account_id": alpha.pk,
        "direction": "ours",
        "description": "Offerte sturen",
        "due_date": "2026-12-10",
        "contact_id": anna.pk,
    }
    client = api(people.alice)

    made = client.post("/commitments", body, headers={"Idempotency-Key": "c-1"})
    retry = client.post("/commitments", body, headers={"Idempotency-Key": "c-1"})

    assert made.status_code == retry.status_code == 201
    assert retry.json() == made.json()
    assert (made.json()["contact_name"], made.json()["status"], made.json()["source"]) == (
        "Anna Smit",
        "open",
        "direct",
    )
    assert Commitment.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"due_date": "10-12-2026"}, "due_date", "schema"),
        ({"due_date": "2300-01-01"}, "due_date", "date_range"),
        ({"direction": "both"}, "direction", "schema"),
        ({"source": "visit_report"}, "source", "schema"),
        ({"contact_id": 999999}, "contact_id", "not_at_account"),
        ({"owner_id": 999999}, "owner_id", "not_found"),
        ({"account_id": 999999}, "account_id", "not_found"),
    ],
)
def test_a_bad_commitment_names_the_field_and_makes_nothing(
    people, api, alpha, change, field, code
):
    body = {
        "account_id": alpha.pk,
        "direction": "ours",
        "description": "Offerte",
        "due_date": "2026-12-10",
    }

    response = api(people.alice).post("/commitments", {**body, **change})

    assert (response.status_code, fields(response)) == (422, [(field, code)])
    assert not Commitment.objects.exists()


def test_a_commitment_of_an_unreadable_account_is_a_404_for_every_method(people, api):
    theirs = promise(people.charlie, make_account(people.charlie, "Charlie BV"))
    client = api(people.alice)

    responses = [
        client.get(f"/commitments/{theirs.pk}"),
        client.patch(f"/commitments/{theirs.pk}", {"version": 1, "description": "Mine"}),
        client.post(f"/commitments/{theirs.pk}/done", {}),
        client.post(f"/commitments/{theirs.pk}/cancel"),
        client.post(
            f"/commitments/{theirs.pk}/due-date",
            {"due_date": "2026-12-20", "reason": "x", "version": 1},
        ),
    ]

    assert [(r.status_code, r.json()) for r in responses] == [(404, NOT_FOUND)] * 5
    theirs.refresh_from_db()
    assert (theirs.description, theirs.status, theirs.version) == ("Offerte sturen", "open", 1)


def test_a_change_needs_the_current_version(people, api, alpha):
    made = promise(people.alice, alpha)
    client = api(people.alice)

    saved = client.patch(f"/commitments/{made.pk}", {"version": 1, "description": "Twee offertes"})
    stale = client.patch(f"/commitments/{made.pk}", {"version": 1, "direction": "theirs"})
    due = client.patch(f"/commitments/{made.pk}", {"version": 2, "due_date": "2026-12-31"})

    assert (saved.status_code, saved.json()["description"]) == (200, "Twee offertes")
    assert stale.status_code == 409
    assert (due.status_code, fields(due)) == (422, [("due_date", "schema")])
    made.refresh_from_db()
    assert (made.direction, made.due_date, made.version) == ("ours", date(2026, 12, 10), 2)


def test_a_new_due_date_needs_a_reason_and_is_kept_with_who_and_why(people, api, alpha):
    made = promise(people.alice, alpha)
    client = api(people.alice)

    no_reason = client.post(
        f"/commitments/{made.pk}/due-date", {"due_date": "2026-12-20", "reason": " ", "version": 1}
    )
    moved = client.post(
        f"/commitments/{made.pk}/due-date",
        {"due_date": "2026-12-20", "reason": "Klant op vakantie", "version": 1},
    )

    assert (no_reason.status_code, fields(no_reason)) == (422, [("reason", "schema")])
    assert moved.status_code == 200
    data = moved.json()
    assert (data["due_date"], data["first_due_date"]) == ("2026-12-20", "2026-12-10")
    assert [(c["reason"], c["changed_by_id"]) for c in data["due_date_changes"]] == [
        ("Klant op vakantie", people.alice.pk)
    ]
    assert DueDateChange.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_done_on_time_and_a_done_one_neither_cancels_nor_moves(people, api, alpha):
    made = promise(people.alice, alpha)
    client = api(people.alice)

    future = client.post(f"/commitments/{made.pk}/done", {"done_date": "2026-12-06"})
    done = client.post(f"/commitments/{made.pk}/done", {"note": "Gemaild"})
    cancelled = client.post(f"/commitments/{made.pk}/cancel")
    moved = client.post(
        f"/commitments/{made.pk}/due-date", {"due_date": "2026-12-20", "reason": "x", "version": 1}
    )

    assert (future.status_code, fields(future)) == (422, [("done_date", "future")])
    assert done.status_code == 200
    assert (done.json()["done_date"], done.json()["on_time"]) == ("2026-12-05", True)
    assert cancelled.status_code == moved.status_code == 409
    assert cancelled.json()["detail"] == "A done commitment cannot be cancelled."
    made.refresh_from_db()
    assert (made.status, made.due_date) == (CommitmentStatus.DONE, date(2026, 12, 10))


def test_marketing_reads_commitments_and_changes_none(people, api, alpha):
    made = promise(people.alice, alpha)
    client = api(people.mark)

    read = client.get(f"/commitments/{made.pk}")
    cancelled = client.post(f"/commitments/{made.pk}/cancel")

    assert (read.status_code, cancelled.status_code) == (200, 403)
    made.refresh_from_db()
    assert made.status == CommitmentStatus.OPEN


@pytest.mark.parametrize("rows", [3, 30])
def test_the_commitment_list_makes_a_fixed_number_of_queries(
    people, api, alpha, query_baseline, rows
):
    anna = make_contact(alpha, first_name="Anna")
    for n in range(rows):
        made = promise(people.alice, alpha, description=f"Promise {n}", contact=anna)
        services.commitment_move_due_date(
            actor=people.alice,
            commitment=made,
            due_date=date(2026, 12, 20),
            reason="Later",
            expected_version=1,
        )
    client = api(people.alice)
    client.get("/users/me")

    # token, account, the capped count, the page, due date changes with who changed them
    with query_baseline("list"):
        response = client.get("/commitments", {"page_size": 200, "account": alpha.pk})

    assert response.json()["count"] == rows
