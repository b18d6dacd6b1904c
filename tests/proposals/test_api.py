"""The proposals API: submit, list, read; accept, reject and park as actions with the services'
rules, and a 4xx naming the field on bad input."""

from __future__ import annotations

import pytest

from koers.proposals.models import Proposal, ProposalStatus
from tests.complaints.factories import make_complaint
from tests.factories import make_account
from tests.proposals.factories import propose

S = ProposalStatus


def _body(**data):
    return {
        "kind": "service",
        "title": "Vaste belafspraak na een klacht",
        "what": "Bel de klant binnen een dag.",
        "why": "Klanten wachten te lang.",
        "expected_effect": "Tevredener klanten.",
        **data,
    }


def test_an_account_manager_submits_a_proposal_with_complaints(people, api):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha)

    response = api(people.alice).post("/proposals", _body(complaint_ids=[complaint.pk]))

    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["complaint_ids"], body["account_ids"]) == (
        "submitted",
        [complaint.pk],
        [alpha.pk],
    )
    assert body["proposer_id"] == people.alice.pk


def test_a_complaint_she_may_not_read_is_a_422_naming_the_field(people, api):
    other = make_complaint(people.charlie, make_account(people.charlie, "Charlie BV"))

    response = api(people.alice).post("/proposals", _body(complaint_ids=[other.pk]))

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("complaint_ids", "not_found")
    ]
    assert not Proposal.objects.exists()


def test_a_missing_title_is_a_422_naming_the_field(people, api):
    body = _body()
    del body["title"]

    response = api(people.alice).post("/proposals", body)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["title"]


@pytest.mark.parametrize("action", ["accept", "reject", "park"])
def test_the_manager_decides_by_an_action(people, api, action):
    proposal = propose(people.alice)

    response = api(people.maria).post(f"/proposals/{proposal.pk}/{action}", {"comment": "Ok"})

    assert response.status_code == 200
    body = response.json()
    target = {"accept": "accepted", "reject": "rejected", "park": "parked"}[action]
    assert (body["status"], body["decided_by_id"], body["decision_comment"]) == (
        target,
        people.maria.pk,
        "Ok",
    )
    assert [d["decision"] for d in body["decisions"]] == [target]


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_the_proposer_and_a_colleague_may_not_decide(people, api, persona):
    proposal = propose(people.alice)

    response = api(getattr(people, persona)).post(
        f"/proposals/{proposal.pk}/accept", {"comment": "Ok"}
    )

    # alice reads her own proposal (403); bob does not see it at all (404).
    assert response.status_code == {"alice": 403, "bob": 404}[persona]
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_a_decided_proposal_is_a_409_with_the_proposal_as_it_is(people, api):
    proposal = propose(people.alice)
    client = api(people.maria)
    client.post(f"/proposals/{proposal.pk}/reject", {"comment": "Nee"})

    response = client.post(f"/proposals/{proposal.pk}/accept", {"comment": "Toch wel"})

    assert response.status_code == 409
    assert response.json()["current"]["status"] == "rejected"


def test_a_parked_proposal_is_accepted_later(people, api):
    proposal = propose(people.alice)
    client = api(people.maria)
    client.post(f"/proposals/{proposal.pk}/park", {"comment": "Na de zomer"})

    response = client.post(f"/proposals/{proposal.pk}/accept", {"comment": "Nu wel"})

    assert response.status_code == 200
    assert [(d["from_status"], d["decision"]) for d in response.json()["decisions"]] == [
        ("submitted", "parked"),
        ("parked", "accepted"),
    ]


def test_an_empty_comment_is_a_422_naming_the_field(people, api):
    proposal = propose(people.alice)

    response = api(people.maria).post(f"/proposals/{proposal.pk}/accept", {"comment": ""})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["comment"]


def test_the_list_shows_a_manager_the_team_waiting_first(people, api):
    first = propose(people.alice, title="Eerste")
    second = propose(people.bob, title="Tweede")
    client = api(people.maria)
    client.post(f"/proposals/{first.pk}/accept", {"comment": "Ja"})

    response = client.get("/proposals")

    assert [p["id"] for p in response.json()["results"]] == [second.pk, first.pk]
    assert api(people.charlie).get("/proposals").json()["count"] == 0


def test_the_list_makes_a_fixed_number_of_queries(people, api, query_baseline):
    alpha = make_account(people.alice, "Alpha")
    complaints = [make_complaint(people.alice, alpha) for _ in range(2)]
    for n in range(3):
        proposal = propose(people.alice, title=f"Voorstel {n}", complaints=complaints)
    client = api(people.maria)
    client.post(f"/proposals/{proposal.pk}/park", {"comment": "Later"})
    client.get("/proposals")

    with query_baseline("list"):
        response = client.get("/proposals")

    assert response.json()["count"] == 3
