"""/api/v1/complaints: the list filters as the page, every move of the lifecycle as an action
that calls the page's service (who may, what is required, which status allows it), hand-over,
tasks and comments; refusals are 403/404/409/422 that name the reason, never a 500."""

from __future__ import annotations

import pytest
import time_machine

from koers.complaints import services
from koers.complaints.models import Complaint, ComplaintStatus, ComplaintStep
from koers.relations.models import Activity, ActivityStatus
from tests.complaints.factories import make_category, make_complaint
from tests.factories import make_account, make_contact
from tests.sales.factories import make_group, make_product

S = ComplaintStatus
TODAY = "2026-12-05T09:00:00+01:00"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


@pytest.fixture
def anna(account):
    return make_contact(account, first_name="Anna", last_name="Bakker")


# The body of each action that its service needs.
BODIES = {
    "start": {"note": "Called the buyer"},
    "solve": {"solution": "New pallets delivered"},
    "verify": {"answer": "All fine now"},
    "reject": {"reason": "Transport damage, not ours"},
    "reopen": {"reason": "Still one pallet missing"},
    "follow-up": {"satisfied": True, "comment": "Happy"},
}
# The status each action needs to be allowed, and the status it leads to.
FROM_TO = {
    "start": (S.RECEIVED, S.IN_PROGRESS),
    "solve": (S.IN_PROGRESS, S.SOLVED),
    "verify": (S.SOLVED, S.VERIFIED),
    "reject": (S.RECEIVED, S.REJECTED),
    "reopen": (S.SOLVED, S.IN_PROGRESS),
    "follow-up": (S.SOLVED, S.VERIFIED),
}
# Alice owns the account; maria manages her team; the administrator handles everything; mark
# (marketing) reads it but may not handle it; bob, charlie and ingrid do not see it.
PERSONAS = {
    "alice": 200,
    "maria": 200,
    "admin": 200,
    "mark": 403,
    "bob": 404,
    "charlie": 404,
    "ingrid": 404,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", FROM_TO)
def test_each_move_is_allowed_to_who_handles_the_complaint(people, api, account, action, persona):
    before, after = FROM_TO[action]
    complaint = make_complaint(people.alice, account, before)

    response = api(getattr(people, persona)).post(
        f"/complaints/{complaint.pk}/{action}", BODIES[action]
    )

    assert response.status_code == PERSONAS[persona], response.json()
    stored = Complaint.objects.get(pk=complaint.pk)
    if response.status_code == 200:
        assert (response.json()["status"], stored.status) == (after, after)
        assert response.json()["version"] == stored.version
    else:
        assert stored.status == before
        assert stored.version == complaint.version


@pytest.mark.parametrize("action", FROM_TO)
def test_a_colleague_given_a_task_may_move_it(people, api, account, action):
    before, after = FROM_TO[action]
    complaint = make_complaint(people.alice, account, before)
    services.complaint_task_assign(
        actor=people.alice, complaint=complaint, assignee=people.ingrid, description="Check it"
    )

    response = api(people.ingrid).post(f"/complaints/{complaint.pk}/{action}", BODIES[action])

    assert (response.status_code, response.json()["status"]) == (200, after)


# Every status an action's move does not start from, with the reason the lifecycle gives.
REFUSED = [
    ("start", S.IN_PROGRESS, "This complaint is already in progress."),
    ("start", S.SOLVED, "To take up a solved or rejected complaint again, reopen it"),
    ("start", S.VERIFIED, "The customer confirmed this complaint was solved"),
    ("solve", S.SOLVED, "Only an open complaint can be solved."),
    ("solve", S.VERIFIED, "Only an open complaint can be solved."),
    ("solve", S.REJECTED, "Only an open complaint can be solved."),
    ("verify", S.RECEIVED, "Only a solved complaint can be verified with the customer."),
    ("verify", S.IN_PROGRESS, "Only a solved complaint can be verified with the customer."),
    ("verify", S.REJECTED, "Only a solved complaint can be verified with the customer."),
    ("verify", S.VERIFIED, "Only a solved complaint can be verified with the customer."),
    ("reject", S.SOLVED, "Only an open complaint can be rejected."),
    ("reject", S.VERIFIED, "Only an open complaint can be rejected."),
    ("reopen", S.RECEIVED, "Only a solved or rejected complaint can be reopened."),
    ("reopen", S.IN_PROGRESS, "This complaint is already in progress."),
    ("reopen", S.VERIFIED, "The customer confirmed this complaint was solved"),
    ("follow-up", S.RECEIVED, "Only a solved complaint can be verified with the customer."),
    ("follow-up", S.VERIFIED, "Only a solved complaint can be verified with the customer."),
]


@pytest.mark.parametrize(("action", "status", "reason"), REFUSED)
def test_a_move_its_status_does_not_allow_is_a_409_with_the_reason(
    people, api, account, action, status, reason
):
    complaint = make_complaint(people.alice, account, status)
    steps = ComplaintStep.objects.count()

    response = api(people.alice).post(f"/complaints/{complaint.pk}/{action}", BODIES[action])

    assert response.status_code == 409
    assert response.json()["detail"].startswith(reason)
    assert response.json()["current"]["status"] == status
    assert Complaint.objects.get(pk=complaint.pk).status == status
    assert ComplaintStep.objects.count() == steps


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("solve", {"solution": "  "}, "solution"),
        ("solve", {}, "solution"),
        ("verify", {"answer": ""}, "answer"),
        ("reject", {"reason": ""}, "reason"),
        ("reopen", {}, "reason"),
        ("follow-up", {"satisfied": False, "comment": ""}, "comment"),
        ("follow-up", {"comment": "Fine"}, "satisfied"),
    ],
)
def test_a_move_without_its_text_is_a_422_naming_the_field(
    people, api, account, action, body, field
):
    complaint = make_complaint(
        people.alice, account, S.SOLVED if "follow" in action else S.RECEIVED
    )
    before = complaint.status

    response = api(people.alice).post(f"/complaints/{complaint.pk}/{action}", body)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert Complaint.objects.get(pk=complaint.pk).status == before


def test_solving_plans_the_follow_up_and_its_answer_reopens(people, api, account, anna):
    complaint = make_complaint(people.alice, account, S.IN_PROGRESS, contact=anna)
    client = api(people.alice)

    solved = client.post(f"/complaints/{complaint.pk}/solve", BODIES["solve"]).json()
    activity = Activity.objects.get(pk=solved["follow_up_activity_id"])
    reopened = client.post(
        f"/complaints/{complaint.pk}/follow-up",
        {"satisfied": False, "comment": "One pallet missing"},
    ).json()

    assert activity.status == ActivityStatus.PLANNED
    assert (reopened["status"], reopened["reopen_reason"], reopened["times_reopened"]) == (
        S.IN_PROGRESS,
        "One pallet missing",
        1,
    )
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.DONE


def test_a_complaint_is_registered_once_per_key_for_the_account_owner(people, api, account, anna):
    category = make_category("Delivery")
    body = {
        "account_id": account.pk,
        "category_id": category.pk,
        "description": "Pallets arrived broken",
        "contact_id": anna.pk,
        "severity": "high",
        "promised_on": "2026-12-10",
    }
    client = api(people.alice)

    first = client.post("/complaints", body, headers={"Idempotency-Key": "c-1"})
    retry = client.post("/complaints", body, headers={"Idempotency-Key": "c-1"})

    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    data = first.json()
    assert (data["status"], data["owner_id"], data["contact_name"], data["severity"]) == (
        "received",
        people.alice.pk,
        "Anna Bakker",
        "high",
    )
    assert Complaint.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"category_id": 999999}, "category_id", "not_found"),
        ({"contact_id": "elsewhere"}, "contact_id", "not_at_account"),
        ({"owner_id": "charlie"}, "owner_id", "not_on_team"),
        ({"received_at": "2027-01-01T10:00:00+01:00"}, "received_at", "future"),
        ({"severity": "urgent"}, "severity", "schema"),
    ],
)
def test_a_bad_registration_is_a_422_naming_the_field(people, api, account, change, field, code):
    elsewhere = make_contact(make_account(people.alice, "Other"))
    names = {"elsewhere": elsewhere.pk, "charlie": people.charlie.pk}
    body = {
        "account_id": account.pk,
        "category_id": make_category().pk,
        "description": "Late",
        **{k: names.get(v, v) for k, v in change.items()},
    }

    response = api(people.alice).post("/complaints", body)

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert Complaint.objects.count() == 0


def test_registering_needs_an_account_one_may_change(people, api, account):
    body = {"account_id": account.pk, "category_id": make_category().pk, "description": "Late"}

    assert api(people.mark).post("/complaints", body).status_code == 403
    assert api(people.charlie).post("/complaints", body).status_code == 422
    assert Complaint.objects.count() == 0


def test_a_change_keeps_the_version_and_a_stale_one_is_a_409(people, api, account):
    complaint = make_complaint(people.alice, account)
    client = api(people.alice)

    changed = client.patch(
        f"/complaints/{complaint.pk}", {"version": 1, "agreed_handling": "Credit note"}
    )
    stale = client.patch(f"/complaints/{complaint.pk}", {"version": 1, "product_name": "Flour"})

    assert (changed.status_code, changed.json()["agreed_handling"]) == (200, "Credit note")
    assert stale.status_code == 409
    assert stale.json()["current"]["agreed_handling"] == "Credit note"
    assert Complaint.objects.get(pk=complaint.pk).product_name == ""
    assert (
        api(people.mark)
        .patch(f"/complaints/{complaint.pk}", {"version": 2, "product_name": "Flour"})
        .status_code
        == 403
    )


def test_a_hand_over_to_someone_off_the_team_is_refused(people, api, account):
    complaint = make_complaint(people.alice, account)
    client = api(people.alice)

    refused = client.post(f"/complaints/{complaint.pk}/hand-over", {"owner_id": people.charlie.pk})
    by_mark = api(people.mark).post(
        f"/complaints/{complaint.pk}/hand-over", {"owner_id": people.mark.pk}
    )

    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [
        ("owner_id", "not_on_team")
    ]
    assert by_mark.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).owner == people.alice


def test_a_hand_over_to_the_manager_is_on_the_timeline(people, api, account):
    complaint = make_complaint(people.alice, account)

    response = api(people.maria).post(
        f"/complaints/{complaint.pk}/hand-over", {"owner_id": people.maria.pk}
    )

    assert (response.status_code, response.json()["owner_id"]) == (200, people.maria.pk)
    assert list(complaint.steps.values_list("kind", "note")) == [
        ("received", ""),
        ("handed_over", str(people.maria)),
    ]


def test_the_list_filters_like_the_page(people, api, account):
    make_complaint(people.alice, account, description="Open one", promised_on=None)
    make_complaint(people.alice, account, S.VERIFIED, description="Closed one")
    make_complaint(people.charlie, make_account(people.charlie), description="Not hers")
    client = api(people.alice)

    everything = client.get("/complaints")
    open_ones = client.get("/complaints", {"status": "open"})

    assert [c["description"] for c in everything.json()["results"]] == ["Open one", "Closed one"]
    assert [c["description"] for c in open_ones.json()["results"]] == ["Open one"]
    assert client.get("/complaints", {"account": 999999}).status_code == 422
    assert client.get("/complaints", {"status": "lost"}).status_code == 422


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_makes_a_fixed_number_of_queries(people, api, account, anna, query_baseline, size):
    for n in range(size):
        about = {"product": make_product()} if n % 2 else {"product_group": make_group()}
        make_complaint(people.alice, account, description=f"Complaint {n}", contact=anna, **about)
    client = api(people.maria)
    client.get("/complaints")  # the token's first use

    with query_baseline("list"):
        response = client.get("/complaints")

    assert len(response.json()["results"]) == size


def test_tasks_and_comments_are_read_and_written_by_who_may(people, api, account):
    complaint = make_complaint(people.alice, account)
    alice = api(people.alice)

    task = alice.post(
        f"/complaints/{complaint.pk}/tasks",
        {"assignee_id": people.ingrid.pk, "description": "Check the delivery"},
    )
    to_mark = alice.post(
        f"/complaints/{complaint.pk}/tasks", {"assignee_id": people.mark.pk, "description": "X"}
    )
    comment = api(people.ingrid).post(
        f"/complaints/{complaint.pk}/comments", {"text": "Stock checked, @alice"}
    )
    done = api(people.ingrid).post(f"/complaints/{complaint.pk}/tasks/{task.json()['id']}/done")

    assert task.status_code == 201
    assert [(e["field"], e["code"]) for e in to_mark.json()["errors"]] == [("assignee_id", "role")]
    assert (comment.status_code, comment.json()["mentioned_ids"]) == (201, [people.alice.pk])
    assert done.status_code == 200 and done.json()["done_at"] is not None
    tasks = alice.get(f"/complaints/{complaint.pk}/tasks").json()
    assert [(t["assignee_id"], t["done_at"] is not None) for t in tasks] == [
        (people.ingrid.pk, True)
    ]
    comments = alice.get(f"/complaints/{complaint.pk}/comments").json()
    assert [c["text"] for c in comments] == ["Stock checked, @alice"]
    assert (
        api(people.mark).post(f"/complaints/{complaint.pk}/comments", {"text": "Hi"}).status_code
        == 403
    )
    assert api(people.bob).get(f"/complaints/{complaint.pk}/comments").status_code == 404


def test_the_list_sorts_by_the_promised_date_both_ways(people, api, account):
    """The reverse of an order with its nulls last (the page's header sorts it too)."""
    for day, text in ((10, "Tenth"), (None, "Unpromised"), (8, "Eighth")):
        promised = f"2026-12-{day:02d}" if day else None
        make_complaint(people.alice, account, description=text, promised_on=promised)
    client = api(people.alice)

    up = client.get("/complaints", {"ordering": "promised_on"}).json()["results"]
    down = client.get("/complaints", {"ordering": "-promised_on"}).json()["results"]
    again = client.get("/complaints", {"ordering": "promised_on"}).json()["results"]

    assert [c["description"] for c in up] == ["Eighth", "Tenth", "Unpromised"]
    assert [c["description"] for c in down] == ["Unpromised", "Tenth", "Eighth"]
    assert again == up
