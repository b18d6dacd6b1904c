"""Plan against actual: the actual, the weighted pipeline, the forecast and what is still to
close against figures computed by hand from orders and open opportunities; every drill-down
list adds up to its figure; a person in two teams counts once in each team's figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from koers.core.models import Team
from koers.planning.models import Measure, PeriodKind, TargetLevel
from koers.planning.targets import progress, services
from koers.planning.targets.drilldown import actual_drill, pipeline_drill
from koers.planning.targets.services import TargetRow
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.sales.models import OpportunityMember, Stage
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_opportunity

D = Decimal
YEAR = 2026
TODAY = date(YEAR, 6, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def make_target(people, level, ids, amount, kind=PeriodKind.YEAR, period=1, measure="revenue"):
    row = TargetRow(measure, level, ids, YEAR, kind, period, D(amount))
    return services.target_set(actor=people.admin, row=row)


def _deal(people, account, amount, probability, close_on, owner=None, **data):
    return make_opportunity(
        people.admin,
        account,
        owner=owner or people.alice,
        amount=D(amount),
        probability=probability,
        close_on=close_on,
        **data,
    )


def _alices_year(people):
    account = make_account(people.alice, "Alpha")
    delivered(people.alice, account, date(YEAR, 2, 3), [(None, "1000.00", "600.00", "1")])
    delivered(people.alice, account, date(YEAR, 5, 9), [(None, "500.00", "200.00", "1")])
    delivered(people.alice, account, date(YEAR - 1, 12, 31), [(None, "999.00", "0", "1")])
    _deal(people, account, "2000.00", 50, date(YEAR, 9, 30))
    _deal(people, account, "4000.00", 25, date(YEAR, 11, 2))
    _deal(people, account, "8000.00", 90, date(YEAR + 1, 1, 10))  # next year's
    return account


def test_the_actual_and_forecast_are_the_hand_computed_figures(people):
    _alices_year(people)
    target = make_target(people, TargetLevel.USER, {"user": people.alice.pk}, "10000")

    (row,) = progress.figures([target])

    # 1000 + 500 delivered this year; 2000 x 50 % + 4000 x 25 % expected this year.
    assert row.actual == D("1500.00")
    assert row.pipeline == D("2000.00")
    assert row.forecast == D("3500.00")
    assert row.deviation == D("-8500.00")
    assert row.deviation_percent == D("-85.0")
    assert row.still_to_close == D("6500.00")


def test_a_quarter_counts_its_own_orders_and_deals(people):
    _alices_year(people)
    alice = {"user": people.alice.pk}
    second = make_target(people, TargetLevel.USER, alice, "1000", PeriodKind.QUARTER, 2)
    third = make_target(people, TargetLevel.USER, alice, "3000", PeriodKind.QUARTER, 3)

    q2, q3 = progress.figures([second, third])

    assert (q2.actual, q2.pipeline, q2.still_to_close) == (D("500.00"), D("0.00"), D("500.00"))
    assert (q3.actual, q3.pipeline, q3.still_to_close) == (D("0.00"), D("1000.00"), D("2000.00"))


def test_a_period_that_is_over_has_no_pipeline(people):
    account = _alices_year(people)
    _deal(people, account, "3000.00", 50, date(YEAR, 3, 1))  # overdue, in a past month
    march = make_target(
        people, TargetLevel.USER, {"user": people.alice.pk}, "100", PeriodKind.MONTH, 3
    )

    (row,) = progress.figures([march])

    assert row.pipeline == D("0")
    assert row.forecast == row.actual == D("0.00")


def test_a_target_beaten_has_nothing_still_to_close(people):
    _alices_year(people)
    target = make_target(people, TargetLevel.USER, {"user": people.alice.pk}, "1000")

    (row,) = progress.figures([target])

    assert row.deviation == D("500.00")
    assert row.still_to_close == D("0")


def test_a_person_in_two_teams_counts_once_in_each_team(people):
    _alices_year(people)
    north = people.alice.teams.get()
    key_accounts = Team.objects.create(name="Key accounts", manager=people.maria)
    key_accounts.members.add(people.alice)
    north_target = make_target(people, TargetLevel.TEAM, {"team": north.pk}, "10000")
    key_target = make_target(people, TargetLevel.TEAM, {"team": key_accounts.pk}, "10000")

    north_row, key_row = progress.figures([north_target, key_target])

    assert north_row.actual == key_row.actual == D("1500.00")
    assert north_row.pipeline == key_row.pipeline == D("2000.00")
    for target in (north_target, key_target):
        assert actual_drill(target).total == D("1500.00")


def _split_world(people):
    """Alice's and Bob's orders, one from a deal split 60/40, in two product groups; open deals
    of both, one split; a branch; a done visit."""
    bakery = make_group("BAKKERIJ")
    bread = make_group("BROOD", parent=bakery)
    chain = make_account(people.alice, "Keten")
    branch = make_account(people.alice, "Keten Utrecht", parent=chain)
    betas = make_account(people.bob, "Beta")
    split = _deal(people, chain, "1000.00", 50, date(YEAR, 9, 1))
    split.owner_share = D("60")
    split.save(update_fields=["owner_share"])
    OpportunityMember.objects.create(opportunity=split, user=people.bob, share=D("40"))
    delivered(
        people.alice,
        chain,
        date(YEAR, 3, 3),
        [(bread, "700.00", "300.00", "7"), (None, "300.00", "100.00", "3")],
        opportunity=split,
    )
    delivered(people.alice, branch, date(YEAR, 4, 4), [(bakery, "250.00", "50.00", "2")])
    delivered(people.alice, chain, date(YEAR, 4, 5), [(None, "80.00", "0", "1")], branch=branch)
    delivered(people.bob, betas, date(YEAR, 5, 5), [(bread, "125.00", "25.00", "1")])
    _deal(people, betas, "600.00", 20, date(YEAR, 12, 1), owner=people.bob)
    _deal(people, branch, "400.00", None, date(YEAR, 7, 1), stage=Stage.PROPOSAL)
    Activity.objects.create(
        account=branch,
        kind=ActivityKind.VISIT,
        subject="Visit",
        owner=people.alice,
        status=ActivityStatus.DONE,
        planned_start=timezone.make_aware(datetime(YEAR, 5, 6, 10)),
    )
    return {"chain": chain, "branch": branch, "bakery": bakery, "betas": betas}


@pytest.mark.parametrize("measure", [Measure.REVENUE, Measure.MARGIN, Measure.VOLUME])
def test_every_drill_down_adds_up_to_its_figure(people, measure):
    world = _split_world(people)
    team = people.alice.teams.get()
    ids = [
        (TargetLevel.COMPANY, {}),
        (TargetLevel.TEAM, {"team": team.pk}),
        (TargetLevel.USER, {"user": people.alice.pk}),
        (TargetLevel.USER, {"user": people.bob.pk}),
        (TargetLevel.USER_GROUP, {"user": people.alice.pk, "product_group": world["bakery"].pk}),
        (TargetLevel.ACCOUNT, {"account": world["chain"].pk}),
        (TargetLevel.BRANCH, {"account": world["branch"].pk}),
        (TargetLevel.PRODUCT_GROUP, {"product_group": world["bakery"].pk}),
    ]
    targets = [make_target(people, level, i, "5000", measure=measure) for level, i in ids]

    rows = progress.figures(targets)

    assert any(row.actual for row in rows)
    for target, row in zip(targets, rows, strict=True):
        drill = actual_drill(target)
        assert sum((r["value"] for r in drill.rows), D("0")) == row.actual, target.level
        assert drill.total == row.actual
        deals = pipeline_drill(target, TODAY)
        assert sum((r["value"] for r in deals.rows), D("0")) == row.pipeline, target.level
        assert deals.total == row.pipeline


def test_the_drill_down_lists_what_a_person_is_credited(people):
    _split_world(people)
    bob = make_target(people, TargetLevel.USER, {"user": people.bob.pk}, "5000")

    drill = actual_drill(bob)
    deals = pipeline_drill(bob, TODAY)

    # 40 % of the split order's 1000, and Bob's own order of 125.
    assert [r["value"] for r in drill.rows] == [D("400"), D("125")]
    # 40 % of 1000 x 50 %, and 600 x 20 %.
    assert sorted(r["value"] for r in deals.rows) == [D("120"), D("200")]


def test_visits_and_new_customers_drill_down_to_the_visits_and_accounts(people):
    world = _split_world(people)
    alice = {"user": people.alice.pk}
    visits = make_target(people, TargetLevel.USER, alice, "10", measure=Measure.VISITS)
    new = make_target(people, TargetLevel.USER, alice, "10", measure=Measure.NEW_CUSTOMERS)

    visit_row, new_row = progress.figures([visits, new])

    assert visit_row.actual == D("1.00")
    assert [r["label"] for r in actual_drill(visits).rows] == ["Visit"]
    assert new_row.actual == D("1.00")
    assert [r["row"] for r in actual_drill(new).rows] == [world["chain"].pk]
