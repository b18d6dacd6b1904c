"""The period filter: each kind around a date, the one before and after, and what a bad query
string falls back to."""

from __future__ import annotations

from datetime import date

from koers.insights.periods import Period, period_from

TODAY = date(2026, 11, 20)


def test_each_kind_spans_its_days():
    assert Period.of("week", TODAY) == Period("week", date(2026, 11, 16), date(2026, 11, 22))
    assert Period.of("month", TODAY) == Period("month", date(2026, 11, 1), date(2026, 11, 30))
    assert Period.of("quarter", TODAY) == Period("quarter", date(2026, 10, 1), date(2026, 12, 31))
    assert Period.of("year", TODAY) == Period("year", date(2026, 1, 1), date(2026, 12, 31))


def test_the_previous_period_is_the_same_kind_just_before():
    assert Period.of("month", date(2026, 3, 31)).previous().start == date(2026, 2, 1)
    assert Period.of("quarter", date(2026, 1, 5)).previous() == Period(
        "quarter", date(2025, 10, 1), date(2025, 12, 31)
    )
    week = Period.of("week", date(2026, 1, 1)).previous()
    assert (week.start, week.end) == (date(2025, 12, 22), date(2025, 12, 28))
    # A range: as many days, just before.
    span = Period("range", date(2026, 11, 1), date(2026, 11, 10))
    assert span.previous() == Period("range", date(2026, 10, 22), date(2026, 10, 31))
    assert span.following() == Period("range", date(2026, 11, 11), date(2026, 11, 20))


def test_targets_exist_for_months_quarters_and_years_only():
    assert Period.of("month", TODAY).target_period() == (2026, "month", 11)
    assert Period.of("quarter", TODAY).target_period() == (2026, "quarter", 4)
    assert Period.of("year", TODAY).target_period() == (2026, "year", 1)
    assert Period.of("week", TODAY).target_period() is None


def test_the_query_string_round_trips():
    for period in (Period.of("week", TODAY), Period("range", date(2026, 1, 3), date(2026, 2, 1))):
        assert period_from(period.params(), TODAY) == period


def test_bad_values_fall_back_to_this_month():
    month = Period.of("month", TODAY)
    assert period_from({}, TODAY) == month
    assert period_from({"period": "decade"}, TODAY) == month
    assert period_from({"period": "range", "start": "2026-01-01"}, TODAY) == month
    assert period_from({"period": "year", "date": "9999-12-31"}, TODAY) == Period.of("year", TODAY)


def test_a_range_is_put_in_order_and_cut_at_three_years():
    found = period_from({"period": "range", "start": "2026-05-01", "end": "2026-04-01"}, TODAY)
    assert (found.start, found.end) == (date(2026, 4, 1), date(2026, 5, 1))
    long = period_from({"period": "range", "start": "2000-01-01", "end": "2100-01-01"}, TODAY)
    assert long.days == 3 * 366 + 1
