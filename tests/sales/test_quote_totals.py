"""A quote's totals against invoices computed by hand, and properties that hold for any quote
(hypothesis): the total is the sum of the rounded lines, VAT is rounded once per rate, the
discount on the total is spread to the cent, a 0 % line and a 100 % discount behave."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.sales.figures import LineFigures, QuoteFigures
from koers.sales.money import cents, spread
from koers.sales.quotes.totals import LineIn, TotalsError, compute, figures


def invoice() -> list[LineIn]:
    return [
        # 3 x 19.99 = 59.97; 10 % off = 5.997 -> 6.00; net 53.97 at 21 %
        LineIn("shelf", D("3"), D("19.99"), D("21"), D("19.99"), D("10"), None, D("12.00")),
        # 2.5 x 4.15 = 10.375 -> 10.38; 0.38 off; net 10.00 at 9 %
        LineIn("soap", D("2.5"), D("4.15"), D("9"), D("4.15"), None, D("0.38"), D("2.00")),
        # a book at 0 %: 100.00
        LineIn("book", D("1"), D("100.00"), D("0"), D("120.00"), cost_price=D("60.00")),
    ]


def test_an_invoice_with_three_rates_and_a_discount_on_the_total():
    totals = compute(invoice(), discount_percent=D("5"))
    assert [line.net for line in totals.lines] == [D("53.97"), D("10.00"), D("100.00")]
    assert totals.subtotal == D("163.97")
    # 5 % of 163.97 = 8.1985 -> 8.20, spread over the rates by their nets:
    # 0 %: 5.0009 -> 5.00, 9 %: 0.5001 -> 0.50, 21 %: 2.6990 -> 2.70 (the leftover cent).
    assert [(v.percentage, v.discount, v.base, v.vat) for v in totals.vat_lines] == [
        (D("0"), D("5.00"), D("95.00"), D("0.00")),
        (D("9"), D("0.50"), D("9.50"), D("0.86")),  # 0.855 -> 0.86
        (D("21"), D("2.70"), D("51.27"), D("10.77")),  # 10.7667 -> 10.77
    ]
    assert (totals.discount, totals.net, totals.vat, totals.gross) == (
        D("8.20"),
        D("155.77"),
        D("11.63"),
        D("167.40"),
    )
    # cost 36.00 + 5.00 + 60.00; margin 54.77 of 155.77 = 35.16 %
    assert (totals.cost, totals.margin, totals.margin_percent) == (
        D("101.00"),
        D("54.77"),
        D("35.2"),
    )


def test_an_amount_off_the_total_and_the_groups_subtotals():
    lines = [
        LineIn("a", D("1"), D("50.00"), D("21"), group="1"),
        LineIn("b", D("1"), D("25.00"), D("21"), group="2"),
        LineIn("c", D("1"), D("25.00"), D("9"), group="2"),
    ]
    totals = compute(lines, discount_amount=D("10.00"))
    # 10.00 spread 50/50 over 9 % (25.00) and 21 % (75.00): 2.50 and 7.50
    assert [(v.percentage, v.base, v.vat) for v in totals.vat_lines] == [
        (D("9"), D("22.50"), D("2.03")),  # 2.025 -> 2.03
        (D("21"), D("67.50"), D("14.18")),  # 14.175 -> 14.18
    ]
    assert (totals.net, totals.vat, totals.gross) == (D("90.00"), D("16.21"), D("106.21"))
    assert (totals.group("1"), totals.group("2")) == (D("50.00"), D("50.00"))


def test_a_zero_percent_line_has_no_vat():
    totals = compute([LineIn("export", D("7"), D("3.33"), D("0"))])
    assert (totals.net, totals.vat, totals.gross) == (D("23.31"), D("0.00"), D("23.31"))


def test_a_hundred_percent_discount_gives_the_line_away():
    lines = [
        LineIn("free", D("2"), D("10.00"), D("21"), discount_percent=D("100"), cost_price=D("4")),
        LineIn("paid", D("1"), D("10.00"), D("21"), cost_price=D("4")),
    ]
    totals = compute(lines)
    assert [line.net for line in totals.lines] == [D("0.00"), D("10.00")]
    assert (totals.net, totals.vat, totals.cost, totals.margin) == (
        D("10.00"),
        D("2.10"),
        D("12.00"),
        D("-2.00"),
    )
    everything = compute(lines, discount_percent=D("100"))
    assert (everything.net, everything.vat, everything.gross) == (D("0.00"),) * 3


def test_optional_lines_count_only_once_chosen():
    lines = [
        LineIn("base", D("1"), D("100.00"), D("21")),
        LineIn("extra", D("1"), D("30.00"), D("21"), counted=False),
    ]
    assert compute(lines).net == D("100.00")
    assert compute(lines).line("extra").net == D("30.00")


def test_the_cost_total_is_unknown_when_a_line_has_no_cost():
    lines = [
        LineIn("a", D("1"), D("10.00"), D("21"), cost_price=D("5")),
        LineIn("b", D("1"), D("10.00"), D("21")),
    ]
    totals = compute(lines)
    assert (totals.cost, totals.margin, totals.margin_percent) == (None, None, None)
    assert totals.lines[0].margin == D("5.00")


@pytest.mark.parametrize("quantity", [D("0"), D("-1"), D("-0.001")])
def test_a_quantity_of_zero_or_less_is_refused(quantity):
    with pytest.raises(TotalsError):
        compute([LineIn("x", quantity, D("10.00"), D("21"))])


def test_a_discount_above_the_amount_or_both_kinds_are_refused():
    with pytest.raises(TotalsError):
        compute([LineIn("x", D("1"), D("10.00"), D("21"), discount_amount=D("10.01"))])
    with pytest.raises(TotalsError):
        compute([LineIn("x", D("1"), D("10"), D("21"), None, D("1"), D("1"))])
    with pytest.raises(TotalsError):
        compute([LineIn("x", D("1"), D("10.00"), D("21"))], discount_amount=D("10.01"))


def test_the_figures_for_the_mandate():
    lines = [
        LineIn("1", D("3"), D("9.00"), D("21"), D("10.00"), D("10"), None, D("6"), True, "", 7),
        LineIn("2", D("1"), D("5.00"), D("9"), counted=False),
    ]
    totals = compute(lines, discount_amount=D("1.30"))
    # list 30.00; 3 x 9.00 = 27.00 less 10 % = 24.30: 5.70 below the list
    assert figures(totals) == QuoteFigures(
        lines=(
            LineFigures(
                key="1",
                product_group_id=7,
                list_amount=D("30.00"),
                discount_amount=D("5.70"),
                cost_amount=D("18.00"),
                net_amount=D("24.30"),
            ),
        ),
        total_discount_amount=D("1.30"),
        net_total=D("23.00"),
        cost_total=D("18.00"),
    )


prices = st.decimals(min_value=0, max_value=D("9999.99"), places=2)
quantities = st.decimals(min_value=D("0.001"), max_value=D("1000"), places=3)
rates = st.sampled_from([D("0"), D("9"), D("21")])
percents = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2))


@st.composite
def quote_lines(draw: st.DrawFn) -> list[LineIn]:
    count = draw(st.integers(min_value=1, max_value=8))
    return [
        LineIn(
            str(i),
            draw(quantities),
            draw(prices),
            draw(rates),
            discount_percent=draw(percents),
            cost_price=draw(st.one_of(st.none(), prices)),
            counted=draw(st.booleans()),
        )
        for i in range(count)
    ]


@settings(max_examples=300, deadline=None)
@given(lines=quote_lines(), discount=percents)
def test_the_totals_are_the_sums_of_the_rounded_lines(lines, discount):
    totals = compute(lines, discount_percent=discount)
    counted = [line for line in totals.lines if line.counted]
    assert totals.subtotal == sum((line.net for line in counted), D("0"))
    for line in totals.lines:
        assert line.net == cents(line.net) and D("0") <= line.net <= line.amount
    assert sum((v.discount for v in totals.vat_lines), D("0")) == totals.discount
    assert sum((v.base for v in totals.vat_lines), D("0")) == totals.net
    for v in totals.vat_lines:
        assert v.vat == cents(v.base * v.percentage / 100)
    assert totals.vat == sum((v.vat for v in totals.vat_lines), D("0"))
    assert totals.gross == totals.net + totals.vat
    assert totals.net == totals.subtotal - totals.discount >= 0


@settings(max_examples=300, deadline=None)
@given(
    amount=st.decimals(min_value=0, max_value=D("99999.99"), places=2),
    weights=st.lists(prices, min_size=1, max_size=5),
)
def test_a_spread_adds_up_to_the_cent(amount, weights):
    shares = spread(amount, weights)
    assert sum(shares, D("0")) == amount
    assert all(share == cents(share) and share >= 0 for share in shares)
