"""The sales plan's workflow per persona (issue 15): only the owner proposes and submits; only
the manager of the owner's team (or an administrator) adopts, adjusts or rejects and asks for
more; a refusal changes nothing; the owner and the manager are notified."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from koers.core.errors import NotAllowed
from koers.core.lifecycle import TransitionRefused
from koers.notifications.models import Notification
from koers.planning.models import SalesPlanComment
from koers.planning.salesplans import queries, services, workflow
from tests.factories import make_account
from tests.planning.salesplan_factories import make_sales_plan, proposals_of, refreshed


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha")


@pytest.fixture
def plan(people, alpha):
    return make_sales_plan(people.alice, [(alpha, "10000", "500"), (alpha, "4000", "0")])


@pytest.fixture
def submitted(people, plan):
    workflow.sales_plan_submit(actor=people.alice, plan=plan)
    return refreshed(plan)


def _state(plan):
    plan = refreshed(plan)
    return plan.status, [(p.decision, p.adopted_revenue) for p in proposals_of(plan)]


def test_only_an_account_manager_starts_a_plan_of_their_own_once_a_period(people):
    for persona in (people.maria, people.ingrid, people.mark, people.admin):
        with pytest.raises(NotAllowed):
            services.sales_plan_create(actor=persona, year=2026, period_kind="year")
    services.sales_plan_create(actor=people.alice, year=2026, period_kind="quarter", period=2)

    with pytest.raises(ValidationError) as again:
        services.sales_plan_create(actor=people.alice, year=2026, period_kind="quarter", period=2)
    with pytest.raises(ValidationError) as third_half:
        services.sales_plan_create(actor=people.alice, year=2026, period_kind="half", period=3)

    assert "period" in again.value.message_dict
    assert "period" in third_half.value.message_dict


@pytest.mark.parametrize("persona", ["bob", "maria", "mark", "admin"])
def test_only_the_owner_proposes(people, plan, alpha, persona):
    with pytest.raises(NotAllowed):
        services.proposal_add(actor=getattr(people, persona), plan=plan, title="Mine")

    assert plan.proposals.count() == 2


def test_a_proposal_is_for_one_of_the_owners_own_accounts(people, plan):
    charlies = make_account(people.charlie, "Charlie BV")

    with pytest.raises(ValidationError) as refused:
        services.proposal_add(actor=people.alice, plan=plan, title="Steal", account=charlies)

    assert "account" in refused.value.message_dict
    assert plan.proposals.count() == 2


@pytest.mark.parametrize("persona", ["bob", "maria", "admin"])
def test_only_the_owner_submits(people, plan, persona):
    with pytest.raises(NotAllowed):
        workflow.sales_plan_submit(actor=getattr(people, persona), plan=plan)

    assert _state(plan)[0] == "draft"


def test_a_plan_without_a_new_proposal_is_not_submitted(people):
    empty = make_sales_plan(people.alice)

    with pytest.raises(TransitionRefused):
        workflow.sales_plan_submit(actor=people.alice, plan=empty)


def test_submitting_tells_the_manager_and_freezes_the_plan(people, submitted, alpha):
    assert _state(submitted)[0] == "submitted"
    note = Notification.objects.get(kind="sales_plan_submitted")
    assert (note.recipient, note.url) == (people.maria, f"/sales-plans/{submitted.pk}/")
    with pytest.raises(ValidationError):
        services.proposal_add(actor=people.alice, plan=submitted, title="Late")


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "ingrid", "mark"])
def test_only_the_teams_manager_decides(people, submitted, persona):
    before = _state(submitted)
    first = proposals_of(submitted)[0]

    with pytest.raises(NotAllowed):
        workflow.proposal_decide(actor=getattr(people, persona), proposal=first, decision="adopt")
    with pytest.raises(NotAllowed):
        workflow.sales_plan_ask_more(actor=getattr(people, persona), plan=submitted, comment="x")

    assert _state(submitted) == before


def test_the_manager_of_another_team_does_not_decide(people, submitted):
    sam = people.charlie.teams.get().manager

    with pytest.raises(NotAllowed):
        workflow.proposal_decide(actor=sam, proposal=proposals_of(submitted)[0], decision="adopt")


def test_adopting_adjusting_and_rejecting_decide_the_plan_and_tell_the_owner(people, submitted):
    first, second = proposals_of(submitted)

    workflow.proposal_decide(actor=people.maria, proposal=first, decision="adopt")
    assert _state(submitted) == ("submitted", [("adopted", D("10000")), ("open", None)])
    with pytest.raises(ValidationError) as no_reason:
        workflow.proposal_decide(actor=people.maria, proposal=second, decision="reject")
    assert "comment" in no_reason.value.message_dict
    with pytest.raises(ValidationError) as no_amount:
        workflow.proposal_decide(actor=people.maria, proposal=second, decision="adjust")
    assert "adjusted_revenue" in no_amount.value.message_dict

    workflow.proposal_decide(
        actor=people.admin, proposal=second, decision="adjust", adjusted_revenue=D("3000")
    )

    assert _state(submitted) == ("decided", [("adopted", D("10000")), ("adjusted", D("3000"))])
    assert Notification.objects.get(kind="sales_plan_decided").recipient == people.alice
    assert queries.plans_for_list(people.alice).get().adopted_count == 2


def test_a_decided_proposal_is_not_decided_again(people, submitted):
    first = proposals_of(submitted)[0]
    workflow.proposal_decide(actor=people.maria, proposal=first, decision="adopt")

    with pytest.raises(ValidationError):
        workflow.proposal_decide(
            actor=people.maria, proposal=first, decision="reject", comment="Changed my mind"
        )

    assert _state(submitted)[1][0] == ("adopted", D("10000"))


def test_asking_for_more_returns_the_plan_with_the_comment_and_tells_the_owner(
    people, submitted, alpha
):
    with pytest.raises(ValidationError):
        workflow.sales_plan_ask_more(actor=people.maria, plan=submitted, comment="  ")
    workflow.sales_plan_ask_more(actor=people.maria, plan=submitted, comment="The team falls short")

    assert _state(submitted)[0] == "returned"
    assert SalesPlanComment.objects.get(plan=submitted).text == "The team falls short"
    assert Notification.objects.get(kind="sales_plan_ask_more").recipient == people.alice
    services.proposal_add(
        actor=people.alice, plan=refreshed(submitted), title="More", account=alpha
    )
    assert _state(submitted)[0] == "draft"
    workflow.sales_plan_submit(actor=people.alice, plan=refreshed(submitted))
    assert _state(submitted)[0] == "submitted"


def test_readers_of_a_plan(people, plan):
    readers = {
        name
        for name in ("alice", "bob", "charlie", "maria", "ingrid", "mark", "admin")
        if queries.sales_plans_readable(getattr(people, name)).filter(pk=plan.pk).exists()
    }

    assert readers == {"alice", "maria", "mark", "admin"}


def test_an_action_of_the_activity_plan_becomes_a_planned_visit_in_one_click(people, plan, alpha):
    from datetime import date

    action = services.action_add(
        actor=people.alice,
        plan=plan,
        title="Taste the new range",
        account=alpha,
        due_on=date(2099, 3, 2),
    )

    services.action_plan_activity(actor=people.alice, action=action)

    action.refresh_from_db()
    activity = action.activity
    assert (activity.subject, activity.account, activity.owner, activity.kind) == (
        "Taste the new range",
        alpha,
        people.alice,
        "visit",
    )
    assert activity.planned_start.date() == date(2099, 3, 2)
    with pytest.raises(NotAllowed):
        services.action_plan_activity(actor=people.maria, action=action)
