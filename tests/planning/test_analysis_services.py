"""Making and changing analyses: the years written and replaced, bad figures refused naming
the field, access through the account, a stale version refused, and the figures that come from
our own orders (return on our investment, share of wallet)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from koers.core.errors import NotAllowed, StaleVersionError
from koers.planning.analysis import queries, services
from koers.planning.models import AccountAnalysis, AnalysisYear
from koers.sales.models import Order, OrderStatus
from tests.planning.analysis_factories import YEAR_2024, YEAR_2025, make_analysis
from tests.sales.order_factories import make_order


def test_an_analysis_is_made_with_its_years(people, account):
    analysis = make_analysis(people.alice, account, strengths="Strong brand\nGood locations")

    years = list(analysis.years.order_by("year").values_list("year", "revenue", "employees"))
    assert years == [(2024, D("2000000.00"), None), (2025, D("2400000.00"), D("12.0"))]
    assert (analysis.created_by, analysis.version) == (people.alice, 1)
    assert analysis.swot()[0][2] == ["Strong brand", "Good locations"]


def test_a_new_analysis_keeps_the_earlier_one(people, account):
    first = make_analysis(people.alice, account, analysed_on=date(2025, 11, 1))
    second = make_analysis(people.alice, account)

    assert list(queries.analyses_of(people.alice, account)) == [second, first]
    assert AnalysisYear.objects.filter(analysis=first).count() == 2


def test_changing_replaces_the_years(people, account):
    analysis = make_analysis(people.alice, account)

    services.analysis_update(
        actor=people.alice,
        analysis=analysis,
        expected_version=1,
        data={"advice": "Grow the fresh range"},
        years=[{**YEAR_2025, "revenue": D("2500000")}],
    )

    analysis.refresh_from_db()
    assert (analysis.advice, analysis.version) == ("Grow the fresh range", 2)
    assert list(analysis.years.values_list("year", "revenue")) == [(2025, D("2500000.00"))]


def test_a_stale_version_changes_nothing(people, account):
    analysis = make_analysis(people.alice, account)
    services.analysis_update(
        actor=people.alice, analysis=analysis, expected_version=1, data={"culture": "Open"}
    )

    with pytest.raises(StaleVersionError):
        services.analysis_update(
            actor=people.maria, analysis=analysis, expected_version=1, data={"culture": "Closed"}
        )

    assert AccountAnalysis.objects.get().culture == "Open"


@pytest.mark.parametrize(
    ("years", "message"),
    [
        ([YEAR_2025, YEAR_2025], "The year 2025 is given twice."),
        (
            [{**YEAR_2025, "revenue": D("-1")}],
            "Revenue of 2025 cannot be below zero or this large.",
        ),
        ([{"year": 1200}], "Give each financial year as a year, like 2025."),
    ],
)
def test_bad_years_are_refused_naming_the_field(people, account, years, message):
    with pytest.raises(ValidationError) as caught:
        make_analysis(people.alice, account, years=years)

    assert caught.value.message_dict == {"years": [message]}
    assert AccountAnalysis.objects.count() == 0


def test_a_loss_and_negative_equity_may_be_typed_in(people, account):
    analysis = make_analysis(
        people.alice, account, years=[{"year": 2025, "net_profit": D("-5000"), "equity": D("-1")}]
    )

    assert analysis.years.get().net_profit == D("-5000.00")


def test_bad_profile_values_are_refused_naming_the_field(people, account):
    with pytest.raises(ValidationError) as caught:
        make_analysis(people.alice, account, fit_needs=3, purchase_volume=D("-1"), verdict="maybe")

    assert set(caught.value.message_dict) == {"fit_needs", "purchase_volume", "verdict"}
    assert AccountAnalysis.objects.count() == 0


@pytest.mark.parametrize("persona", ["bob", "charlie", "ingrid", "mark"])
def test_only_who_may_change_the_account_makes_an_analysis(people, account, persona):
    with pytest.raises(NotAllowed):
        make_analysis(getattr(people, persona), account)

    assert AccountAnalysis.objects.count() == 0


def test_the_manager_of_the_team_makes_one_too(people, account):
    assert make_analysis(people.maria, account).created_by == people.maria


def _delivered(people, account, *, on: date, net: str, cost: str) -> Order:
    order = make_order(people.alice, account, OrderStatus.DELIVERED, processor=people.maria)
    Order.objects.filter(pk=order.pk).update(net_total=D(net), cost_total=D(cost), delivered_on=on)
    return order


def test_the_return_on_our_investment_and_the_share_of_wallet_come_from_our_orders(people, account):
    # Delivered in the year up to the analysis (1 Dec 2025 - 30 Nov 2026): net 50,000 and
    # 25,000, cost 30,000 and 15,000: revenue 75,000, margin 30,000. One delivered before
    # the year and one still open are not counted.
    _delivered(people, account, on=date(2026, 3, 1), net="50000", cost="30000")
    _delivered(people, account, on=date(2025, 12, 1), net="25000", cost="15000")
    _delivered(people, account, on=date(2025, 11, 30), net="99999", cost="1")
    make_order(people.alice, account)
    # Investment: 6,000 in money and 80 hours at 75 = 12,000.
    analysis = make_analysis(
        people.alice,
        account,
        purchase_volume=D("500000"),
        investment_money=D("6000"),
        investment_hours=D("80"),
    )

    view = queries.view_of(queries.analysis_for_detail(people.alice, analysis.pk))

    assert (view.orders.revenue, view.orders.margin) == (D("75000.00"), D("30000.00"))
    assert analysis.investment == D("12000.00")
    # (30,000 - 12,000) / 12,000 = 150.0 %; 75,000 / 500,000 = 15.0 %
    assert (view.roi.value, view.wallet.value) == (D("150.0"), D("15.0"))


def test_without_orders_or_investment_the_return_is_not_available(people, account):
    analysis = make_analysis(people.alice, account)

    view = queries.view_of(analysis)

    assert view.roi.reason == "Not available: no orders of this account in the period."
    assert view.wallet.reason == (
        "Not available: the purchase volume in our categories is not filled in."
    )


def test_the_comparison_marks_what_differs(people, account):
    older = make_analysis(people.alice, account, analysed_on=date(2025, 11, 1), years=[YEAR_2024])
    newer = make_analysis(people.alice, account)

    rows = queries.compare(queries.view_of(older), queries.view_of(newer))

    current = next(r for r in rows["ratios"] if r.key == "current_ratio")
    assert (current.left, current.right, current.difference) == (
        D("1.20"),
        D("1.75"),
        D("0.55"),
    )
    employees = next(r for r in rows["figures"] if r.key == "employees")
    assert (employees.left, employees.right, employees.changed) == (None, D("12.0"), True)
    same = queries.compare(queries.view_of(older), queries.view_of(older))
    assert not any(row.changed for part in same.values() for row in part)
