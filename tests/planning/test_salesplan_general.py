"""The general sales plan (issue 15): the sum of the individual plans, by hand-made data, per
team and for the company, with the gap to the revenue targets of the period."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from koers.core.models import Team
from koers.planning.salesplans import general, workflow
from tests.factories import make_account, make_team, make_user
from tests.planning.salesplan_factories import make_sales_plan, proposals_of, set_target


@pytest.fixture
def plans(people):
    """alice: 10,000 + 5,000 (cost 500 + 250); bob: 7,500 (cost 100); charlie (South): 20,000.
    A plan of another period (alice, Q1) must not count."""
    alpha = make_account(people.alice, "Alpha")
    beta = make_account(people.bob, "Beta")
    gamma = make_account(people.charlie, "Gamma")
    alice = make_sales_plan(people.alice, [(alpha, "10000", "500"), (alpha, "5000", "250")])
    bob = make_sales_plan(people.bob, [(beta, "7500", "100")])
    charlie = make_sales_plan(people.charlie, [(gamma, "20000", "0")])
    make_sales_plan(people.alice, [(alpha, "99999", "0")], period_kind="quarter", period=1)
    return {"alice": alice, "bob": bob, "charlie": charlie}


def _row(line):
    return (line.label, line.revenue, line.adopted_revenue, line.cost, line.adopted, line.proposals)


def test_the_team_plan_is_the_sum_of_its_peoples_plans(people, plans):
    north = Team.objects.get(name="North")

    result = general.team_plan(north, 2026, "year", 1)

    assert [_row(line) for line in result.lines] == [
        ("Alice Tester", D("15000.00"), D("0.00"), D("750.00"), 0, 2),
        ("Bob Tester", D("7500.00"), D("0.00"), D("100.00"), 0, 1),
    ]
    assert (result.total.revenue, result.total.cost, result.total.proposals) == (
        D("22500.00"),
        D("850.00"),
        3,
    )
    assert result.total.revenue == sum(line.revenue for line in result.lines)


def test_the_company_plan_is_the_sum_of_every_plan_and_each_team_of_its_people(people, plans):
    result = general.company_plan(Team.objects.order_by("name"), 2026, "year", 1)

    assert [(line.label, line.revenue) for line in result.lines] == [
        ("North", D("22500.00")),
        ("South", D("20000.00")),
    ]
    assert result.total.revenue == D("42500.00")
    assert result.total.proposals == 4


def test_decisions_move_the_plan_rejected_adds_nothing_adjusted_its_adopted_revenue(people, plans):
    alice = plans["alice"]
    workflow.sales_plan_submit(actor=people.alice, plan=alice)
    first, second = proposals_of(alice)
    workflow.proposal_decide(
        actor=people.maria, proposal=first, decision="adjust", adjusted_revenue=D("8000")
    )
    workflow.proposal_decide(
        actor=people.maria, proposal=second, decision="reject", comment="Not this year"
    )

    line = general.team_plan(Team.objects.get(name="North"), 2026, "year", 1).lines[0]

    assert (line.revenue, line.adopted_revenue, line.cost, line.adopted) == (
        D("8000.00"),
        D("8000.00"),
        D("500.00"),
        1,
    )


def test_the_gap_is_the_target_of_the_period_minus_the_plan(people, plans):
    north = Team.objects.get(name="North")
    set_target(people.maria, "team", {"team": north.pk}, "30000")
    set_target(people.maria, "user", {"user": people.alice.pk}, "12000")

    result = general.team_plan(north, 2026, "year", 1)

    assert (result.total.target, result.total.gap, result.total.short) == (
        D("30000"),
        D("7500.00"),
        True,
    )
    alice, bob = result.lines
    assert (alice.target, alice.gap, alice.short) == (D("12000"), D("-3000.00"), False)
    assert (bob.target, bob.gap) == (None, None)


@pytest.mark.parametrize(
    ("targets", "kind", "period", "expected"),
    [
        ({("year", 1): D("1200")}, "year", 1, D("1200")),
        ({("year", 1): D("1200")}, "quarter", 2, D("300.00")),
        ({("year", 1): D("1200")}, "half", 2, D("600.00")),
        ({("quarter", 1): D("100"), ("quarter", 2): D("200")}, "half", 1, D("300")),
        ({("month", 4): D("10"), ("month", 5): D("20")}, "quarter", 2, D("30")),
        ({("quarter", 3): D("70"), ("year", 1): D("1200")}, "quarter", 3, D("70")),
        ({}, "year", 1, None),
    ],
)
def test_the_target_of_a_period(targets, kind, period, expected):
    assert general.period_target(targets, kind, period) == expected


def test_someone_without_a_plan_shows_as_a_line_of_nothing(people):
    dora = make_user("dora")
    make_team("East", people.maria, dora)

    result = general.team_plan(Team.objects.get(name="East"), 2026, "year", 1)

    assert [(line.label, line.revenue, line.plan) for line in result.lines] == [
        (str(dora), D("0.00"), None)
    ]
