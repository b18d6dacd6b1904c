"""Amounts as text: `core.pdf.money` writes the same as Django's number_format, faster."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given
from hypothesis import strategies as st

from koers.core.pdf import amount_text, money

AMOUNTS = st.decimals(
    min_value=Decimal("-99999999999999.999"),
    max_value=Decimal("99999999999999.999"),
    places=3,
    allow_nan=False,
    allow_infinity=False,
)


@given(value=AMOUNTS, language=st.sampled_from(["nl", "en"]))
def test_an_amount_reads_as_django_formats_it(value, language):
    with translation.override(language):
        expected = number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
        assert amount_text(value, language) == expected


def test_an_amount_in_euros_in_dutch_and_english():
    with translation.override("nl"):
        assert money(Decimal("1234567.891")) == "€ 1.234.567,89"
        assert money(Decimal("-0.004")) == "€ 0,00"
        assert money(12) == "€ 12,00"
    with translation.override("en"):
        assert money(Decimal("-1234.5")) == "€-1,234.50"
