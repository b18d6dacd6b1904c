"""The realism check as pure functions, on hand-made figures: percentages rounded to whole per
cents, "not available" instead of a division by zero, and the marks on what looks unrealistic."""

from __future__ import annotations

from decimal import Decimal

from koers.planning.plans.realism import Facts, percent_of, realism_of


def _facts(expected, revenue=(0, 0, 0), pipeline="0", volume=None):
    return Facts(
        expected=None if expected is None else Decimal(expected),
        year=2027,
        revenue={2024: Decimal(revenue[0]), 2025: Decimal(revenue[1]), 2026: Decimal(revenue[2])},
        pipeline=Decimal(pipeline),
        purchase_volume=None if volume is None else Decimal(volume),
    )


def _by_key(facts):
    return {m.key: m for m in realism_of(facts).measures}


def test_percent_of_is_rounded_and_not_available_without_a_whole():
    assert percent_of(Decimal(180), Decimal(100)) == 180
    assert percent_of(Decimal(1), Decimal(3)) == 33
    assert percent_of(Decimal(2), Decimal(3)) == 67
    assert percent_of(Decimal(5), Decimal(0)) is None
    assert percent_of(None, Decimal(10)) is None
    assert percent_of(Decimal(5), None) is None


def test_it_compares_the_plan_with_last_year_the_average_the_pipeline_and_the_wallet():
    measures = _by_key(
        _facts("180000", revenue=(60000, 90000, 100000), pipeline="36000", volume="400000")
    )

    assert measures["last_year"].percent == 180
    assert measures["last_year"].text == ("The plan is 180 % of last year's revenue (€100,000.00).")
    assert measures["last_year"].warning is True  # above 150 %
    # (60,000 + 90,000 + 100,000) / 3 = 83,333.33; 180,000 of it is 216 %.
    assert measures["average"].percent == 216
    assert "€83,333.33" in measures["average"].text
    assert measures["pipeline"].percent == 20
    assert measures["pipeline"].text == (
        "The open pipeline (weighted, €36,000.00) covers 20 % of the plan."
    )
    assert measures["pipeline"].warning is True  # under 25 %
    assert measures["wallet"].percent == 45
    assert measures["wallet"].warning is False


def test_a_modest_plan_is_not_marked():
    measures = _by_key(
        _facts("110000", revenue=(100000, 100000, 100000), pipeline="55000", volume="500000")
    )

    assert [(k, m.percent, m.warning) for k, m in measures.items()] == [
        ("last_year", 110, False),
        ("average", 110, False),
        ("pipeline", 50, False),
        ("wallet", 22, False),
    ]


def test_without_figures_each_measure_is_not_available_never_an_error():
    measures = _by_key(_facts(None))

    assert all(m.percent is None for m in measures.values())
    assert measures["last_year"].text == "Against last year: not available (no revenue in 2026)."
    assert measures["pipeline"].text == "Pipeline coverage: not available (no expected revenue)."
    assert measures["wallet"].text == (
        "Share of its purchases: not available (no purchase volume in an analysis)."
    )


def test_a_plan_of_zero_has_no_pipeline_coverage_and_a_new_account_no_history():
    measures = _by_key(_facts("0", revenue=(0, 0, 0), pipeline="1000", volume="0"))

    assert measures["pipeline"].percent is None
    assert measures["last_year"].percent is None
    assert measures["average"].percent is None
    assert measures["wallet"].percent is None


def test_more_than_the_account_buys_in_our_categories_is_marked():
    measures = _by_key(_facts("300000", revenue=(0, 0, 250000), volume="200000"))

    assert measures["wallet"].percent == 150
    assert measures["wallet"].warning is True
