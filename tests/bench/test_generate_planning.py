"""The benchmark's account plans and targets at size XS (bench/apps/planning_plans.py,
planning_targets.py): the counts as designed, plans that follow their workflow's rules, and
targets that the grid and the API read (their scenarios are requested in test_generate.py)."""

from __future__ import annotations

from collections import Counter

import pytest
from bench.apps.planning_plans import BRANCH_PARTS
from bench.apps.planning_targets import MAIN_GROUPS
from bench.generate import SIZES, generate
from django.db.models import Count, Q, Sum
from django.utils import timezone

from koers.accounts.models import Account
from koers.core.models import Role, Team, User
from koers.planning.models import (
    AccountAnalysis,
    AccountPlan,
    PlanAction,
    PlanComment,
    PlanGoal,
    PlanTeamMember,
    PlanVersion,
)
from koers.planning.models.targets import Target
from koers.planning.targets import grid as grids
from koers.sales.models import ProductGroup
from tests.module_data import module_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _generated(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker, lambda: generate("XS")) as result:
        yield result


@pytest.fixture
def result(_generated, db):
    return _generated


def _year() -> int:
    return timezone.localdate().year


def _planned_accounts() -> tuple[set[int], set[int]]:
    """Accounts that get this year's plan for sure (A accounts and chain tops) and those that
    never get one (branches, regional offices, former customers)."""
    tops = Account.objects.filter(parent__isnull=True).exclude(status="former")
    sure = set(tops.filter(Q(tier="A") | Q(children__isnull=False)).values_list("pk", flat=True))
    never = set(
        Account.objects.filter(Q(parent__isnull=False) | Q(status="former")).values_list(
            "pk", flat=True
        )
    )
    return sure, never


def test_about_half_the_accounts_have_a_plan_this_year_with_ten_goals_and_actions_each(result):
    accounts = SIZES["XS"].accounts
    this_year = AccountPlan.objects.filter(year=_year())
    goals_and_actions = PlanGoal.objects.count() + PlanAction.objects.count()

    assert 0.25 * accounts <= this_year.count() <= 0.75 * accounts
    written = [AccountPlan, PlanGoal, PlanAction, PlanVersion, PlanComment, PlanTeamMember]
    assert result.counts["account plans"] == sum(m.objects.count() for m in written) + (
        AccountPlan.discussed_with.through.objects.count()
    )
    assert PlanTeamMember.objects.exists()
    assert AccountPlan.discussed_with.through.objects.exists()
    assert 6 * AccountPlan.objects.count() <= goals_and_actions <= 16 * AccountPlan.objects.count()


def test_every_a_account_and_chain_top_has_this_and_last_year_s_plan_and_no_branch_has_one(
    result,
):
    sure, never = _planned_accounts()
    years = Counter(AccountPlan.objects.values_list("account_id", flat=True))

    assert sure
    assert all(years[pk] == 2 for pk in sure)
    assert not any(years[pk] for pk in never)
    assert set(AccountPlan.objects.values_list("year", flat=True)) == {_year() - 1, _year()}
    last_year = AccountPlan.objects.filter(year=_year() - 1)
    assert set(last_year.values_list("status", flat=True)) == {"approved"}


def test_plans_are_in_every_state_with_versions_and_comments_as_their_workflow_leaves_them(
    result,
):
    statuses = set(AccountPlan.objects.values_list("status", flat=True))
    assert {"draft", "approved"} < statuses <= {"draft", "submitted", "returned", "approved"}
    for plan in AccountPlan.objects.annotate(
        n_versions=Count("versions", distinct=True),
        n_returns=Count("comments", filter=Q(comments__kind="return"), distinct=True),
        n_revisions=Count("comments", filter=Q(comments__kind="revision"), distinct=True),
    ).select_related("owner"):
        assert plan.owner.role == Role.ACCOUNT_MANAGER
        assert plan.n_revisions == plan.revisions
        assert plan.n_versions >= plan.drafts
        if plan.status == "draft" and not plan.revisions:
            assert plan.n_versions == 0
            assert plan.decided_by_id is None
        else:
            assert plan.n_versions >= 1
            assert plan.submitted_at is not None
        if plan.status == "returned":
            assert plan.n_returns >= 1
        if plan.status in ("approved", "returned"):
            manager = Team.objects.get(members=plan.owner_id).manager_id
            assert plan.decided_by_id == manager
            assert plan.decided_at >= plan.submitted_at
    versions = PlanVersion.objects.order_by("pk").first()
    assert versions.content["goals"]
    assert versions.content["goals"][0]["title"]


def test_a_chain_top_s_plan_has_a_part_per_branch_owned_by_the_branch_s_account_manager(result):
    branches = Account.objects.filter(root__isnull=False, children__isnull=True)
    root_id = Counter(branches.values_list("root_id", flat=True)).most_common(1)[0][0]
    plan = AccountPlan.objects.get(account_id=root_id, year=_year())
    parts = PlanGoal.objects.filter(plan=plan, branch__isnull=False)

    assert parts.count() == min(branches.filter(root_id=root_id).count(), BRANCH_PARTS)
    for part in parts.select_related("branch"):
        assert part.owner_id == part.branch.owner_id
        assert part.branch.root_id == root_id
        assert part.actions.count() == 1


def test_four_in_five_analyses_are_scored_for_the_portfolio(result):
    scored = AccountAnalysis.objects.filter(attractiveness__isnull=False)

    assert scored.filter(relationship_strength__isnull=True).count() == 0
    assert set(scored.values_list("attractiveness", flat=True)) <= {1, 2, 3, 4, 5}
    assert 0.7 * AccountAnalysis.objects.count() <= scored.count() < AccountAnalysis.objects.count()


def test_targets_have_the_rows_of_every_level_as_designed(result):
    size = SIZES["XS"]
    groups = min(MAIN_GROUPS, ProductGroup.objects.filter(parent__isnull=True).count())
    tops = Account.objects.filter(parent__isnull=True).exclude(status="former")
    roots = Account.objects.filter(root__isnull=False).values("root_id")
    chain_tops = tops.filter(pk__in=roots).count()
    a_accounts = tops.filter(tier="A").exclude(pk__in=roots).count()
    b_accounts = tops.filter(tier="B").exclude(pk__in=roots).count()
    branches = (
        Account.objects.filter(root__isnull=False, children__isnull=True)
        .exclude(status="former")
        .count()
    )
    per_level = dict(Target.objects.values_list("level").annotate(n=Count("pk")).order_by())
    years = 2  # this year and last

    assert per_level["company"] == 3 * 13 * years
    assert per_level["team"] == size.teams * 3 * 13 * years
    assert per_level["user"] == size.account_managers * 3 * 13 * years
    assert per_level["user_group"] == size.account_managers * groups * 2 * 13 * years
    assert per_level["product_group"] == groups * 2 * 13 * years
    assert per_level["account"] == ((a_accounts + chain_tops) * 15 + b_accounts * 3) * years
    assert per_level["branch"] == branches * 5 * years
    assert result.counts["targets"] == Target.objects.count()


def test_an_account_manager_s_months_add_up_to_the_year_and_some_years_have_a_stretch(result):
    am = User.objects.filter(role=Role.ACCOUNT_MANAGER).order_by("pk").first()
    mine = Target.objects.filter(level="user", user=am, measure="revenue", year=_year())
    year = mine.get(period_kind="year")
    months = mine.filter(period_kind="month").aggregate(s=Sum("amount"))["s"]

    assert months == year.amount > 0
    assert year.stretch > year.amount
    assert Target.objects.filter(level="account", stretch__isnull=False).exists()
    assert Target.objects.filter(level="account", stretch__isnull=True).exists()


def test_the_team_grid_shows_the_team_s_targets_and_a_row_per_account_manager(result):
    manager = User.objects.filter(role=Role.MANAGER).first()
    team = Team.objects.get(manager=manager)

    grid = grids.build(
        manager, view="team", measure="revenue", year=_year(), team=team, person=None
    )

    assert grid.parent.year > 0
    assert len(grid.rows) == team.members.filter(role=Role.ACCOUNT_MANAGER).count()
    assert all(row.year and row.months[11] for row in grid.rows)
