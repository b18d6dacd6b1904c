"""Each indicator on the hand-made data set (tests/insights/world.py), with the known answer
written out; and the list behind each figure adds up to it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from koers.core.models import User
from koers.insights import figures, registry
from koers.insights.periods import Period
from koers.insights.views import drill_total
from tests.factories import make_user

D = Decimal
NOVEMBER = Period.of("month", date(2026, 11, 1))

ALICE = {
    "revenue": D("1500.00"),
    "margin": D("700.00"),
    "pipeline_value": D("12000.00"),
    "pipeline_weighted": D("6600"),
    "quote_hit_rate": D("33.3"),
    "complaints_open": D(2),
    "complaints_overdue": D(1),
    "contact_on_track": D(1),
    "contact_due_soon": D(1),
    "contact_overdue": D(1),
    "contact_within_norm": D("66.7"),
    "target_realisation": D("75.0"),
    # Alpha Two's first order is in November; Alpha ordered in October already.
    "new_customers": D(1),
    "new_customer_revenue": D("500.00"),  # Alpha Two's invoiced order
    # Weighted 6,600 over the 500 still to go of her 2,000 target (decision 142).
    "pipeline_coverage": D("1320.0"),
}
# The indicators of decisions 142 and 148 with nothing to count in this world (their own data set is
# in test_more_indicators.py and test_pipeline_movement.py).
NOTHING = {
    "upsell_revenue": D(0),
    "new_product_groups": D(0),
    "pipeline_new": D(0),
    "pipeline_advanced": D(0),
    "pipeline_slipped": D(0),
    "pipeline_won": D(0),
    "pipeline_lost": D(0),
    "sales_cycle_days": None,
    "quote_discount": None,
    "mandate_asked": D(0),
    "mandate_approved": D(0),
    "mandate_returned": D(0),
    "visits_reported": None,
    "commitments_on_time": None,
    "visits_per_week": None,
    "calls_per_week": None,
    "dmu_coverage": None,
    "accounts_lost": D(0),
    "accounts_dormant": D(0),
    "relationship_years": None,
    # Decision 148 (its own data set is in test_wallet_satisfaction_plans.py).
    "share_of_wallet": None,
    "lost_to_competitor": D(0),
    "nps": None,
    "complaint_follow_up_satisfied": None,
    "plans_approved": None,
    "plan_drafts": None,
    "plan_revisions": D(0),
    "plan_visits_made": None,
    "proposals_adopted": D(0),
}
# Maria reads team North: alice's and bob's rows together.
MARIA = {
    "revenue": D("3500.00"),
    "margin": D("1200.00"),
    "pipeline_value": D("13000.00"),
    "pipeline_weighted": D("6800"),
    "quote_hit_rate": D("50.0"),
    "complaints_open": D(2),
    "complaints_overdue": D(1),
    "contact_on_track": D(1),
    "contact_due_soon": D(1),
    "contact_overdue": D(2),
    "contact_within_norm": D("50.0"),
    "target_realisation": D("58.3"),
    "new_customers": D(2),  # Alpha Two and Beta
    "new_customer_revenue": D("2500.00"),
    # (alice 6,600 + bob 200) over (alice 500 + bob 2,000 still to go).
    "pipeline_coverage": D("272.0"),
}
CHARLIE = {
    "revenue": D("4000.00"),
    "margin": D("3000.00"),
    "complaints_open": D(1),
    "new_customers": D(1),  # Gamma
    "new_customer_revenue": D("4000.00"),
}


def _mine(user: User, period: Period = NOVEMBER) -> dict[str, Decimal | None]:
    return {f.indicator.key: f.value for f in figures.my_figures(user, period, compare=False)}


def test_alice_sees_her_own_figures(world):
    assert _mine(world.people.alice) == ALICE | NOTHING


def test_maria_sees_the_whole_of_team_north(world):
    assert _mine(world.people.maria) == MARIA | NOTHING


def test_charlie_sees_nothing_of_north(world):
    found = _mine(world.people.charlie)
    assert {k: found[k] for k in CHARLIE} == CHARLIE
    assert found["pipeline_value"] == 0
    assert found["quote_hit_rate"] is None
    assert found["target_realisation"] is None


def test_ingrid_on_no_account_team_counts_nothing(world):
    found = _mine(world.people.ingrid)
    assert found["revenue"] == 0
    assert found["complaints_open"] == 0


def test_the_previous_period_is_october(world):
    found = {f.indicator.key: f for f in figures.my_figures(world.people.alice, NOVEMBER)}
    assert found["revenue"].previous == D("300.00")
    assert found["revenue"].change == D("1200.00")
    assert found["margin"].previous == D("200.00")
    assert found["quote_hit_rate"].previous == D("100.0")
    assert found["new_customers"].previous == D(1)  # Alpha, first ordered in October
    assert found["new_customer_revenue"].previous == D("300.00")
    # A figure of today has no previous period.
    assert found["complaints_open"].change is None


def test_a_week_has_no_target_realisation(world):
    week = Period.of("week", date(2026, 11, 2))
    found = _mine(world.people.alice, week)
    assert found["target_realisation"] is None
    assert found["revenue"] == D("1500.00")  # both orders delivered on Thursday 5 November


def test_traffic_lights_follow_the_norms(world):
    found = {f.indicator.key: f for f in figures.my_figures(world.people.alice, NOVEMBER)}
    assert found["target_realisation"].light == "bad"  # 75 % < 90 %
    assert found["contact_within_norm"].light == "bad"  # 66.7 % < 75 %
    assert found["complaints_overdue"].light == "warn"  # 1: amber up to 2
    assert found["revenue"].light == ""


def test_the_team_spread_needs_three_colleagues(world):
    found = figures.my_figures(world.people.alice, NOVEMBER)
    assert all(f.spread is None for f in found)


def test_the_team_spread_shows_quartiles_without_names(world):
    dave = make_user("dave")
    dave.teams.add(world.people.alice.teams.get())
    found = {f.indicator.key: f for f in figures.my_figures(world.people.alice, NOVEMBER)}
    # Revenue of North's account managers: alice 1,500, bob 2,000, dave 0.
    spread = found["revenue"].spread
    assert (spread.q1, spread.median, spread.q3, spread.people) == (
        D("750.0"),
        D("1500.0"),
        D("1750.0"),
        3,
    )


def test_the_team_matrix_lists_each_account_manager(world):
    matrix = figures.team_matrix(world.people.maria, NOVEMBER, sort="revenue")
    names = [row.person.username for row in matrix.rows]
    assert names == ["bob", "alice"]  # highest revenue first; ingrid is inside sales
    bob = {f.indicator.key: f.value for f in matrix.rows[0].figures}
    assert bob["revenue"] == D("2000.00")
    assert bob["target_realisation"] == D("50.0")
    assert bob["contact_overdue"] == 1
    totals = {f.indicator.key: f.value for f in matrix.totals}
    assert totals == MARIA | NOTHING


def test_the_matrix_sorts_low_to_high_on_request(world):
    matrix = figures.team_matrix(world.people.maria, NOVEMBER, sort="revenue", descending=False)
    assert [row.person.username for row in matrix.rows] == ["alice", "bob"]


@pytest.mark.parametrize("key", sorted(ALICE))
@pytest.mark.parametrize("who", ["alice", "maria"])
def test_the_rows_behind_a_figure_add_up_to_it(world, key, who):
    user = getattr(world.people, who)
    expected = (ALICE if who == "alice" else MARIA)[key]
    indicator = registry.get(key)
    person = user.pk if who == "alice" else None
    drill = indicator.drill(user, NOVEMBER, person)
    rows = list(drill.rows)
    if key == "quote_hit_rate":
        accepted = sum(1 for r in rows if r.status == "accepted")
        assert D(accepted * 100 / len(rows)).quantize(D("0.1")) == expected
    elif key == "contact_within_norm":
        within = sum(1 for r in rows if r.contact_state.due_on >= date(2026, 11, 20))
        assert D(within * 100 / len(rows)).quantize(D("0.1")) == expected
    elif key == "pipeline_coverage":
        to_go = D(500) if who == "alice" else D(2500)
        assert (drill_total(drill) * 100 / to_go).quantize(D("0.1")) == expected
    elif key == "target_realisation":
        realised = sum(r.actual for r in rows) * 100 / sum(r.amount for r in rows)
        assert D(realised).quantize(D("0.1")) == expected
    elif indicator.unit == registry.COUNT:
        assert len(rows) == expected
    else:
        assert drill_total(drill) == expected
