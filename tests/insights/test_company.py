"""The company's figures (decision 152): teams, segments and product groups side by side, on
the page and in the API, with known answers from the insights world (November 2026):
delivered revenue alice 1,500 (alpha 1,000 and alpha two 500), bob 2,000, charlie 4,000."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from koers.accounts.models import Segment
from koers.core.models import Role
from koers.insights import company
from koers.insights.periods import Period
from koers.sales.models import ProductGroup
from tests.factories import make_user
from tests.insights.world import NOVEMBER
from tests.planning.target_factories import delivered

NOV = Period.of("month", date(2026, 11, 1))


@pytest.fixture
def director(db):
    return make_user("dirk", role=Role.SALES_DIRECTOR)


def _row(sheet, name):
    return next(r for r in sheet.rows if r.label == name)


def _value(row, key):
    return next(f.value for f in row.figures if f.indicator.key == key)


def test_teams_side_by_side_sum_their_account_managers(world, director):
    sheet = company.by_team(director, NOV)
    assert [r.label for r in sheet.rows] == ["North", "South"]
    assert _value(_row(sheet, "North"), "revenue") == D("3500")  # alice and bob
    assert _value(_row(sheet, "South"), "revenue") == D("4000")  # charlie
    totals = {f.indicator.key: f.value for f in sheet.totals}
    assert totals["revenue"] == D("7500")
    # A ratio over the team's summed parts: North's quotes decided in November are alice's
    # accepted, declined and expired and bob's accepted: 2 of 4.
    assert _value(_row(sheet, "North"), "quote_hit_rate") == D("50.0")


def test_segments_side_by_side_count_their_accounts(world, director):
    retail = Segment.objects.create(name="Retail")
    Segment.objects.create(name="Industry")
    world.alpha.segment = retail
    world.alpha.save(update_fields=["segment"])
    sheet = company.by_segment(director, NOV)
    assert [r.label for r in sheet.rows] == ["Industry", "Retail"]
    assert _value(_row(sheet, "Retail"), "revenue") == D("1000")
    assert _value(_row(sheet, "Industry"), "revenue") == D("0")
    assert {f.indicator.key: f.value for f in sheet.totals}["revenue"] == D("7500")
    assert "target_realisation" not in [i.key for i in sheet.indicators]


def test_product_groups_count_their_subgroups(world, director):
    machines = ProductGroup.objects.create(code="M", name_nl="Machines", name_en="Machines")
    pumps = ProductGroup.objects.create(
        code="MP", name_nl="Pompen", name_en="Pumps", parent=machines
    )
    service = ProductGroup.objects.create(code="S", name_nl="Service", name_en="Service")
    delivered(
        world.people.bob,
        world.beta,
        date(2026, 11, 9),
        [(pumps, "800.00", "500.00", "1"), (machines, "200.00", "100.00", "1")],
    )
    delivered(world.people.bob, world.beta, date(2026, 10, 9), [(service, "300.00", "0", "1")])
    sheet = company.by_product_group(director, NOV, NOV.previous())
    rows = {r.label: r for r in sheet.rows}
    assert rows["Machines"].revenue == D("1000.00")
    assert rows["Machines"].margin == D("400.00")
    assert rows["Machines"].revenue_before == D("0")
    assert rows["Service"].revenue == D("0") and rows["Service"].revenue_before == D("300.00")
    assert rows[""].revenue == D("7500.00")  # the world's lines have no product group
    assert sheet.revenue == D("8500.00")
    assert rows["Machines"].share == D("11.8")
    assert sheet.revenue_before == D("600.00")  # alpha's October 300 and the service


def test_the_page_shows_each_sheet_and_links_to_the_rows_behind(world, director, client_for):
    client = client_for(director)
    html = client.get(f"/insights/company/?{NOVEMBER}").content.decode()
    assert 'id="company-sheet"' in html and "North" in html and "€7,500" in html
    north = next(t for t in world.people.maria.managed_teams.all() if t.name == "North")
    assert f"team={north.pk}" in html
    drill = client.get(f"/insights/drill/revenue/?{NOVEMBER}&team={north.pk}").content.decode()
    assert 'id="drill-total">€3,500' in drill
    html = client.get(f"/insights/company/?{NOVEMBER}&by=product_groups").content.decode()
    assert 'id="product-groups"' in html and 'id="chart-product-groups"' in html
    html = client.get(f"/insights/company/?{NOVEMBER}&by=segments").content.decode()
    assert "No segments yet." in html


def test_only_administrators_and_the_sales_director_read_the_company(world, director, client_for):
    for persona in ("alice", "maria", "ingrid", "mark"):
        client = client_for(getattr(world.people, persona))
        assert client.get("/insights/company/").status_code == 403, persona
    assert client_for(director).get("/insights/company/").status_code == 200
    html = client_for(director).get("/insights/").content.decode()
    assert 'id="to-company"' in html
    assert (
        'id="to-company"' not in client_for(world.people.maria).get("/insights/").content.decode()
    )


def test_the_api_gives_the_same_sheets(world, director, client_for):
    api = client_for(director)
    body = api.get(f"/api/v1/insights/company?{NOVEMBER}").json()
    assert body["by"] == "teams"
    north = next(r for r in body["rows"] if r["name"] == "North")
    assert north["figures"]["revenue"] == "3500.00"
    assert body["totals"]["revenue"] == "7500.00"
    body = api.get(f"/api/v1/insights/company?{NOVEMBER}&by=product_groups").json()
    assert body["rows"] == [
        {
            "id": None,
            "name": "",
            "figures": {
                "revenue": "7500.00",
                "margin": "4200.00",
                "share": "100.00",
                "revenue_compared": "300.00",
            },
        }
    ]
    assert client_for(world.people.maria).get("/api/v1/insights/company").status_code == 403
    wrong = api.get("/api/v1/insights/company?by=regions")
    assert wrong.status_code == 422 and "by" in wrong.content.decode()


def test_the_company_sheets_make_a_fixed_number_of_queries(
    world, director, client_for, query_baseline
):
    Segment.objects.create(name="Retail")
    Segment.objects.create(name="Industry")
    client = client_for(director)
    client.get("/insights/company/")
    with query_baseline("teams"):
        client.get(f"/insights/company/?{NOVEMBER}")
    with query_baseline("segments"):
        client.get(f"/insights/company/?{NOVEMBER}&by=segments")
    with query_baseline("product_groups"):
        client.get(f"/insights/company/?{NOVEMBER}&by=product_groups")


def test_a_chosen_product_group_shows_its_subgroups(world, director):
    machines = ProductGroup.objects.create(code="M", name_nl="Machines", name_en="Machines")
    pumps = ProductGroup.objects.create(
        code="MP", name_nl="Pompen", name_en="Pumps", parent=machines
    )
    delivered(
        world.people.bob,
        world.beta,
        date(2026, 11, 9),
        [(pumps, "800.00", "500.00", "1"), (machines, "200.00", "100.00", "1")],
    )
    chosen = replace(NOV, accounts=replace(NOV.accounts, product_group=machines.pk))
    sheet = company.by_product_group(director, chosen, None)
    assert {r.label: r.revenue for r in sheet.rows} == {
        "Machines": D("200.00"),
        "Pumps": D("800.00"),
    }
    assert sheet.revenue == D("1000.00")
