"""A goal's product group in the plan's progress (decision 144): a revenue or margin goal with
a product group counts only the order lines of that group and its subgroups; a goal without
one the whole account. Hand-made orders, as of the 14th of March 2026 (a fifth of the year)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from koers.planning.plans import services
from koers.planning.plans.overview import with_goals
from koers.planning.plans.progress import plan_progress, progress_for
from koers.sales.models import OrderStatus
from tests.factories import make_account
from tests.planning.plan_factories import make_plan
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group

D = Decimal
AS_OF = date(2026, 3, 14)


def _plan(people):
    alice = people.alice
    bread, pastry = make_group("BROOD"), make_group("BANKET")
    rye = make_group("ROGGE", parent=bread)
    chain = make_account(alice, "Keten")
    utrecht = make_account(alice, "Keten Utrecht", parent=chain)
    # Bread 400 + rye (a subgroup of bread) 250 + pastry 1000 + a line without group 50.
    delivered(
        alice,
        chain,
        date(2026, 1, 10),
        [
            (bread, "400.00", "100.00", "1"),
            (pastry, "1000.00", "600.00", "1"),
            (None, "50", "0", "1"),
        ],
    )
    delivered(alice, utrecht, date(2026, 2, 10), [(rye, "250.00", "50.00", "1")])
    # Not counted: after the day asked, not delivered, and last year.
    delivered(alice, chain, date(2026, 4, 1), [(bread, "999.00", "0", "1")])
    delivered(
        alice, chain, date(2026, 2, 1), [(bread, "777.00", "0", "1")], status=OrderStatus.CONFIRMED
    )
    delivered(alice, chain, date(2025, 12, 31), [(rye, "555.00", "0", "1")])
    plan = make_plan(alice, chain, year=2026)

    def goal(title, metric, target, group=None, branch=None):
        return {
            "title": title,
            "metric": metric,
            "target": D(target),
            "product_group": group,
            "branch": branch,
            "actions": [],
        }

    services.goals_replace(
        actor=alice,
        plan=plan,
        goals=[
            goal("All", "revenue", "10000"),
            goal("Bread", "revenue", "2000", bread),
            goal("Bread margin", "margin", "1000", bread),
            goal("Rye", "revenue", "1000", rye),
            goal("Pastry", "revenue", "1000", pastry),
            goal("Bread in Utrecht", "revenue", "500", bread, utrecht),
            goal("Visits of bread", "visits", "5", bread),
        ],
    )
    return with_goals(type(plan).objects.filter(pk=plan.pk)).get()


def test_a_goal_with_a_product_group_counts_that_group_and_its_subgroups(people):
    progress = plan_progress(_plan(people), AS_OF)

    actuals = {g.goal.title: g.actual for g in progress.goals}
    assert actuals == {
        "All": D("1700.00"),
        "Bread": D("650.00"),
        "Bread margin": D("500.00"),
        "Rye": D("250.00"),
        "Pastry": D("1000.00"),
        "Bread in Utrecht": D("250.00"),
        "Visits of bread": D("0"),
    }


def test_the_group_decides_whether_a_goal_is_behind(people):
    goals = {g.goal.title: g for g in plan_progress(_plan(people), AS_OF).goals}

    # A fifth of each target is expected by now; 10 % below it is behind.
    assert (goals["Bread"].expected, goals["Bread"].status) == (D("400.00"), "on_track")
    assert (goals["Rye"].expected, goals["Rye"].status) == (D("200.00"), "on_track")
    assert (goals["Pastry"].expected, goals["Pastry"].status) == (D("200.00"), "on_track")
    assert goals["All"].status == "behind"


def test_many_plans_ask_the_groups_in_one_more_query(people, django_assert_num_queries):
    plan = _plan(people)

    with django_assert_num_queries(5):
        progress = progress_for([plan], AS_OF)

    assert {g.goal.title: g.actual for g in progress[plan.pk].goals}["Bread"] == D("650.00")
