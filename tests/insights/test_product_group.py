"""The product group filter (issue 16, decision 153): revenue and margin (and the other order-line
figures) of one product group with its subgroups; every other figure shows "—".

On top of the world (whose orders have no product group): Tools with its subgroup Drills, and
Paint. alice's order at Alpha delivered in November: Tools 200 (cost 50), Drills 300 (cost 100),
Paint 400 (cost 300); in October: Tools 100 (cost 40). So in November, Tools: revenue 500,
margin 350; Drills: 300 and 200; Paint: 400 and 100. October, Tools: 100.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from koers.insights import figures
from koers.insights.periods import AccountSlice, Period, period_from
from koers.sales.models import ProductGroup
from tests.insights.world import NOVEMBER
from tests.planning.target_factories import delivered

NOV = Period.of("month", date(2026, 11, 1))


@pytest.fixture
def groups(world):
    tools = ProductGroup.objects.create(code="T", name_nl="Gereedschap", name_en="Tools")
    drills = ProductGroup.objects.create(code="TD", name_nl="Boren", name_en="Drills", parent=tools)
    paint = ProductGroup.objects.create(code="P", name_nl="Verf", name_en="Paint")
    alice = world.people.alice
    delivered(
        alice,
        world.alpha,
        date(2026, 11, 10),
        [
            (tools, "200.00", "50.00", "1"),
            (drills, "300.00", "100.00", "1"),
            (paint, "400.00", "300.00", "1"),
        ],
    )
    delivered(alice, world.alpha, date(2026, 10, 10), [(tools, "100.00", "40.00", "1")])
    return {"tools": tools.pk, "drills": drills.pk, "paint": paint.pk}


def _of(period: Period, group: int | None) -> Period:
    return replace(period, accounts=AccountSlice(product_group=group))


def _values(user, period: Period) -> dict[str, figures.Figure]:
    return {f.indicator.key: f for f in figures.my_figures(user, period)}


@pytest.mark.parametrize(
    ("group", "revenue", "margin"),
    [("tools", "500.00", "350.00"), ("drills", "300.00", "200.00"), ("paint", "400.00", "100.00")],
)
def test_revenue_and_margin_count_the_lines_of_the_group_and_its_subgroups(
    world, groups, group, revenue, margin
):
    found = _values(world.people.alice, _of(NOV, groups[group]))
    assert f"{found['revenue'].value:.2f}" == revenue
    assert f"{found['margin'].value:.2f}" == margin
    assert found["revenue"].by_group is True


def test_without_a_group_the_order_totals_count_as_before(world, groups):
    found = _values(world.people.alice, NOV)
    assert found["revenue"].value == 1500 + 900
    assert found["revenue"].by_group is None


def test_the_period_compared_with_keeps_the_group(world, groups):
    found = _values(world.people.alice, _of(NOV, groups["tools"]))
    assert found["revenue"].previous == 100


def test_a_figure_that_cannot_be_narrowed_shows_nothing(world, groups, client_for):
    found = _values(world.people.alice, _of(NOV, groups["tools"]))
    assert found["pipeline_value"].value is None
    assert found["pipeline_value"].by_group is False
    assert found["complaints_open"].value is None
    html = client_for(world.people.alice).get(
        f"/insights/?{NOVEMBER}&product_group={groups['tools']}"
    )
    row = re.search(r'<tr data-indicator="pipeline_value">.*?</tr>', html.content.decode(), re.S)
    assert row is not None
    assert "—" in row.group(0)
    assert "not per product group" in row.group(0)


def test_the_dashboard_shows_the_group_and_the_url_keeps_it(world, groups, client_for):
    tools = groups["tools"]
    html = (
        client_for(world.people.alice)
        .get(f"/insights/?{NOVEMBER}&product_group={tools}")
        .content.decode()
    )
    row = re.search(r'<tr data-indicator="revenue">.*?</tr>', html, re.S)
    assert row is not None
    assert "500" in row.group(0)
    assert "in this product group" in row.group(0)
    assert f'<option value="{tools}" selected>Tools</option>' in html
    assert f"date=2026-10-01&amp;product_group={tools}" in html  # previous period
    assert f"date=2026-12-01&amp;product_group={tools}" in html  # next period
    assert (
        f"/insights/drill/revenue/?period=month&amp;date=2026-11-01&amp;product_group={tools}"
        in html
    )
    assert 'id="product-group-label">product group Tools' in html


def test_the_query_string_round_trips():
    period = period_from({"period": "month", "date": "2026-11-01", "product_group": "7"}, NOV.end)
    assert period.accounts.product_group == 7
    assert period.previous().accounts.product_group == 7
    assert "product_group=7" in period.query()
    assert period_from({"product_group": "x"}, NOV.end).accounts.product_group is None


@pytest.mark.parametrize(("key", "total"), [("revenue", "500"), ("margin", "350")])
def test_the_drill_down_lists_the_lines_of_the_group_and_adds_up(
    world, groups, client_for, key, total
):
    client = client_for(world.people.alice)
    query = f"{NOVEMBER}&product_group={groups['tools']}"
    html = client.get(f"/insights/drill/{key}/?{query}").content.decode()
    figure = re.search(r'id="drill-figure">([^<]*)<', html)
    added = re.search(r'id="drill-total">([^<]*)<', html)
    assert figure is not None and added is not None
    assert figure.group(1) == added.group(1)
    assert total in figure.group(1)
    assert "1 row" in html  # only the order with lines in the group
    export = client.get(f"/insights/drill/{key}/export.xlsx?{query}")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][4:] == (500, 150, 350)  # net, cost and margin in the group


def test_a_drill_down_not_narrowed_has_no_rows(world, groups, client_for):
    html = (
        client_for(world.people.alice)
        .get(f"/insights/drill/pipeline_value/?{NOVEMBER}&product_group={groups['tools']}")
        .content.decode()
    )
    assert "not per product group" in html
    assert "Nothing behind this figure" in html


def test_the_team_matrix_narrows_too(world, groups, client_for):
    body = (
        client_for(world.people.maria)
        .get(f"/api/v1/insights/team?{NOVEMBER}&product_group={groups['tools']}")
        .json()
    )
    revenue = {p["user"]: p["figures"]["revenue"] for p in body["people"]}
    assert revenue == {world.people.alice.pk: "500.00", world.people.bob.pk: "0.00"}
    assert body["totals"]["pipeline_value"] is None
    html = (
        client_for(world.people.maria)
        .get(f"/insights/team/?{NOVEMBER}&product_group={groups['tools']}")
        .content.decode()
    )
    assert "not per product group" in html


def test_the_api_narrows_and_says_which_figures_can_be(world, groups, client_for):
    client = client_for(world.people.alice)
    body = client.get(
        f"/api/v1/insights/indicators?{NOVEMBER}&product_group={groups['drills']}"
    ).json()
    assert body["period"]["product_group"] == groups["drills"]
    found = {i["key"]: i for i in body["indicators"]}
    assert found["revenue"]["value"] == "300.00"
    assert found["revenue"]["by_product_group"] is True
    assert found["pipeline_value"]["value"] is None
    assert found["pipeline_value"]["by_product_group"] is False


def test_the_api_names_an_unknown_product_group(world, client_for):
    response = client_for(world.people.alice).get(
        "/api/v1/insights/indicators?product_group=999999"
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("product_group", "not_found")]
    company = client_for(world.people.maria).get("/api/v1/insights/company?product_group=999999")
    assert company.status_code in (403, 422)


def test_the_dashboard_with_a_group_makes_no_more_queries(
    world, groups, client_for, query_baseline
):
    client = client_for(world.people.alice)
    client.get("/insights/")  # the session and the stage settings' caches
    with query_baseline("dashboard_product_group"):
        client.get(f"/insights/?{NOVEMBER}&product_group={groups['tools']}")


def test_the_pinned_count_with_a_group_is_not_above_the_one_without():
    counts = json.loads((Path(__file__).parent / "query_counts.json").read_text())
    prefix = "test_pages::test_the_dashboards_make_a_fixed_number_of_queries"
    with_group = "test_product_group::test_the_dashboard_with_a_group_makes_no_more_queries"
    assert counts[f"{with_group}::dashboard_product_group"] <= counts[f"{prefix}::dashboard"]


def test_the_dashboard_draws_the_groups_revenue_and_no_pipeline(groups, client_for, world):
    html = (
        client_for(world.people.alice)
        .get(f"/insights/?{NOVEMBER}&product_group={groups['tools']}")
        .content.decode()
    )
    assert 'id="chart-revenue"' in html
    assert 'id="chart-pipeline"' not in html  # deals have no product group
    chart = html[html.index('id="chart-revenue"') :]
    assert "€500" in chart  # November: Tools 200 and Drills 300
    plain = client_for(world.people.alice).get(f"/insights/?{NOVEMBER}").content.decode()
    assert 'id="chart-pipeline"' in plain
