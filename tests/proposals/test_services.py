"""Submitting and deciding on proposals: who may decide, which decisions follow which, and
what is kept and told."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from koers.core.errors import NotAllowed
from koers.core.lifecycle import TransitionRefused
from koers.core.models import User
from koers.notifications.models import Notification
from koers.proposals import services
from koers.proposals.models import Proposal, ProposalDecision, ProposalStatus
from tests.complaints.factories import make_complaint
from tests.factories import make_account
from tests.proposals.factories import propose

S = ProposalStatus
DECIDE = {
    "accept": services.proposal_accept,
    "reject": services.proposal_reject,
    "park": services.proposal_park,
}
TARGET = {"accept": S.ACCEPTED, "reject": S.REJECTED, "park": S.PARKED}


def test_submitting_links_the_complaints_and_their_accounts_and_tells_the_manager(people):
    alpha, beta = make_account(people.alice, "Alpha"), make_account(people.alice, "Beta")
    complaints = [make_complaint(people.alice, a) for a in (alpha, beta)]

    proposal = propose(people.alice, complaints=complaints)

    assert proposal.status == S.SUBMITTED
    assert set(proposal.complaints.all()) == set(complaints)
    assert set(proposal.accounts.all()) == {alpha, beta}
    told = Notification.objects.get(kind="proposal_submitted")
    assert told.recipient == people.maria
    assert told.url == f"/proposals/{proposal.pk}/"


def test_a_complaint_she_may_not_read_is_refused_and_nothing_is_kept(people):
    other = make_complaint(people.charlie, make_account(people.charlie, "Charlie BV"))

    with pytest.raises(ValidationError) as refused:
        propose(people.alice, complaints=[other])

    assert refused.value.message_dict == {"complaints": ["There is no complaint with this number."]}
    assert not Proposal.objects.exists()


def test_an_account_she_may_not_read_is_refused(people):
    other = make_account(people.charlie, "Charlie BV")

    with pytest.raises(ValidationError) as refused:
        propose(people.alice, accounts=[other])

    assert list(refused.value.message_dict) == ["accounts"]


def test_a_blank_title_is_refused_at_the_field(people):
    with pytest.raises(ValidationError) as refused:
        propose(people.alice, title="   ")

    assert refused.value.message_dict == {"title": ["This field is required."]}


def test_marketing_may_not_propose(people):
    with pytest.raises(NotAllowed):
        propose(people.mark)


@pytest.mark.parametrize("decision", ["accept", "reject", "park"])
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("maria", True),  # the manager of alice's team
        ("admin", True),
        ("alice", False),  # the proposer
        ("bob", False),  # a colleague in the team
        ("charlie", False),  # another team
        ("ingrid", False),
        ("mark", False),
        ("sam", False),  # the manager of another team
    ],
)
def test_who_decides_on_an_account_managers_proposal(people, decision, persona, allowed):
    proposal = propose(people.alice)
    actor = User.objects.get(username="sam") if persona == "sam" else getattr(people, persona)

    if allowed:
        decided = DECIDE[decision](actor=actor, proposal=proposal, comment="Besproken")
        assert (decided.status, decided.decided_by, decided.decision_comment) == (
            TARGET[decision],
            actor,
            "Besproken",
        )
        assert Notification.objects.filter(kind="proposal_decided", recipient=people.alice).exists()
    else:
        with pytest.raises(NotAllowed):
            DECIDE[decision](actor=actor, proposal=proposal, comment="Besproken")
        proposal.refresh_from_db()
        assert (proposal.status, proposal.decided_by) == (S.SUBMITTED, None)
        assert not ProposalDecision.objects.exists()


def test_a_managers_own_proposal_is_decided_by_an_administrator(people):
    proposal = propose(people.maria)

    with pytest.raises(NotAllowed):
        services.proposal_accept(actor=people.maria, proposal=proposal, comment="Zelf goed")
    decided = services.proposal_accept(actor=people.admin, proposal=proposal, comment="Prima")

    assert decided.status == S.ACCEPTED
    assert Notification.objects.get(kind="proposal_submitted").recipient == people.admin


@pytest.mark.parametrize(
    ("before", "decision", "allowed"),
    [
        ("park", "accept", True),
        ("park", "reject", True),
        ("park", "park", False),
        ("accept", "accept", False),
        ("accept", "reject", False),
        ("accept", "park", False),
        ("reject", "accept", False),
        ("reject", "reject", False),
        ("reject", "park", False),
    ],
)
def test_which_decision_may_follow_which(people, before, decision, allowed):
    proposal = DECIDE[before](actor=people.maria, proposal=propose(people.alice), comment="Eerst")

    if allowed:
        DECIDE[decision](actor=people.maria, proposal=proposal, comment="Daarna")
        proposal.refresh_from_db()
        assert proposal.status == TARGET[decision]
        kept = list(ProposalDecision.objects.values_list("from_status", "to_status", "comment"))
        assert kept == [
            (S.SUBMITTED, TARGET[before], "Eerst"),
            (TARGET[before], TARGET[decision], "Daarna"),
        ]
    else:
        with pytest.raises(TransitionRefused):
            DECIDE[decision](actor=people.maria, proposal=proposal, comment="Daarna")
        proposal.refresh_from_db()
        assert (proposal.status, proposal.decision_comment) == (TARGET[before], "Eerst")
        assert ProposalDecision.objects.count() == 1


@pytest.mark.parametrize("decision", ["accept", "reject", "park"])
def test_a_decision_needs_a_comment(people, decision):
    proposal = propose(people.alice)

    with pytest.raises(TransitionRefused) as refused:
        DECIDE[decision](actor=people.maria, proposal=proposal, comment="  ")

    assert refused.value.reason == "Write a comment: the proposer reads it as your answer."
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED
