"""Amounts are exact in cents: Decimal arithmetic rounded half up once per line, never a float
(hypothesis generates the prices and quantities)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import count

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from koers.sales.money import cents, line_amount, margin_percent, vat_amount
from koers.sales.pricing import price_for
from tests.factories import make_account, make_user
from tests.sales.factories import make_product

prices = st.decimals(min_value=0, max_value=Decimal("99999.99"), places=2)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("100000"), places=3)
_owners = count(1)
percentages = st.sampled_from([Decimal("0"), Decimal("9"), Decimal("21")])


def _half_up(exact: Fraction) -> Fraction:
    """Rounding to cents as a Dutch invoice does, computed with fractions (no Decimal)."""
    scaled = exact * 100
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 100)


@given(prices, quantities)
def test_a_line_is_the_exact_product_rounded_half_up_to_cents(price, quantity):
    amount = line_amount(price, quantity)

    assert amount.as_tuple().exponent == -2
    assert Fraction(amount) == _half_up(Fraction(price) * Fraction(quantity))


@given(prices, quantities, percentages)
def test_vat_is_computed_on_the_rounded_line_and_rounded_itself(price, quantity, percentage):
    net = line_amount(price, quantity)
    vat = vat_amount(net, percentage)

    assert vat.as_tuple().exponent == -2
    assert Fraction(vat) == _half_up(Fraction(net) * Fraction(percentage) / 100)


@given(st.integers(min_value=0, max_value=10**9))
def test_a_half_cent_goes_up(whole_cents):
    assert cents(Decimal(whole_cents) / 100 + Decimal("0.005")) == Decimal(whole_cents + 1) / 100
    assert cents(Decimal(whole_cents) / 100 + Decimal("0.0049")) == Decimal(whole_cents) / 100


def test_a_float_is_refused():
    with pytest.raises(TypeError):
        cents(0.1)  # type: ignore[arg-type]


@given(prices, prices)
def test_the_margin_is_a_percentage_of_the_price_with_one_decimal(price, cost):
    margin = margin_percent(price, cost)

    if price == 0:
        assert margin is None
    else:
        assert margin is not None and margin.as_tuple().exponent == -1
        assert abs(Fraction(margin) - (Fraction(price - cost) * 100 / Fraction(price))) <= Fraction(
            1, 20
        )


@pytest.mark.django_db
@settings(max_examples=25, deadline=None)
@given(price=prices, quantity=quantities)
def test_a_resolved_price_adds_up_to_the_cent(price, quantity):
    owner = make_user(f"owner{next(_owners)}")
    account = make_account(owner, "Klant")
    product = make_product(list_price=price)

    found = price_for(product=product, account=account, on=date(2026, 6, 1), quantity=quantity)

    assert found.net == line_amount(price, quantity)
    assert found.gross == found.net + found.vat
    assert found.gross.as_tuple().exponent == -2
