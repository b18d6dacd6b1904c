"""Every ratio against figures computed by hand, and "not available" with its reason for a
missing figure or a zero denominator, never an exception."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from koers.planning.analysis import ratios
from koers.planning.analysis.ratios import (
    current_ratio,
    net_margin,
    quick_ratio,
    ratios_of,
    return_on_assets,
    return_on_equity,
    return_on_investment,
    share_of_wallet,
    solvency,
    value_added,
    value_added_per_employee,
)

# A wholesaler's year, worked out by hand below each test.
YEAR = {
    "revenue": D("2400000"),
    "purchases": D("1500000"),
    "personnel_costs": D("500000"),
    "depreciation": D("60000"),
    "operating_result": D("150000"),
    "net_profit": D("96000"),
    "total_assets": D("1200000"),
    "equity": D("480000"),
    "current_assets": D("700000"),
    "inventory": D("250000"),
    "current_liabilities": D("400000"),
    "long_term_liabilities": D("320000"),
    "employees": D("12"),
}


def test_the_current_ratio_is_current_assets_over_current_liabilities():
    # 700,000 / 400,000 = 1.75
    assert current_ratio(current_assets=D("700000"), current_liabilities=D("400000")).value == D(
        "1.75"
    )


def test_the_quick_ratio_leaves_out_the_inventory():
    # (700,000 - 250,000) / 400,000 = 1.125 → 1.13 (half up)
    result = quick_ratio(
        current_assets=D("700000"), inventory=D("250000"), current_liabilities=D("400000")
    )
    assert result.value == D("1.13")


def test_solvency_is_equity_over_total_assets_as_a_percentage():
    # 480,000 / 1,200,000 = 40.0 %
    assert solvency(equity=D("480000"), total_assets=D("1200000")).value == D("40.0")


def test_the_return_on_equity_is_net_profit_over_equity():
    # 96,000 / 480,000 = 20.0 %
    assert return_on_equity(net_profit=D("96000"), equity=D("480000")).value == D("20.0")


def test_the_return_on_assets_is_the_operating_result_over_total_assets():
    # 150,000 / 1,200,000 = 12.5 %
    assert return_on_assets(operating_result=D("150000"), total_assets=D("1200000")).value == D(
        "12.5"
    )


def test_the_net_margin_is_net_profit_over_revenue():
    # 96,000 / 2,400,000 = 4.0 %
    assert net_margin(net_profit=D("96000"), revenue=D("2400000")).value == D("4.0")


def test_value_added_is_revenue_minus_purchases():
    assert value_added(revenue=D("2400000"), purchases=D("1500000")).value == D("900000")


def test_value_added_per_employee_divides_by_the_number_of_employees():
    # 900,000 / 12 = 75,000; with 7 employees 128,571.43 → 128,571
    assert value_added_per_employee(
        revenue=D("2400000"), purchases=D("1500000"), employees=D("12")
    ).value == D("75000")
    assert value_added_per_employee(
        revenue=D("2400000"), purchases=D("1500000"), employees=D("7")
    ).value == D("128571")


def test_a_loss_gives_a_negative_margin_and_return():
    # -48,000 / 2,400,000 = -2.0 %; -48,000 / 480,000 = -10.0 %
    assert net_margin(net_profit=D("-48000"), revenue=D("2400000")).value == D("-2.0")
    assert return_on_equity(net_profit=D("-48000"), equity=D("480000")).value == D("-10.0")


def test_all_ratios_of_a_year_at_once():
    values = {key: r.value for key, r in ratios_of(YEAR).items()}

    assert values == {
        "current_ratio": D("1.75"),
        "quick_ratio": D("1.13"),
        "solvency": D("40.0"),
        "return_on_equity": D("20.0"),
        "return_on_assets": D("12.5"),
        "net_margin": D("4.0"),
        "value_added": D("900000"),
        "value_added_per_employee": D("75000"),
    }


def test_a_zero_denominator_is_not_available_with_the_reason():
    assert current_ratio(current_assets=D("700000"), current_liabilities=D("0")).reason == (
        "Not available: current liabilities is zero."
    )
    zero_revenue = net_margin(net_profit=D("10"), revenue=D("0"))
    assert (zero_revenue.value, zero_revenue.reason) == (
        None,
        "Not available: revenue is zero.",
    )
    assert solvency(equity=D("1"), total_assets=D("0")).value is None
    assert return_on_equity(net_profit=D("1"), equity=D("0")).reason == (
        "Not available: equity is zero."
    )
    assert return_on_assets(operating_result=D("1"), total_assets=D("0")).value is None
    assert quick_ratio(
        current_assets=D("5"), inventory=D("1"), current_liabilities=D("0")
    ).reason == ("Not available: current liabilities is zero.")
    assert value_added_per_employee(revenue=D("10"), purchases=D("5"), employees=D("0")).reason == (
        "Not available: number of employees is zero."
    )


def test_a_missing_figure_is_not_available_naming_the_figures():
    assert current_ratio(current_assets=None, current_liabilities=None).reason == (
        "Not available: current assets, current liabilities not filled in."
    )
    assert quick_ratio(
        current_assets=D("5"), inventory=None, current_liabilities=D("1")
    ).reason == ("Not available: inventory not filled in.")
    assert value_added(revenue=D("5"), purchases=None).reason == (
        "Not available: purchases not filled in."
    )
    assert value_added_per_employee(revenue=D("10"), purchases=D("5"), employees=None).reason == (
        "Not available: number of employees not filled in."
    )
    # An empty year: every ratio not available, none raises.
    assert all(not r.computable and r.reason for r in ratios_of({}).values())


def test_the_return_on_equity_of_negative_equity_is_not_available():
    result = return_on_equity(net_profit=D("10000"), equity=D("-5000"))
    assert (result.value, result.reason) == (None, "Not available: equity is negative.")


def test_the_return_on_our_investment():
    # Margin 30,000 on an investment of 12,000: (30,000 - 12,000) / 12,000 = 150.0 %
    assert return_on_investment(margin=D("30000"), investment=D("12000")).value == D("150.0")
    # A margin below the investment: (9,000 - 12,000) / 12,000 = -25.0 %
    assert return_on_investment(margin=D("9000"), investment=D("12000")).value == D("-25.0")
    assert return_on_investment(margin=None, investment=D("1")).reason == (
        "Not available: no orders of this account in the period."
    )
    assert return_on_investment(margin=D("1"), investment=None).reason == (
        "Not available: our investment is not filled in."
    )
    assert return_on_investment(margin=D("1"), investment=D("0")).reason == (
        "Not available: our investment is zero."
    )


def test_the_share_of_wallet():
    # 45,000 of 300,000 = 15.0 %; no orders: 0 %
    assert share_of_wallet(our_revenue=D("45000"), purchase_volume=D("300000")).value == D("15.0")
    assert share_of_wallet(our_revenue=None, purchase_volume=D("300000")).value == D("0.0")
    assert share_of_wallet(our_revenue=D("1"), purchase_volume=D("0")).value is None
    assert share_of_wallet(our_revenue=D("1"), purchase_volume=None).value is None


def test_every_ratio_has_a_label_and_an_explanation():
    for ratio in ratios.RATIOS:
        assert str(ratio.label) and str(ratio.explanation)


figures = st.one_of(
    st.none(),
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, places=2),
)


@given(st.fixed_dictionaries(dict.fromkeys(ratios.FIGURE_NAMES, figures)))
def test_no_figures_ever_raise_and_each_result_is_a_value_or_a_reason(year):
    for result in ratios_of(year).values():
        assert (result.value is None) == bool(result.reason)


@given(
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value=0, max_value=10**9, places=2),
    st.decimals(min_value="0.01", max_value=10**9, places=2),
)
def test_the_quick_ratio_is_never_above_the_current_ratio(assets, inventory, liabilities):
    current = current_ratio(current_assets=assets, current_liabilities=liabilities).value
    quick = quick_ratio(
        current_assets=assets, inventory=inventory, current_liabilities=liabilities
    ).value
    assert quick is not None and current is not None and quick <= current
