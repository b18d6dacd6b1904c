"""Commitments both ways: made directly or from a report, done on time or not, due dates moved
with who and why."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from koers.core.errors import NotAllowed
from koers.core.lifecycle import TransitionRefused
from koers.relations import services
from koers.relations.models import (
    Commitment,
    CommitmentDirection,
    CommitmentSource,
    CommitmentStatus,
)
from tests.factories import make_account, make_contact
from tests.relations.factories import plan


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


def promise(people, account, **data):
    data.setdefault("direction", CommitmentDirection.OURS)
    data.setdefault("description", "Send the price list")
    data.setdefault("due_date", date(2026, 12, 10))
    return services.commitment_make(actor=people.alice, account=account, **data)


def test_a_commitment_made_directly_is_open_and_owned_by_its_maker(people, account):
    made = promise(people, account)

    assert (made.status, made.owner, made.source, made.on_time) == (
        CommitmentStatus.OPEN,
        people.alice,
        CommitmentSource.DIRECT,
        None,
    )


def test_an_agreement_of_a_report_becomes_a_commitment_of_the_customer(people, account):
    jan = make_contact(account, last_name="de Vries")
    visit = plan(people.alice, account, contacts=[jan])
    report = services.report_write(
        actor=people.alice,
        activity=visit,
        data={"discussed": "Volumes", "agreements": "We send prices\nThey send volumes"},
    )

    made = services.commitment_from_agreement(
        actor=people.alice,
        report=report,
        line=1,
        direction=CommitmentDirection.THEIRS,
        due_date=date(2026, 12, 20),
        contact=jan,
    )

    assert (made.description, made.direction, made.source, made.report, made.contact) == (
        "They send volumes",
        CommitmentDirection.THEIRS,
        CommitmentSource.VISIT_REPORT,
        report,
        jan,
    )


def test_a_line_that_is_not_an_agreement_is_refused(people, account):
    visit = plan(people.alice, account)
    report = services.report_write(
        actor=people.alice, activity=visit, data={"discussed": "x", "agreements": "One"}
    )

    with pytest.raises(ValidationError) as refused:
        services.commitment_from_agreement(
            actor=people.alice,
            report=report,
            line=1,
            direction=CommitmentDirection.OURS,
            due_date=date(2026, 12, 20),
        )

    assert list(refused.value.message_dict) == ["line"]
    assert Commitment.objects.count() == 0


@time_machine.travel("2026-12-12 12:00 +01:00", tick=False)
def test_done_after_its_due_date_is_late(people, account):
    made = promise(people, account)

    done = services.commitment_done(actor=people.alice, commitment=made, note="Mailed")

    assert (done.status, done.done_date, done.on_time) == (
        CommitmentStatus.DONE,
        date(2026, 12, 12),
        False,
    )


@time_machine.travel("2026-12-12 12:00 +01:00", tick=False)
def test_a_commitment_is_not_done_in_the_future(people, account):
    made = promise(people, account)

    with pytest.raises(ValidationError) as refused:
        services.commitment_done(actor=people.alice, commitment=made, done_date=date(2026, 12, 13))

    assert list(refused.value.message_dict) == ["done_date"]


def test_moving_the_due_date_keeps_who_why_and_the_old_date(people, account):
    made = promise(people, account)

    moved = services.commitment_move_due_date(
        actor=people.alice,
        commitment=made,
        due_date=date(2026, 12, 17),
        reason="Customer on holiday",
        expected_version=1,
    )

    assert (moved.due_date, moved.version) == (date(2026, 12, 17), 2)
    assert [
        (c.old_due_date, c.new_due_date, c.reason, c.changed_by)
        for c in moved.due_date_changes.all()
    ] == [(date(2026, 12, 10), date(2026, 12, 17), "Customer on holiday", people.alice)]


def test_a_due_date_does_not_move_without_a_reason(people, account):
    made = promise(people, account)

    with pytest.raises(ValidationError) as refused:
        services.commitment_move_due_date(
            actor=people.alice,
            commitment=made,
            due_date=date(2026, 12, 17),
            reason=" ",
            expected_version=1,
        )

    assert list(refused.value.message_dict) == ["reason"]
    made.refresh_from_db()
    assert made.due_date == date(2026, 12, 10)


def test_a_cancelled_commitment_is_reopened_before_it_is_done(people, account):
    made = promise(people, account)
    services.commitment_cancel(actor=people.alice, commitment=made)

    with pytest.raises(TransitionRefused) as refused:
        services.commitment_done(actor=people.alice, commitment=made)

    assert refused.value.reason == "Reopen the cancelled commitment first."
    services.commitment_reopen(actor=people.alice, commitment=made)
    made.refresh_from_db()
    assert made.status == CommitmentStatus.OPEN


def test_the_owner_is_the_account_manager_or_a_team_colleague(people, account):
    with pytest.raises(ValidationError):
        promise(people, account, owner=people.charlie)
    account.team_members.create(user=people.ingrid, role="inside_sales")

    made = promise(people, account, owner=people.ingrid)

    assert made.owner == people.ingrid


@pytest.mark.parametrize("persona", ["charlie", "mark"])
def test_who_may_not_change_the_account_makes_no_commitment(people, account, persona):
    with pytest.raises(NotAllowed):
        services.commitment_make(
            actor=getattr(people, persona),
            account=account,
            direction=CommitmentDirection.OURS,
            description="x",
            due_date=date(2026, 12, 10),
        )

    assert Commitment.objects.count() == 0
