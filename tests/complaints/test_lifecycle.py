"""Every move of a complaint, allowed and refused, per persona; a refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.complaints import services
from koers.complaints.lifecycle import TRANSITIONS
from koers.complaints.models import Complaint, ComplaintStatus, ComplaintStep
from koers.core.lifecycle import TransitionRefused
from tests.complaints.factories import make_complaint
from tests.factories import make_account

S = ComplaintStatus

# action -> (target status, call)
ACTIONS: dict[str, tuple[str, Callable[..., Complaint]]] = {
    "start": (S.IN_PROGRESS, lambda u, c: services.complaint_start(actor=u, complaint=c)),
    "solve": (
        S.SOLVED,
        lambda u, c: services.complaint_solve(actor=u, complaint=c, solution="Replaced"),
    ),
    "verify": (
        S.VERIFIED,
        lambda u, c: services.complaint_verify(actor=u, complaint=c, answer="Happy"),
    ),
    "reopen": (
        S.IN_PROGRESS,
        lambda u, c: services.complaint_reopen(actor=u, complaint=c, reason="Still broken"),
    ),
    "reject": (
        S.REJECTED,
        lambda u, c: services.complaint_reject(actor=u, complaint=c, reason="Not our product"),
    ),
}
# Who may handle alice's complaint: alice (owner), maria (manages her team), the administrator.
HANDLERS = ("alice", "maria", "admin")
OTHERS = ("bob", "charlie", "ingrid", "mark")


def _allowed(current: str, action: str) -> bool:
    target = ACTIONS[action][0]
    if action == "start":
        return current == S.RECEIVED
    if action == "reopen":
        return current in (S.SOLVED, S.REJECTED)
    return target in TRANSITIONS[current]


def _snapshot(complaint: Complaint) -> dict[str, Any]:
    row = Complaint.objects.values().get(pk=complaint.pk)
    return {**row, "steps": ComplaintStep.objects.filter(complaint=complaint).count()}


CASES = [(status, action) for status in S.values for action in ACTIONS]


@pytest.mark.parametrize("persona", HANDLERS + OTHERS)
@pytest.mark.parametrize(("status", "action"), CASES)
def test_each_move_is_allowed_or_refused_and_a_refusal_changes_nothing(
    people, persona: str, status: str, action: str
):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, status)
    actor = getattr(people, persona)
    before = _snapshot(complaint)
    target, call = ACTIONS[action]

    if persona in OTHERS:
        with pytest.raises(PermissionDenied):
            call(actor, Complaint.objects.get(pk=complaint.pk))
        assert _snapshot(complaint) == before
    elif _allowed(status, action):
        moved = call(actor, Complaint.objects.get(pk=complaint.pk))
        assert moved.status == target
        assert Complaint.objects.get(pk=complaint.pk).status == target
        assert ComplaintStep.objects.filter(complaint=complaint).count() == before["steps"] + 1
    else:
        with pytest.raises(TransitionRefused):
            call(actor, Complaint.objects.get(pk=complaint.pk))
        assert _snapshot(complaint) == before


def test_a_colleague_given_a_task_may_handle_it(people):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha)
    services.complaint_task_assign(
        actor=people.alice, complaint=complaint, assignee=people.ingrid, description="Check"
    )

    moved = services.complaint_start(actor=people.ingrid, complaint=complaint)

    assert moved.status == S.IN_PROGRESS


@pytest.mark.parametrize(
    ("action", "kwargs", "field"),
    [
        ("solve", {"solution": "  "}, "status"),
        ("reject", {"reason": ""}, "status"),
        ("reopen", {"reason": ""}, "reason"),
    ],
)
def test_a_move_needs_its_text(people, action, kwargs, field):
    alpha = make_account(people.alice, "Alpha")
    status = S.SOLVED if action == "reopen" else S.IN_PROGRESS
    complaint = make_complaint(people.alice, alpha, status)
    before = _snapshot(complaint)
    call = getattr(services, f"complaint_{action}")

    with pytest.raises(ValidationError) as caught:
        call(actor=people.alice, complaint=complaint, **kwargs)

    assert field in caught.value.message_dict
    assert _snapshot(complaint) == before


def test_verifying_needs_the_customers_answer(people):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.SOLVED)

    with pytest.raises(TransitionRefused) as caught:
        services.complaint_verify(actor=people.alice, complaint=complaint, answer=" ")

    assert caught.value.reason == "Give the customer's answer."


def test_the_timestamps_for_the_indicators_are_kept(people):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha)
    assert complaint.first_response_at is None

    started = services.complaint_start(actor=people.alice, complaint=complaint)
    first = started.first_response_at
    solved = services.complaint_solve(actor=people.alice, complaint=started, solution="Done")
    solved_at, first_after_solving = solved.solved_at, solved.first_response_at
    reopened = services.complaint_reopen(actor=people.alice, complaint=solved, reason="No")

    assert first is not None
    assert first_after_solving == first
    assert solved_at is not None
    assert reopened.solved_at is None
    assert reopened.reopen_reason == "No"
    assert reopened.times_reopened == 1
    assert reopened.status == S.IN_PROGRESS
