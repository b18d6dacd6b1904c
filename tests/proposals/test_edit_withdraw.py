"""The proposer changes or withdraws a proposal while the manager has not decided: on the page,
in the API and in the service; the manager is told of a withdrawal, and it is in the history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.lifecycle import TransitionRefused
from koers.notifications.models import Notification
from koers.proposals import queries, services
from koers.proposals.models import Proposal, ProposalDecision, ProposalStatus
from tests.complaints.factories import make_complaint
from tests.factories import make_account
from tests.proposals.factories import propose

S = ProposalStatus


@pytest.fixture
def proposal(people):
    complaint = make_complaint(people.alice, make_account(people.alice, "Alpha"))
    return propose(people.alice, complaints=[complaint])


def _stored(proposal):
    return Proposal.objects.get(pk=proposal.pk)


# ---------------------------------------------------------------------------------- service


def test_the_proposer_changes_the_texts_and_the_complaints(people, proposal):
    beta = make_account(people.alice, "Beta")
    other = make_complaint(people.alice, beta)

    changed = services.proposal_update(
        actor=people.alice,
        proposal=proposal,
        expected_version=proposal.version,
        data={"title": " Halve kilo ", "complaints": [other]},
    )

    assert (changed.title, changed.version, changed.status) == ("Halve kilo", 2, S.SUBMITTED)
    assert list(changed.complaints.all()) == [other]
    # The account of the complaint no longer linked goes; the new complaint's comes.
    assert list(changed.accounts.all()) == [beta]
    assert changed.history.count() == 2


def test_an_account_linked_by_hand_stays_when_the_complaints_change(people):
    alpha, gamma = make_account(people.alice, "Alpha"), make_account(people.alice, "Gamma")
    complaint = make_complaint(people.alice, alpha)
    proposal = propose(people.alice, complaints=[complaint], accounts=[gamma])

    changed = services.proposal_update(
        actor=people.alice, proposal=proposal, expected_version=1, data={"complaints": []}
    )

    assert list(changed.accounts.all()) == [gamma]


@pytest.mark.parametrize("persona", ["maria", "admin", "bob"])
def test_no_one_but_the_proposer_changes_or_withdraws_it(people, proposal, persona):
    actor = getattr(people, persona)

    with pytest.raises(NotAllowed):
        services.proposal_update(
            actor=actor, proposal=proposal, expected_version=1, data={"title": "Anders"}
        )
    with pytest.raises(NotAllowed):
        services.proposal_withdraw(actor=actor, proposal=proposal)

    stored = _stored(proposal)
    assert (stored.title, stored.status, stored.version) == (proposal.title, S.SUBMITTED, 1)


def test_a_stale_version_changes_nothing(people, proposal):
    services.proposal_update(
        actor=people.alice, proposal=proposal, expected_version=1, data={"title": "Eerst"}
    )

    with pytest.raises(StaleVersionError):
        services.proposal_update(
            actor=people.alice, proposal=proposal, expected_version=1, data={"title": "Later"}
        )

    assert _stored(proposal).title == "Eerst"


def test_a_decided_proposal_cannot_be_changed(people, proposal):
    services.proposal_accept(actor=people.maria, proposal=proposal, comment="Goed")

    with pytest.raises(ValidationError) as refused:
        services.proposal_update(
            actor=people.alice, proposal=proposal, expected_version=2, data={"title": "Anders"}
        )

    assert list(refused.value.error_dict) == ["status"]
    assert _stored(proposal).title == proposal.title


def test_an_empty_title_is_refused_at_the_field(people, proposal):
    with pytest.raises(ValidationError) as refused:
        services.proposal_update(
            actor=people.alice, proposal=proposal, expected_version=1, data={"title": "  "}
        )

    assert list(refused.value.error_dict) == ["title"]
    assert _stored(proposal).version == 1


@pytest.mark.parametrize("before", [S.SUBMITTED, S.PARKED])
def test_withdrawing_is_kept_in_the_history_and_told_to_the_manager(people, proposal, before):
    if before == S.PARKED:
        proposal = services.proposal_park(actor=people.maria, proposal=proposal, comment="Later")
    Notification.objects.all().delete()

    withdrawn = services.proposal_withdraw(actor=people.alice, proposal=proposal, reason="Opgelost")

    assert withdrawn.status == S.WITHDRAWN
    last = ProposalDecision.objects.filter(proposal=proposal).last()
    assert (last.from_status, last.to_status, last.decided_by, last.comment) == (
        before,
        S.WITHDRAWN,
        people.alice,
        "Opgelost",
    )
    told = Notification.objects.get()
    assert (told.recipient, told.kind) == (people.maria, "proposal_withdrawn")
    assert queries.decisions_count(people.maria) == 0


@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_a_decided_proposal_cannot_be_withdrawn(people, proposal, decision):
    decide = {"accept": services.proposal_accept, "reject": services.proposal_reject}[decision]
    decided = decide(actor=people.maria, proposal=proposal, comment="Besproken")

    with pytest.raises(TransitionRefused):
        services.proposal_withdraw(actor=people.alice, proposal=decided)

    assert _stored(proposal).status == decided.status


def test_the_manager_cannot_decide_on_a_withdrawn_proposal(people, proposal):
    services.proposal_withdraw(actor=people.alice, proposal=proposal)

    with pytest.raises(TransitionRefused):
        services.proposal_accept(actor=people.maria, proposal=proposal, comment="Toch wel")

    assert _stored(proposal).status == S.WITHDRAWN


# ---------------------------------------------------------------------------------- pages


def test_the_proposer_sees_change_and_withdraw_and_the_manager_does_not(
    people, client_for, proposal
):
    url = reverse("proposals:proposal_detail", args=[proposal.pk])

    mine = client_for(people.alice).get(url).content.decode()
    managers = client_for(people.maria).get(url).content.decode()

    assert 'id="proposal-withdraw"' in mine
    assert reverse("proposals:proposal_edit", args=[proposal.pk]) in mine
    assert 'id="proposal-withdraw"' not in managers
    assert reverse("proposals:proposal_edit", args=[proposal.pk]) not in managers


def test_the_edit_page_changes_the_proposal(people, client_for, proposal):
    client = client_for(people.alice)
    url = reverse("proposals:proposal_edit", args=[proposal.pk])
    form = client.get(url).context["form"]
    assert form.initial["complaints"] == str(proposal.complaints.get().pk)

    response = client.post(
        url,
        {
            "kind": "process",
            "title": "Per 500 gram",
            "what": proposal.what,
            "why": proposal.why,
            "expected_effect": proposal.expected_effect,
            "market_signals": "",
            "complaints": form.initial["complaints"],
            "version": "1",
        },
    )

    assert response.status_code == 302
    stored = _stored(proposal)
    assert (stored.title, stored.kind, stored.version) == ("Per 500 gram", "process", 2)


def test_an_unknown_complaint_number_is_refused_at_the_field(people, client_for, proposal):
    response = client_for(people.alice).post(
        reverse("proposals:proposal_edit", args=[proposal.pk]),
        {
            "kind": "range",
            "title": "Anders",
            "what": "x",
            "why": "y",
            "expected_effect": "z",
            "complaints": "999999",
            "version": "1",
        },
    )

    assert response.status_code == 422
    assert "complaints" in response.context["form"].errors
    assert _stored(proposal).title == proposal.title


def test_the_edit_page_of_a_decided_proposal_is_refused(people, client_for, proposal):
    services.proposal_reject(actor=people.maria, proposal=proposal, comment="Nee")

    response = client_for(people.alice).get(reverse("proposals:proposal_edit", args=[proposal.pk]))

    assert response.status_code == 403


def test_withdrawing_from_the_page(people, client_for, proposal):
    client = client_for(people.alice)

    response = client.post(
        reverse("proposals:proposal_withdraw", args=[proposal.pk]), {"reason": "Al opgelost"}
    )

    assert response.status_code == 302
    assert _stored(proposal).status == S.WITHDRAWN
    page = client.get(response["Location"]).content.decode()
    assert "Withdrawn" in page and "Al opgelost" in page
    assert 'id="proposal-withdraw"' not in page


def test_withdrawing_a_decided_proposal_from_the_page_says_why(people, client_for, proposal):
    services.proposal_accept(actor=people.maria, proposal=proposal, comment="Ja")

    response = client_for(people.alice).post(
        reverse("proposals:proposal_withdraw", args=[proposal.pk]), {"reason": ""}
    )

    assert response.status_code == 422
    assert "can be withdrawn" in response.content.decode()
    assert _stored(proposal).status == S.ACCEPTED


# ---------------------------------------------------------------------------------- API


def test_the_api_changes_a_proposal_and_a_stale_version_is_a_409(people, api, proposal):
    client = api(people.alice)

    changed = client.patch(f"/proposals/{proposal.pk}", {"version": 1, "title": "Halve kilo"})
    stale = client.patch(f"/proposals/{proposal.pk}", {"version": 1, "title": "Te laat"})

    assert changed.status_code == 200, changed.json()
    assert (changed.json()["title"], changed.json()["version"]) == ("Halve kilo", 2)
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Halve kilo"


def test_the_api_refuses_an_unknown_complaint_naming_complaint_ids(people, api, proposal):
    response = api(people.alice).patch(
        f"/proposals/{proposal.pk}", {"version": 1, "complaint_ids": [999999]}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["complaint_ids"]
    assert _stored(proposal).version == 1


def test_the_api_withdraws_once_and_then_answers_409(people, api, proposal):
    client = api(people.alice)

    first = client.post(f"/proposals/{proposal.pk}/withdraw", {"reason": "Opgelost"})
    again = client.post(f"/proposals/{proposal.pk}/withdraw", {})

    assert first.status_code == 200, first.json()
    assert first.json()["status"] == "withdrawn"
    assert first.json()["decisions"][-1]["decision"] == "withdrawn"
    assert again.status_code == 409
    assert again.json()["current"]["status"] == "withdrawn"


def test_the_manager_may_not_change_or_withdraw_in_the_api(people, api, proposal):
    client = api(people.maria)

    changed = client.patch(f"/proposals/{proposal.pk}", {"version": 1, "title": "Anders"})
    withdrawn = client.post(f"/proposals/{proposal.pk}/withdraw", {})

    assert (changed.status_code, withdrawn.status_code) == (403, 403)
    assert (_stored(proposal).title, _stored(proposal).status) == (proposal.title, S.SUBMITTED)
