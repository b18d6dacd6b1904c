"""The insights pages: what each persona sees, the list behind a figure and its XLSX export,
the period kept in the URL, and pinned query counts."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from koers.insights import registry
from koers.insights.periods import Period
from tests.insights.world import NOVEMBER


def test_alice_sees_her_figures_with_the_i_next_to_each(world, client_for):
    page = client_for(world.people.alice).get(f"/insights/?{NOVEMBER}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-indicator="revenue"' in html
    assert "€1,500" in html  # her revenue in November
    assert "€3,500" not in html  # not the team's
    assert "Sum of the net amounts of the orders delivered or invoiced in the period." in html
    assert "November 2026" in html
    assert 'id="chart-revenue"' in html and 'id="chart-pipeline"' in html
    assert 'id="to-team"' not in html


def test_maria_sees_the_team_and_a_link_to_the_matrix(world, client_for):
    html = client_for(world.people.maria).get(f"/insights/?{NOVEMBER}").content.decode()
    assert "€3,500" in html
    assert 'id="to-team"' in html


def test_the_team_matrix_is_for_managers(world, client_for):
    assert client_for(world.people.alice).get("/insights/team/").status_code == 403
    page = client_for(world.people.maria).get(f"/insights/team/?{NOVEMBER}&sort=revenue")
    assert page.status_code == 200
    html = page.content.decode()
    bob, alice = world.people.bob.pk, world.people.alice.pk
    assert html.index(f'data-person="{bob}"') < html.index(f'data-person="{alice}"')
    assert "light-bad" in html  # alice's target realisation, 75 %
    assert "charlie" not in html


def test_the_list_behind_a_figure_adds_up_to_it(world, client_for):
    client = client_for(world.people.alice)
    page = client.get(f"/insights/drill/revenue/?{NOVEMBER}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="drill-total">€1,500' in html
    assert "2 rows" in html
    assert "Alpha Two" in html


def test_the_list_exports_to_xlsx_in_full(world, client_for):
    response = client_for(world.people.maria).get(f"/insights/drill/revenue/export.xlsx?{NOVEMBER}")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Order number"
    assert len(rows) == 1 + 3  # alice's two orders and bob's
    net = rows[0].index("Net amount")
    assert sum(Decimal(str(r[net])) for r in rows[1:]) == Decimal("3500")


def test_a_manager_drills_into_one_colleague(world, client_for):
    bob = world.people.bob.pk
    html = (
        client_for(world.people.maria)
        .get(f"/insights/drill/revenue/?{NOVEMBER}&person={bob}")
        .content.decode()
    )
    assert 'id="drill-total">€2,000' in html


def test_charlie_gets_nothing_of_north_behind_a_figure(world, client_for):
    alice = world.people.alice.pk
    html = (
        client_for(world.people.charlie)
        .get(f"/insights/drill/revenue/?{NOVEMBER}&person={alice}")
        .content.decode()
    )
    assert "0 rows" in html
    assert "Alpha" not in html


def test_an_unknown_indicator_is_a_404(world, client_for):
    assert client_for(world.people.alice).get("/insights/drill/nonsense/").status_code == 404


def test_bad_period_values_fall_back_to_this_month(world, client_for):
    client = client_for(world.people.alice)
    for query in ("period=decade", "period=month&date=2026-13-45", "period=range&start=x"):
        page = client.get(f"/insights/?{query}")
        assert page.status_code == 200
        assert "November 2026" in page.content.decode()


def test_a_date_range_is_kept_in_the_url(world, client_for):
    html = (
        client_for(world.people.alice)
        .get("/insights/?period=range&start=2026-10-01&end=2026-11-30")
        .content.decode()
    )
    assert "€1,800" in html  # October's 300 and November's 1,500
    assert "start=2026-10-01&amp;end=2026-11-30" in html


def test_the_dashboards_make_a_fixed_number_of_queries(world, client_for, query_baseline):
    client = client_for(world.people.alice)
    client.get("/insights/")  # the session and the stage settings' caches
    with query_baseline("dashboard"):
        client.get(f"/insights/?{NOVEMBER}")
    client = client_for(world.people.maria)
    with query_baseline("team"):
        client.get(f"/insights/team/?{NOVEMBER}")
    with query_baseline("drill"):
        client.get(f"/insights/drill/revenue/?{NOVEMBER}")


def test_the_dashboard_speaks_dutch_to_a_dutch_user(world, client_for):
    alice = world.people.alice
    alice.language = "nl"
    alice.save(update_fields=["language"])
    html = client_for(alice).get(f"/insights/?{NOVEMBER}").content.decode()
    assert "Mijn cijfers" in html
    assert "Som van de nettobedragen" in html
    assert "november 2026" in html.lower()
    assert "€ 1.500" in html


def test_every_list_behind_a_figure_opens_and_exports(world, client_for):
    november = Period.of("month", date(2026, 11, 1))
    client = client_for(world.people.maria)
    for indicator in registry.indicators():
        page = client.get(f"/insights/drill/{indicator.key}/?{NOVEMBER}")
        assert page.status_code == 200, indicator.key
        export = client.get(f"/insights/drill/{indicator.key}/export.xlsx?{NOVEMBER}")
        assert export.status_code == 200, indicator.key
        sheet = load_workbook(io.BytesIO(export.content)).active
        assert sheet is not None
        assert sheet.max_row == 1 + len(indicator.drill(world.people.maria, november, None).rows)
