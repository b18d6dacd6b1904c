"""Actual against target from the database, on hand-made orders with known sums: the four ways
target reports of other systems went wrong (issue 15), the roll-up of a chain over its
branches and of a year over its months, visits and new customers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from koers.planning.models import Measure, PeriodKind, TargetLevel
from koers.planning.targets import services
from koers.planning.targets.actuals import credits_per_person, monthly_actuals, period_actual
from koers.planning.targets.grid import build
from koers.planning.targets.services import TargetRow
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.sales.models import OpportunityMember, OrderStatus
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_opportunity

D = Decimal
YEAR = 2026


def _year_actual(measure, level, ids):
    (monthly,) = monthly_actuals(measure, level, [ids], YEAR).values()
    return period_actual(monthly, PeriodKind.YEAR, 1)


def _split_deal(people, account, alice_share, bob_share):
    deal = make_opportunity(people.alice, account)
    deal.owner_share = D(alice_share)
    deal.save(update_fields=["owner_share"])
    OpportunityMember.objects.create(opportunity=deal, user=people.bob, share=D(bob_share))
    return deal


def test_a_target_on_a_team_shows_what_its_people_sold(people):
    team = people.alice.teams.get()
    account = make_account(people.alice, "Alpha")
    delivered(people.alice, account, date(YEAR, 2, 3), [(None, "1000.00", "600.00", "1")])
    delivered(
        people.bob,
        make_account(people.bob, "Beta"),
        date(YEAR, 2, 9),
        [(None, "500.00", "200.00", "1")],
    )

    assert _year_actual(Measure.REVENUE, TargetLevel.TEAM, {"team": team.pk}) == D("1500.00")
    assert _year_actual(Measure.MARGIN, TargetLevel.TEAM, {"team": team.pk}) == D("700.00")


def test_each_persons_credit_share_is_applied(people):
    account = make_account(people.alice, "Alpha")
    deal = _split_deal(people, account, "60", "40")
    delivered(
        people.alice, account, date(YEAR, 4, 1), [(None, "1000.00", "0", "1")], opportunity=deal
    )

    assert _year_actual(Measure.REVENUE, TargetLevel.USER, {"user": people.alice.pk}) == D("600.00")
    assert _year_actual(Measure.REVENUE, TargetLevel.USER, {"user": people.bob.pk}) == D("400.00")


def test_a_parent_product_group_counts_the_orders_of_its_children(people):
    bakery = make_group("BAKKERIJ")
    bread = make_group("BROOD", parent=bakery)
    cake = make_group("GEBAK", parent=bakery)
    other = make_group("OVERIG")
    account = make_account(people.alice, "Alpha")
    delivered(
        people.alice,
        account,
        date(YEAR, 5, 5),
        [(bread, "300.00", "0", "3"), (cake, "200.00", "0", "2"), (other, "99.00", "0", "1")],
    )

    assert _year_actual(
        Measure.REVENUE, TargetLevel.PRODUCT_GROUP, {"product_group": bakery.pk}
    ) == D("500.00")
    assert _year_actual(
        Measure.VOLUME, TargetLevel.PRODUCT_GROUP, {"product_group": bakery.pk}
    ) == D("5.00")
    ids = {"user": people.alice.pk, "product_group": bakery.pk}
    assert _year_actual(Measure.REVENUE, TargetLevel.USER_GROUP, ids) == D("500.00")


def test_the_sum_per_person_equals_the_sum_of_the_orders(people):
    account = make_account(people.alice, "Alpha")
    deal = _split_deal(people, account, "66.67", "33.33")
    orders = [
        delivered(
            people.alice, account, date(YEAR, 6, 1), [(None, "333.33", "0", "1")], opportunity=deal
        ),
        delivered(
            people.alice, account, date(YEAR, 7, 1), [(None, "1000.01", "0", "1")], opportunity=deal
        ),
        delivered(
            people.bob,
            make_account(people.bob, "Beta"),
            date(YEAR, 7, 2),
            [(None, "250.00", "0", "1")],
        ),
    ]

    credits = credits_per_person(Measure.REVENUE, YEAR, [people.alice.pk, people.bob.pk])

    assert sum(credits.values()) == sum(o.net_total for o in orders) == D("1583.34")
    assert _year_actual(Measure.REVENUE, TargetLevel.COMPANY, {}) == D("1583.34")


def test_only_delivered_orders_of_the_year_count_by_month(people):
    account = make_account(people.alice, "Alpha")
    delivered(people.alice, account, date(YEAR, 1, 31), [(None, "100.00", "0", "1")])
    delivered(
        people.alice,
        account,
        date(YEAR, 3, 1),
        [(None, "50.00", "0", "1")],
        status=OrderStatus.INVOICED,
    )
    delivered(
        people.alice,
        account,
        date(YEAR, 3, 2),
        [(None, "70.00", "0", "1")],
        status=OrderStatus.CANCELLED,
    )
    delivered(people.alice, account, date(YEAR - 1, 12, 31), [(None, "999.00", "0", "1")])

    (monthly,) = monthly_actuals(
        Measure.REVENUE, TargetLevel.USER, [{"user": people.alice.pk}], YEAR
    ).values()

    assert monthly[0] == D("100.00") and monthly[2] == D("50.00")
    assert period_actual(monthly, PeriodKind.QUARTER, 1) == D("150.00")
    assert sum(monthly) == D("150.00")


def test_a_chain_counts_the_orders_of_its_branches(people):
    chain = make_account(people.alice, "Keten")
    branch = make_account(people.alice, "Keten Utrecht", parent=chain)
    delivered(people.alice, chain, date(YEAR, 2, 1), [(None, "400.00", "0", "1")])
    delivered(people.alice, branch, date(YEAR, 2, 2), [(None, "100.00", "0", "1")])

    assert _year_actual(Measure.REVENUE, TargetLevel.ACCOUNT, {"account": chain.pk}) == D("500.00")
    assert _year_actual(Measure.REVENUE, TargetLevel.BRANCH, {"account": branch.pk}) == D("100.00")


def test_visits_and_new_customers_are_counted(people):
    account = make_account(people.alice, "Alpha")
    delivered(people.alice, account, date(YEAR, 3, 3), [(None, "10.00", "0", "1")])
    delivered(people.alice, account, date(YEAR, 4, 3), [(None, "10.00", "0", "1")])
    old = make_account(people.alice, "Oud")
    delivered(people.alice, old, date(YEAR - 1, 4, 3), [(None, "10.00", "0", "1")])
    delivered(people.alice, old, date(YEAR, 4, 3), [(None, "10.00", "0", "1")])
    for status in (ActivityStatus.DONE, ActivityStatus.DONE, ActivityStatus.PLANNED):
        Activity.objects.create(
            account=account,
            kind=ActivityKind.VISIT,
            subject="Visit",
            owner=people.alice,
            status=status,
            planned_start=timezone.make_aware(datetime(YEAR, 5, 6, 10)),
        )

    alice = {"user": people.alice.pk}
    assert _year_actual(Measure.VISITS, TargetLevel.USER, alice) == D("2")
    assert _year_actual(Measure.NEW_CUSTOMERS, TargetLevel.USER, alice) == D("1")
    assert _year_actual(Measure.NEW_CUSTOMERS, TargetLevel.COMPANY, {}) == D("1")


def test_the_grid_shows_the_gaps_of_the_team_and_of_the_year(people):
    team = people.alice.teams.get()
    rows = [
        TargetRow(
            "revenue", TargetLevel.TEAM, {"team": team.pk}, YEAR, PeriodKind.YEAR, 1, D("100000")
        ),
        TargetRow(
            "revenue", TargetLevel.TEAM, {"team": team.pk}, YEAR, PeriodKind.MONTH, 1, D("9000")
        ),
        TargetRow(
            "revenue",
            TargetLevel.USER,
            {"user": people.alice.pk},
            YEAR,
            PeriodKind.YEAR,
            1,
            D("60000"),
        ),
        TargetRow(
            "revenue",
            TargetLevel.USER,
            {"user": people.alice.pk},
            YEAR,
            PeriodKind.MONTH,
            1,
            D("5000"),
        ),
        TargetRow(
            "revenue",
            TargetLevel.USER,
            {"user": people.bob.pk},
            YEAR,
            PeriodKind.YEAR,
            1,
            D("30000"),
        ),
        TargetRow(
            "revenue",
            TargetLevel.USER,
            {"user": people.bob.pk},
            YEAR,
            PeriodKind.MONTH,
            1,
            D("2500"),
        ),
    ]
    services.targets_upsert(actor=people.maria, rows=rows)

    grid = build(people.maria, view="team", measure="revenue", year=YEAR, team=team, person=None)

    assert [r.label for r in grid.rows] == [str(people.alice), str(people.bob)]
    assert grid.year_sum == D("90000") and grid.year_gap == D("10000")
    assert grid.column_sums[0] == D("7500") and grid.column_gaps[0] == D("1500")
    assert grid.rows[0].gap == D("55000")
    assert grid.column_gaps[1] is None
