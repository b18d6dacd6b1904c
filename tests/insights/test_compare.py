"""The "compare with" filter: the previous period, the same period last year, or none, on the
dashboard (kept in the URL) and in the API."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from koers.accounts.models import Account, Segment
from koers.insights import figures
from koers.insights.periods import AccountSlice, Period, compare_from
from tests.insights.world import NOVEMBER
from tests.planning.target_factories import delivered

NOV = Period.of("month", date(2026, 11, 1))


def test_the_same_period_last_year_of_each_kind():
    assert Period.of("month", date(2026, 11, 20)).last_year() == Period(
        "month", date(2025, 11, 1), date(2025, 11, 30)
    )
    assert Period.of("quarter", date(2026, 11, 20)).last_year().start == date(2025, 10, 1)
    assert Period.of("year", date(2026, 5, 1)).last_year().start == date(2025, 1, 1)
    # A week: the week that held the same day a year earlier.
    week = Period.of("week", date(2026, 11, 18)).last_year()
    assert (week.start, week.end) == (date(2025, 11, 17), date(2025, 11, 23))
    # A range: the same days; 29 February becomes the 28th.
    span = Period("range", date(2028, 2, 1), date(2028, 2, 29)).last_year()
    assert span == Period("range", date(2027, 2, 1), date(2027, 2, 28))


def test_compare_falls_back_to_the_previous_period():
    assert compare_from({}) == "previous"
    assert compare_from({"compare": "decade"}) == "previous"
    assert compare_from({"compare": "last_year"}) == "last_year"
    assert Period.of("month", date(2026, 11, 1)).compared("none") is None


def test_alice_against_november_last_year(world):
    delivered(world.people.alice, world.alpha, date(2025, 11, 3), [(None, "800.00", "0", "1")])
    november = Period.of("month", date(2026, 11, 1))
    found = {
        f.indicator.key: f
        for f in figures.my_figures(world.people.alice, november, against="last_year")
    }
    assert found["revenue"].previous == D("800.00")
    assert found["revenue"].change == D("700.00")
    none = {
        f.indicator.key: f for f in figures.my_figures(world.people.alice, november, against="none")
    }
    assert none["revenue"].previous is None and none["revenue"].change is None


def test_the_dashboard_keeps_the_comparison_in_the_url(world, client_for):
    delivered(world.people.alice, world.alpha, date(2025, 11, 3), [(None, "800.00", "0", "1")])
    client = client_for(world.people.alice)
    html = client.get(f"/insights/?{NOVEMBER}&compare=last_year").content.decode()
    assert "Same period last year" in html and "November 2025" in html
    assert "€800" in html  # last year's revenue, next to this year's
    assert "date=2026-12-01&amp;compare=last_year" in html  # next period keeps it
    assert "date=2025-11-01" in html  # the drill-down of last year's figure
    html = client.get(f"/insights/?{NOVEMBER}&compare=none").content.decode()
    assert 'data-figure="previous"' not in html and 'id="compare-label"' not in html
    # A bad value is the previous period, not an error.
    html = client.get(f"/insights/?{NOVEMBER}&compare=decade").content.decode()
    assert "October 2026" in html


def test_the_api_compares_with_last_year_or_nothing(world, client_for):
    delivered(world.people.alice, world.alpha, date(2025, 11, 3), [(None, "800.00", "0", "1")])
    client = client_for(world.people.alice)
    body = client.get(f"/api/v1/insights/indicators?{NOVEMBER}&compare=last_year").json()
    compared = body["previous_period"]
    assert (compared["start"], compared["end"]) == ("2025-11-01", "2025-11-30")
    assert {i["key"]: i["previous"] for i in body["indicators"]}["revenue"] == "800.00"
    body = client.get(f"/api/v1/insights/indicators?{NOVEMBER}&compare=none").json()
    assert body["previous_period"] is None
    assert {i["key"]: i["previous"] for i in body["indicators"]}["revenue"] is None
    response = client.get(f"/api/v1/insights/indicators?{NOVEMBER}&compare=decade")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "compare"


# ---------------------------------------------------------------- segment and tier


@pytest.fixture
def retail(world):
    """Alpha (alice: 1,000 in November, 300 in October) becomes an A account in Retail; Alpha
    Two (alice: 500 in November) stays a C account without a segment."""
    segment = Segment.objects.create(name="Retail")
    Account.objects.filter(pk=world.alpha.pk).update(segment=segment, tier="A")
    return segment


def test_a_tier_or_segment_narrows_every_figure(world, retail):
    def mine(**accounts):
        period = replace(NOV, accounts=AccountSlice(**accounts))
        return {f.indicator.key: f for f in figures.my_figures(world.people.alice, period)}

    assert mine()["revenue"].value == D("1500.00")
    assert mine(tier="A")["revenue"].value == D("1000.00")
    assert mine(tier="A")["revenue"].previous == D("300.00")  # the comparison too
    assert mine(segment=retail.pk)["margin"].value == D("400.00")
    assert mine(tier="B")["revenue"].value == D("0")
    # Targets are set per person, not per tier: no realisation under the filter.
    assert mine(tier="A")["target_realisation"].value is None


def test_the_filters_are_kept_and_the_drill_down_adds_up(world, retail, client_for):
    client = client_for(world.people.alice)
    html = client.get(f"/insights/?{NOVEMBER}&tier=A&segment={retail.pk}").content.decode()
    assert "€1,000" in html and "€1,500" not in html
    assert f"segment={retail.pk}&amp;tier=A" in html  # in the links behind the figures
    page = client.get(f"/insights/drill/revenue/?{NOVEMBER}&tier=A")
    assert page.context["total"] == page.context["value"] == D("1000.00")
    # A bad value is no filter.
    html = client.get(f"/insights/?{NOVEMBER}&tier=Z&segment=x").content.decode()
    assert "€1,500" in html
    matrix = client_for(world.people.maria).get(f"/insights/team/?{NOVEMBER}&tier=A")
    assert matrix.context["matrix"].totals[0].value == D("1000.00")  # bob's Beta is a C


def test_the_api_takes_segment_and_tier(world, retail, client_for):
    client = client_for(world.people.alice)
    body = client.get(f"/api/v1/insights/indicators?{NOVEMBER}&segment={retail.pk}").json()
    assert body["period"]["segment"] == retail.pk
    assert {i["key"]: i["value"] for i in body["indicators"]}["revenue"] == "1000.00"
    body = client_for(world.people.maria).get(f"/api/v1/insights/team?{NOVEMBER}&tier=A").json()
    assert body["totals"]["revenue"] == "1000.00"
    response = client.get("/api/v1/insights/indicators?segment=999999")
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("segment", "not_found")
    ]
    assert client.get("/api/v1/insights/indicators?tier=Z").status_code == 422
