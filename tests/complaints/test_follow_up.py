"""Solving plans the follow-up check for the owner; its answer verifies or reopens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.complaints import services
from koers.complaints.models import ComplaintStatus
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from tests.complaints.factories import make_complaint
from tests.factories import make_account

S = ComplaintStatus


def test_solving_plans_the_follow_up_check_for_the_owner(people, settings):
    settings.COMPLAINT_FOLLOW_UP_DAYS = 14
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.IN_PROGRESS)

    solved = services.complaint_solve(actor=people.maria, complaint=complaint, solution="Credit")

    check = Activity.objects.get(pk=solved.follow_up_id)
    assert check.owner == people.alice
    assert check.account == alpha
    assert check.kind == ActivityKind.PHONE_CALL
    assert check.status == ActivityStatus.PLANNED
    assert timezone.localtime(check.planned_start).date() == timezone.localdate() + timedelta(14)
    assert (
        check.subject
        == f"Ask whether the customer is satisfied: complaint #{complaint.pk} (Delivery)"
    )


def test_the_number_of_days_follows_the_setting(people, settings):
    settings.COMPLAINT_FOLLOW_UP_DAYS = 3
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.SOLVED)

    planned = timezone.localtime(complaint.follow_up.planned_start).date()
    assert planned == timezone.localdate() + timedelta(3)


def test_a_satisfied_answer_verifies_the_complaint_and_completes_the_check(people):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.SOLVED)

    answered = services.complaint_follow_up_answer(
        actor=people.alice, complaint=complaint, satisfied=True, comment="Works well"
    )

    assert answered.status == S.VERIFIED
    assert answered.customer_answer == "Works well"
    assert answered.closed_at is not None
    check = Activity.objects.get(pk=complaint.follow_up_id)
    assert check.status == ActivityStatus.DONE
    assert check.outcome == "Satisfied. Works well"


def test_an_unsatisfied_answer_reopens_the_complaint(people):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.SOLVED)

    answered = services.complaint_follow_up_answer(
        actor=people.alice, complaint=complaint, satisfied=False, comment="Still leaking"
    )

    assert answered.status == S.IN_PROGRESS
    assert answered.times_reopened == 1
    assert answered.reopen_reason == "Still leaking"
    check = Activity.objects.get(pk=complaint.follow_up_id)
    assert check.status == ActivityStatus.DONE
    assert check.outcome == "Not satisfied. Still leaking"


def test_solving_again_after_a_reopen_plans_a_new_check(people):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.SOLVED)
    first = complaint.follow_up_id
    services.complaint_follow_up_answer(
        actor=people.alice, complaint=complaint, satisfied=False, comment="No"
    )

    again = services.complaint_solve(actor=people.alice, complaint=complaint, solution="Better")

    assert again.follow_up_id not in (None, first)


def test_an_unsatisfied_answer_says_why(people):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.SOLVED)

    with pytest.raises(ValidationError) as caught:
        services.complaint_follow_up_answer(
            actor=people.alice, complaint=complaint, satisfied=False, comment=""
        )

    assert "comment" in caught.value.message_dict
    complaint.refresh_from_db()
    assert complaint.status == S.SOLVED
