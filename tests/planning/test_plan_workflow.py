"""The account plan's workflow per persona (issue 14): only the owner submits; only the manager
of the owner's team approves or returns; an approved plan is read-only except through a
revision; drafts and revisions are counted right; every submitted version is kept."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from koers.accounts import services as account_services
from koers.core.errors import NotAllowed
from koers.core.lifecycle import TransitionRefused
from koers.planning.models import AccountPlan, PlanComment, PlanVersion
from koers.planning.plans import services
from tests.factories import make_account, make_user
from tests.planning.plan_factories import make_plan, refreshed


@pytest.fixture
def plan(people, account):
    return make_plan(people.alice, account)


def _state(plan):
    plan = refreshed(plan)
    return plan.status, plan.drafts, plan.revisions, plan.versions.count()


def test_a_plan_starts_from_the_template_of_its_type(people, account):
    plan = make_plan(people.alice, account, plan_type="grow")

    goals = list(plan.goals.order_by("position"))
    assert [g.metric for g in goals] == ["revenue", "share_of_wallet"]
    assert [a.title for a in goals[0].actions.all()] == [
        "Present the new assortment",
        "Follow up on the trial order",
    ]
    assert {g.owner for g in goals} == {people.alice}
    assert (plan.status, plan.owner, plan.drafts, plan.revisions) == ("draft", people.alice, 0, 0)


def test_a_saved_template_is_used_for_new_plans(people, account):
    services.template_save(
        actor=people.maria,
        plan_type="retain",
        goals="visits: Visit every month\n- Book the visits",
        dmu_strategy="Talk to the owner",
    )

    plan = make_plan(people.alice, account, plan_type="retain")

    assert [(g.metric, g.title) for g in plan.goals.all()] == [("visits", "Visit every month")]
    assert plan.dmu_strategy == "Talk to the owner"


def test_templates_are_kept_by_managers_and_administrators_only(people):
    with pytest.raises(NotAllowed):
        services.template_save(actor=people.alice, plan_type="grow", goals="x", dmu_strategy="")


def test_one_plan_per_account_per_year(people, account, plan):
    with pytest.raises(ValidationError) as caught:
        make_plan(people.alice, account)

    assert "year" in caught.value.message_dict
    assert AccountPlan.objects.count() == 1


def test_only_the_owner_submits(people, plan):
    for other in (people.maria, people.admin):
        with pytest.raises(NotAllowed):
            services.plan_submit(actor=other, plan=plan)

    assert _state(plan) == ("draft", 0, 0, 0)


def test_only_the_manager_of_the_owners_team_approves_or_returns(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)
    for other in (people.alice, people.bob, people.charlie, people.ingrid, people.mark):
        with pytest.raises(NotAllowed):
            services.plan_approve(actor=other, plan=refreshed(plan))
        with pytest.raises(NotAllowed):
            services.plan_return(actor=other, plan=refreshed(plan), comment="No")
    sam = make_user("sam2", role="manager")  # a manager of no team of alice's

    with pytest.raises(NotAllowed):
        services.plan_approve(actor=sam, plan=refreshed(plan))
    assert _state(plan) == ("submitted", 1, 0, 1)

    services.plan_approve(actor=people.maria, plan=refreshed(plan))
    assert refreshed(plan).status == "approved"
    assert refreshed(plan).decided_by == people.maria


def test_an_administrator_may_approve(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)

    services.plan_approve(actor=people.admin, plan=refreshed(plan))

    assert refreshed(plan).status == "approved"


def test_a_plan_without_goals_is_not_submitted(people, account):
    plan = make_plan(people.alice, account)
    plan.goals.all().delete()

    with pytest.raises(TransitionRefused, match="at least one goal"):
        services.plan_submit(actor=people.alice, plan=plan)
    assert _state(plan) == ("draft", 0, 0, 0)


def test_a_return_needs_a_comment_and_keeps_it(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)

    with pytest.raises(ValidationError):
        services.plan_return(actor=people.maria, plan=refreshed(plan), comment="  ")
    assert refreshed(plan).status == "submitted"

    services.plan_return(actor=people.maria, plan=refreshed(plan), comment="Higher target")
    assert refreshed(plan).status == "returned"
    comment = PlanComment.objects.get(plan=plan)
    assert (comment.kind, comment.text, comment.author) == ("return", "Higher target", people.maria)


def test_a_returned_plan_is_a_draft_again_once_changed(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)
    services.plan_return(actor=people.maria, plan=refreshed(plan), comment="Higher target")

    current = refreshed(plan)
    services.plan_update(
        actor=people.alice,
        plan=current,
        expected_version=current.version,
        data={"expected_revenue": D("250000")},
    )

    assert refreshed(plan).status == "draft"
    assert refreshed(plan).expected_revenue == D("250000.00")


def test_drafts_are_counted_until_approval(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)
    services.plan_return(actor=people.maria, plan=refreshed(plan), comment="More visits")
    services.plan_submit(actor=people.alice, plan=refreshed(plan))
    services.plan_approve(actor=people.maria, plan=refreshed(plan))

    assert _state(plan) == ("approved", 2, 0, 2)
    assert list(plan.versions.values_list("number", flat=True)) == [2, 1]


def test_an_approved_plan_is_read_only(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)
    services.plan_approve(actor=people.maria, plan=refreshed(plan))
    approved = refreshed(plan)
    goal = approved.goals.first()

    with pytest.raises(ValidationError, match="revise it first"):
        services.plan_update(
            actor=people.alice,
            plan=approved,
            expected_version=approved.version,
            data={"risks": "None"},
        )
    with pytest.raises(ValidationError):
        services.goal_add(actor=people.alice, plan=approved, title="More")
    with pytest.raises(ValidationError):
        services.goal_delete(actor=people.alice, goal=goal)
    with pytest.raises(TransitionRefused, match="revise it first"):
        services.plan_submit(actor=people.alice, plan=approved)

    assert refreshed(plan).risks == ""
    assert approved.goals.count() == 2


def test_a_revision_has_a_reason_is_counted_and_is_approved_again(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)
    services.plan_approve(actor=people.maria, plan=refreshed(plan))

    with pytest.raises(ValidationError):
        services.plan_revise(actor=people.alice, plan=refreshed(plan), reason="")
    with pytest.raises(NotAllowed):
        services.plan_revise(actor=people.maria, plan=refreshed(plan), reason="Mine")
    assert _state(plan) == ("approved", 1, 0, 1)

    services.plan_revise(actor=people.alice, plan=refreshed(plan), reason="New branch opens")
    assert _state(plan) == ("draft", 1, 1, 1)
    assert refreshed(plan).revision_reason == "New branch opens"

    services.plan_submit(actor=people.alice, plan=refreshed(plan))
    services.plan_approve(actor=people.maria, plan=refreshed(plan))
    assert _state(plan) == ("approved", 1, 1, 2)


def test_a_submitted_version_keeps_the_plan_as_it_was(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)
    services.plan_return(actor=people.maria, plan=refreshed(plan), comment="Rename")
    goal = plan.goals.order_by("position").first()
    services.goal_update(actor=people.alice, goal=goal, data={"title": "Renamed"})

    first = PlanVersion.objects.get(plan=plan, number=1)
    assert first.content["goals"][0]["title"] == "Grow revenue in a new product group"
    assert first.content["goals"][0]["actions"][0]["title"] == "Present the new assortment"
    assert first.submitted_by == people.alice


def test_the_manager_proposes_and_the_owner_takes_it_over(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)
    proposal = services.proposal_add(
        actor=people.maria, plan=refreshed(plan), part="risks", proposed_text="Price war"
    )
    with pytest.raises(NotAllowed):
        services.proposal_add(
            actor=people.bob, plan=refreshed(plan), part="risks", proposed_text="x"
        )
    services.plan_return(actor=people.maria, plan=refreshed(plan), comment="See my proposal")

    with pytest.raises(NotAllowed):
        services.proposal_decide(actor=people.maria, proposal=proposal, accept=True)
    services.proposal_decide(actor=people.alice, proposal=proposal, accept=True)

    assert refreshed(plan).risks == "Price war"
    assert PlanComment.objects.get(pk=proposal.pk).proposal_state == "accepted"
    assert refreshed(plan).status == "draft"


def test_a_rejected_proposal_changes_nothing(people, plan):
    services.plan_submit(actor=people.alice, plan=plan)
    proposal = services.proposal_add(
        actor=people.maria, plan=refreshed(plan), part="risks", proposed_text="Price war"
    )

    services.proposal_decide(actor=people.alice, proposal=proposal, accept=False)

    assert refreshed(plan).risks == ""
    assert refreshed(plan).status == "submitted"


def test_level_a_gives_input_when_the_administrator_sets_it(people, account):
    services.settings_save(actor=people.admin, level_a_gives_input=True)
    own = make_account(people.bob, "Bob's own")  # bob is level A
    with pytest.raises(NotAllowed):
        make_plan(people.bob, own)
    plan = make_plan(people.alice, account)
    assert AccountPlan.objects.filter(account=own).count() == 0
    services.settings_save(actor=people.admin, level_a_gives_input=False)
    own_plan = make_plan(people.bob, own)

    assert own_plan.owner == people.bob
    assert plan.owner == people.alice


def test_level_a_comments_on_a_plan_they_read(people, account):
    services.settings_save(actor=people.admin, level_a_gives_input=True)
    account_services.account_team_add(
        actor=people.alice, account=account, user=people.bob, role="co_account_manager"
    )
    plan = make_plan(people.alice, account)

    comment = services.comment_add(actor=people.bob, plan=plan, text="They want a tasting day")

    assert comment.author == people.bob
    with pytest.raises(NotAllowed):
        services.goal_add(actor=people.bob, plan=plan, title="Mine")


def test_marketing_may_not_comment(people, plan):
    with pytest.raises(NotAllowed):
        services.comment_add(actor=people.mark, plan=plan, text="Hi")
    assert PlanComment.objects.count() == 0


def test_an_action_becomes_a_visit_and_shows_done_when_it_is(people, plan):
    from koers.relations import services as relations

    action = plan.goals.order_by("position").first().actions.first()

    services.action_plan_activity(actor=people.alice, action=action)
    action.refresh_from_db()
    assert (action.activity.kind, action.activity.subject) == ("visit", action.title)
    assert action.shown_status == "open"
    with pytest.raises(ValidationError):
        services.action_plan_activity(actor=people.alice, action=action)

    relations.activity_complete(actor=people.alice, activity=action.activity, outcome="Done")
    action.refresh_from_db()
    assert action.shown_status == "done"


def test_a_chain_plan_has_goals_per_branch(people, account):
    branch = make_account(people.alice, "Bakkerij Jansen Zeist", parent=account)
    other = make_account(people.alice, "Elsewhere")
    plan = make_plan(people.alice, account)

    goal = services.goal_add(
        actor=people.alice, plan=plan, title="Zeist sells bread", metric="revenue", branch=branch
    )
    with pytest.raises(ValidationError):
        services.goal_add(actor=people.alice, plan=plan, title="No", branch=other)

    assert goal.branch == branch
    assert plan.goals.filter(branch=branch).count() == 1
