"""Planning, logging, completing and cancelling activities: the rules of the services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.core.errors import NotAllowed
from koers.core.lifecycle import TransitionRefused
from koers.relations import services
from koers.relations.models import Activity, ActivityKind, ActivityStatus, CancelReason
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan


@pytest.fixture
def account(people):
    return make_account(
        people.alice, "Bakkerij Jansen", visit_street="Dorpsstraat 1", visit_postcode="3511 AB"
    )


def test_a_visit_is_planned_at_the_accounts_visiting_address(people, account):
    visit = plan(people.alice, account)

    assert (visit.status, visit.owner, visit.location) == (
        ActivityStatus.PLANNED,
        people.alice,
        "Dorpsstraat 1, 3511 AB Utrecht",
    )
    assert visit.history.count() == 1
    assert visit.history.first().history_user == people.alice


def test_a_call_has_no_location_unless_given(people, account):
    call = plan(people.alice, account, kind=ActivityKind.PHONE_CALL)

    assert call.location == ""


def test_a_colleague_on_the_account_team_plans_for_the_account_manager(people, account):
    account.team_members.create(user=people.bob, role="co_account_manager")

    visit = plan(people.bob, account, owner=people.alice)

    assert (visit.owner, visit.created_by) == (people.alice, people.bob)


def test_the_owner_must_work_the_account(people, account):
    with pytest.raises(ValidationError) as refused:
        plan(people.alice, account, owner=people.charlie)

    assert list(refused.value.message_dict) == ["owner"]
    assert Activity.objects.count() == 0


def test_contacts_must_work_at_the_account(people, account):
    elsewhere = make_contact(make_account(people.alice, "Other"), last_name="Visser")

    with pytest.raises(ValidationError) as refused:
        plan(people.alice, account, contacts=[elsewhere])

    assert list(refused.value.message_dict) == ["contacts"]
    assert Activity.objects.count() == 0


def test_a_contact_of_the_chains_head_office_joins_a_branch_visit(people):
    head = make_account(people.alice, "Chain HQ")
    branch = make_account(people.alice, "Chain Utrecht", parent=head)
    buyer = make_contact(head, last_name="Koster")

    visit = plan(people.alice, branch, contacts=[buyer])

    assert list(visit.contacts.all()) == [buyer]


@pytest.mark.parametrize("persona", ["charlie", "mark", "ingrid"])
def test_who_may_not_change_the_account_plans_nothing(people, account, persona):
    with pytest.raises(NotAllowed):
        plan(getattr(people, persona), account)

    assert Activity.objects.count() == 0


def test_i_just_called_x_is_done_and_dated_now(people, account):
    jan = make_contact(account, last_name="de Vries")

    call = services.activity_log(
        actor=people.alice,
        account=account,
        kind=ActivityKind.PHONE_CALL,
        subject="Asked about the delivery",
        contacts=[jan],
    )

    assert call.status == ActivityStatus.DONE
    assert abs((timezone.now() - call.actual_start).total_seconds()) < 60
    assert list(call.contacts.all()) == [jan]


def test_completing_keeps_planned_and_actual_times(people, account):
    visit = plan(people.alice, account, planned_start=at("2026-11-02", 9), duration=90)

    done = services.activity_complete(
        actor=people.alice, activity=visit, outcome="Ordered the new line"
    )

    done.refresh_from_db()
    assert (done.status, done.outcome) == (ActivityStatus.DONE, "Ordered the new line")
    assert (done.planned_start, done.actual_start, done.actual_end) == (
        at("2026-11-02", 9),
        at("2026-11-02", 9),
        at("2026-11-02", 9) + timedelta(minutes=90),
    )


def test_an_end_before_the_start_is_refused(people, account):
    visit = plan(people.alice, account)

    with pytest.raises(ValidationError) as refused:
        services.activity_complete(
            actor=people.alice,
            activity=visit,
            actual_start=at("2026-12-07", 10),
            actual_end=at("2026-12-07", 9),
        )

    assert list(refused.value.message_dict) == ["actual_end"]
    visit.refresh_from_db()
    assert visit.status == ActivityStatus.PLANNED


def test_a_cancelled_activity_keeps_its_reason_and_may_be_reinstated(people, account):
    visit = plan(people.alice, account)

    services.activity_cancel(
        actor=people.alice, activity=visit, reason=CancelReason.NO_SHOW, note="Nobody there"
    )
    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason, visit.cancel_note) == (
        ActivityStatus.CANCELLED,
        CancelReason.NO_SHOW,
        "Nobody there",
    )

    services.activity_reinstate(actor=people.alice, activity=visit)
    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason) == (ActivityStatus.PLANNED, "")


def test_cancelling_without_a_reason_is_refused_with_the_reason_why(people, account):
    visit = plan(people.alice, account)

    with pytest.raises(TransitionRefused) as refused:
        services.activity_cancel(actor=people.alice, activity=visit, reason="")

    assert refused.value.reason == "Say why the activity is cancelled."
    visit.refresh_from_db()
    assert visit.status == ActivityStatus.PLANNED


def test_a_done_activity_stays_done(people, account):
    visit = plan(people.alice, account)
    services.activity_complete(actor=people.alice, activity=visit)

    with pytest.raises(TransitionRefused) as refused:
        services.activity_cancel(actor=people.alice, activity=visit, reason=CancelReason.US)

    assert refused.value.reason == "A done activity cannot be cancelled."


def test_rescheduling_moves_a_planned_activity_and_counts_a_version(people, account):
    visit = plan(people.alice, account)

    moved = services.activity_reschedule(
        actor=people.alice, activity=visit, planned_start=at("2026-12-14")
    )

    assert (moved.planned_start, moved.version) == (at("2026-12-14"), 2)


def test_a_done_activity_is_not_rescheduled(people, account):
    visit = plan(people.alice, account)
    services.activity_complete(actor=people.alice, activity=visit)
    visit.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.activity_reschedule(
            actor=people.alice, activity=visit, planned_start=at("2026-12-14")
        )

    assert list(refused.value.message_dict) == ["planned_start"]
