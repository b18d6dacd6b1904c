"""The progress of an account plan against a hand-made data set with known answers: a chain
with two branches, orders of the chain, of a branch through the chain and of the branches
themselves, visits, actions and analyses; as of the 14th of March 2026, a fifth of the year
(day 73 of 365), so each goal's pro-rata part is a fifth of its target (decision 127)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from koers.planning.models import AccountAnalysis, PlanningSettings
from koers.planning.plans import services
from koers.planning.plans.overview import with_goals
from koers.planning.plans.progress import elapsed, plan_progress, progress_for
from koers.planning.portfolio import health
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.sales.models import OrderStatus
from tests.factories import make_account
from tests.planning.plan_factories import make_plan, refreshed
from tests.planning.target_factories import delivered

D = Decimal
AS_OF = date(2026, 3, 14)


def _visit(people, account, day, status):
    extra = {"cancel_reason": "customer"} if status == ActivityStatus.CANCELLED else {}
    return Activity.objects.create(
        **extra,
        account=account,
        kind=ActivityKind.VISIT,
        subject="Visit",
        owner=people.alice,
        status=status,
        planned_start=timezone.make_aware(datetime(day.year, day.month, day.day, 10)),
    )


def _order(people, account, day, net, cost, **kwargs):
    delivered(people.alice, account, day, [(None, net, cost, "1")], **kwargs)


@pytest.fixture
def chain_plan(people):
    """The chain Keten with branches Utrecht and Zwolle, and the plan of 2026 with its goals."""
    alice = people.alice
    chain = make_account(alice, "Keten")
    utrecht = make_account(alice, "Keten Utrecht", parent=chain)
    zwolle = make_account(alice, "Keten Zwolle", parent=chain)
    _order(people, chain, date(2026, 1, 10), "1000.00", "600.00")
    _order(people, chain, date(2026, 2, 1), "500.00", "200.00", branch=utrecht)
    _order(people, utrecht, date(2026, 3, 1), "300.00", "100.00")
    _order(people, zwolle, date(2026, 3, 10), "200.00", "150.00")
    # Not counted: after the day asked, the year before, not delivered.
    _order(people, zwolle, date(2026, 3, 20), "999.00", "0")
    _order(people, chain, date(2025, 12, 31), "5000.00", "0")
    _order(people, chain, date(2026, 2, 2), "777.00", "0", status=OrderStatus.CONFIRMED)
    _visit(people, chain, date(2026, 2, 3), ActivityStatus.DONE)
    _visit(people, utrecht, date(2026, 3, 2), ActivityStatus.DONE)
    _visit(people, chain, date(2026, 5, 5), ActivityStatus.PLANNED)
    _visit(people, chain, date(2026, 2, 4), ActivityStatus.CANCELLED)
    AccountAnalysis.objects.create(account=chain, analysed_on=date(2025, 6, 1), purchase_volume=1)
    AccountAnalysis.objects.create(
        account=chain, analysed_on=date(2025, 11, 1), purchase_volume=D("40000")
    )
    AccountAnalysis.objects.create(
        account=utrecht, analysed_on=date(2025, 11, 1), purchase_volume=D("8000")
    )
    plan = make_plan(alice, chain, year=2026)

    def goal(title, metric, target, branch=None, actions=()):
        return {
            "title": title,
            "metric": metric,
            "target": None if target is None else D(target),
            "branch": branch,
            "actions": [{"title": t, "status": s} for t, s in actions],
        }

    services.goals_replace(
        actor=alice,
        plan=plan,
        goals=[
            goal("Revenue", "revenue", "10000", actions=[("Offer", "done"), ("Call", "open")]),
            goal("Margin", "margin", "6000", actions=[("Old idea", "dropped")]),
            goal("Utrecht grows", "revenue", "3000", utrecht),
            goal("Zwolle grows", "revenue", "2000", zwolle),
            goal("Visits", "visits", "10"),
            goal("Share", "share_of_wallet", "20"),
            goal("Know the buyer", "relationship", None),
        ],
    )
    loaded = with_goals(type(plan).objects.filter(pk=plan.pk)).get()
    return {"plan": loaded, "chain": chain, "utrecht": utrecht, "zwolle": zwolle}


def _by_title(progress):
    return {g.goal.title: g for g in progress.goals}


def test_the_share_of_the_year_gone_by_is_counted_in_days():
    assert elapsed(2026, AS_OF) == D(73) / D(365) == D("0.2")
    assert elapsed(2026, date(2025, 12, 31)) == 0
    assert elapsed(2026, date(2027, 1, 5)) == 1


def test_the_whole_account_counts_the_chain_and_its_branches(chain_plan):
    progress = plan_progress(chain_plan["plan"], AS_OF)

    whole = progress.whole
    assert (whole.revenue, whole.margin) == (D("2000.00"), D("950.00"))
    assert (whole.visits_done, whole.visits_planned) == (2, 1)
    assert whole.share_of_wallet == D("5.0")
    assert (progress.actions_done, progress.actions_planned) == (1, 2)
    assert progress.visits_goal == D("10")


def test_each_branch_counts_its_own_orders_and_those_delivered_to_it(chain_plan):
    progress = plan_progress(chain_plan["plan"], AS_OF)

    parts = {p.branch.name if p.branch else "": p for p in progress.parts}
    assert list(parts) == ["", "Keten Utrecht", "Keten Zwolle"]
    utrecht, zwolle = parts["Keten Utrecht"].figures, parts["Keten Zwolle"].figures
    assert (utrecht.revenue, utrecht.margin, utrecht.visits_done) == (D("800.00"), D("500.00"), 1)
    assert utrecht.share_of_wallet == D("10.0")
    assert (zwolle.revenue, zwolle.margin, zwolle.share_of_wallet) == (
        D("200.00"),
        D("50.00"),
        None,
    )
    assert [g.goal.title for g in parts["Keten Utrecht"].goals] == ["Utrecht grows"]


def test_each_goal_is_measured_against_its_pro_rata_part(chain_plan):
    goals = _by_title(plan_progress(chain_plan["plan"], AS_OF))

    assert [(t, g.expected, g.actual, g.status) for t, g in goals.items()] == [
        ("Revenue", D("2000.00"), D("2000.00"), "on_track"),
        ("Margin", D("1200.00"), D("950.00"), "behind"),
        ("Utrecht grows", D("600.00"), D("800.00"), "on_track"),
        ("Zwolle grows", D("400.00"), D("200.00"), "behind"),
        ("Visits", D("2.00"), D("2"), "on_track"),
        ("Share", D("4.00"), D("5.0"), "on_track"),
        ("Know the buyer", None, None, "not_measured"),
    ]
    assert goals["Utrecht grows"].achieved == 27  # 800 of 3000


def test_the_plan_is_on_track_for_the_share_of_its_measured_goals(chain_plan):
    progress = plan_progress(chain_plan["plan"], AS_OF)

    assert (progress.on_track, progress.measured, progress.percent) == (4, 6, 67)
    assert [g.goal.title for g in progress.behind] == ["Margin", "Zwolle grows"]


def test_the_margin_before_a_goal_is_behind_is_a_setting(chain_plan):
    PlanningSettings.objects.create(pk=1, deviation_margin=25)

    progress = plan_progress(chain_plan["plan"], AS_OF)

    # Margin: 950 is more than 75 % of 1200 (900): on track now; Zwolle's 200 of 400 is not.
    assert [g.goal.title for g in progress.behind] == ["Zwolle grows"]


def test_an_order_entered_moves_the_progress_at_once(people, chain_plan):
    _order(people, chain_plan["zwolle"], date(2026, 3, 12), "250.00", "0")

    goals = _by_title(plan_progress(chain_plan["plan"], AS_OF))

    assert goals["Zwolle grows"].actual == D("450.00")
    assert goals["Zwolle grows"].status == "on_track"


def test_the_latest_recorded_cause_is_shown_with_its_goal(people, chain_plan):
    plan = chain_plan["plan"]
    margin = plan.goals.get(title="Margin")
    services.deviation_record(
        actor=people.alice, goal=margin, cause="price", corrective_action="A", as_of=AS_OF
    )
    services.deviation_record(
        actor=people.alice, goal=margin, cause="competitor", corrective_action="B", as_of=AS_OF
    )

    goals = _by_title(plan_progress(plan, AS_OF))

    assert goals["Margin"].deviation.cause == "competitor"
    assert goals["Zwolle grows"].deviation is None


def test_many_plans_take_a_fixed_number_of_queries(people, chain_plan, django_assert_num_queries):
    other = make_plan(people.alice, make_account(people.alice, "Other"), year=2026)
    plans = list(with_goals(type(other).objects.filter(pk__in=[other.pk, chain_plan["plan"].pk])))

    # The setting, the orders, the visits and the analyses.
    with django_assert_num_queries(4):
        found = progress_for(plans, AS_OF)

    assert found[other.pk].percent is None  # the template's goals have no targets


def test_the_health_score_takes_the_plans_progress(chain_plan):
    chain = chain_plan["chain"]

    facts = health.facts_for([chain.pk], AS_OF)[chain.pk]
    part = health.plan_part(facts)

    assert facts.plan == health.PlanFacts(2026, 4, 6)
    assert part.fraction == pytest.approx(4 / 6)
    assert part.reason == "4 of 6 goals of the plan of 2026 on track."


def test_without_targets_the_plan_part_is_not_available(people):
    account = make_account(people.alice, "Zonder")
    make_plan(people.alice, account, year=2026)

    part = health.plan_part(health.facts_for([account.pk], AS_OF)[account.pk])

    assert part.fraction is None
    assert part.reason == "The plan of 2026 has no goals with a target to measure."


def test_a_plan_approved_gets_its_first_review_a_quarter_later(people):
    plan = make_plan(people.alice, make_account(people.alice, "Review"), year=2026)
    services.plan_submit(actor=people.alice, plan=plan)

    services.plan_approve(actor=people.maria, plan=refreshed(plan))

    today = timezone.localdate()
    assert refreshed(plan).next_review_on == services.months_later(today, 3)
