"""The win and loss page (decisions 148 and 155): the opportunities won and lost in the period,
the won ones by reason, the lost ones by reason and by competitor, each row opening the
opportunities behind it (adding up to it) with their XLSX export; the same in the API; through
the reader's scope.

November 2026. Alice (North): won 2,000; lost 1,000 to X (competitor), 500 to Y (price), 300
(timing, no competitor named); lost 700 to X in October. Bob (North): lost 400 to X.
Charlie (South): lost 800 to X."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook

from koers.insights.indicators.winloss import win_loss
from koers.insights.periods import Period
from koers.sales.models import Competitor, Opportunity
from tests.insights.win_loss_world import build, closed

NOV = Period.of("month", date(2026, 11, 1))
QUERY = "period=month&date=2026-11-01"


@pytest.fixture
def deals(people):
    return build(people)


def _rows(buckets):
    return [(b.label, b.count, b.value, b.share) for b in buckets]


def test_alice_sees_her_own_won_and_lost(deals):
    found = win_loss(deals.alice, NOV, [deals.alice.pk])
    assert (found.won.count, found.won.value) == (1, D("2000.00"))
    assert (found.lost.count, found.lost.value) == (3, D("1800.00"))
    assert found.win_rate == D("25.0")  # 1 of 4
    assert found.value_win_rate == D("52.6")  # 2,000 of 3,800
    # In the order of the reasons' list; shares of the 1,800 lost.
    assert _rows(found.reasons) == [
        ("Price", 1, D("500.00"), D("27.8")),
        ("Timing", 1, D("300.00"), D("16.7")),
        ("Competitor", 1, D("1000.00"), D("55.6")),
    ]
    assert _rows(found.competitors) == [
        ("X Foods", 1, D("1000.00"), D("55.6")),
        ("Y Meat", 1, D("500.00"), D("27.8")),
        ("No competitor named", 1, D("300.00"), D("16.7")),
    ]


def test_maria_sees_team_north_and_not_south(deals):
    found = win_loss(deals.maria, NOV, None)
    assert (found.lost.count, found.lost.value) == (4, D("2200.00"))
    assert _rows(found.competitors)[0] == ("X Foods", 2, D("1400.00"), D("63.6"))


def test_the_page_links_each_row_to_the_deals_that_add_up_to_it(deals, client_for):
    client = client_for(deals.maria)
    html = client.get(f"/insights/win-loss/?{QUERY}").content.decode()
    x = deals.x.pk
    escaped = QUERY.replace("&", "&amp;")
    link = f"/insights/win-loss/deals/?{escaped}&amp;outcome=lost&amp;competitor={x}"
    assert link in html
    assert 'id="chart-lost-reasons"' in html and 'data-reason="price"' in html
    page = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=lost&competitor={x}")
    listed = page.content.decode()
    assert "Lost · to X Foods" in listed
    assert "2 rows" in listed and 'id="win-loss-total">€1,400' in listed
    assert "Gamma" not in listed  # charlie's, in South


def test_a_reason_without_a_competitor_and_the_won_ones_list_too(deals, client_for):
    client = client_for(deals.alice)
    nobody = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=lost&competitor=none")
    assert 'id="win-loss-total">€300' in nobody.content.decode()
    price = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=lost&reason=price")
    assert 'id="win-loss-total">€500' in price.content.decode()
    won = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=won")
    assert 'id="win-loss-total">€2,000' in won.content.decode()
    # The won deal records no reason: none for price, all of it under "no reason recorded".
    price = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=won&reason=price")
    assert "No opportunities in this period." in price.content.decode()
    none = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=won&reason=none")
    assert 'id="win-loss-total">€2,000' in none.content.decode()


def test_the_list_exports_to_xlsx_in_full(deals, client_for):
    response = client_for(deals.maria).get(
        f"/insights/win-loss/deals/export.xlsx?{QUERY}&outcome=lost"
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    value = rows[0].index("Estimated value")
    assert len(rows) == 1 + 4
    assert sum(D(str(r[value])) for r in rows[1:]) == D("2200")


def test_a_manager_narrows_to_one_person(deals, client_for):
    bob = deals.bob.pk
    html = (
        client_for(deals.maria)
        .get(f"/insights/win-loss/deals/?{QUERY}&outcome=lost&person={bob}")
        .content.decode()
    )
    assert 'id="win-loss-total">€400' in html


def test_charlie_reads_nothing_of_north(deals, client_for):
    alice = deals.alice.pk
    client = client_for(deals.charlie)
    # Asking for alice's gives his own: an account manager reads only his own deals here.
    html = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=lost&person={alice}")
    listed = html.content.decode()
    assert "1 row" in listed and "Gamma" in listed and "Alpha" not in listed
    found = client.get(f"/api/v1/insights/win-loss?{QUERY}").json()
    assert found["lost"] == {
        "outcome": "lost",
        "label": "Lost",
        "reason": "",
        "competitor": None,
        "count": 1,
        "value": "800.00",
        "share": None,
    }


def test_a_competitor_alone_lists_the_deals_lost_to_it(deals, client_for):
    html = (
        client_for(deals.alice)
        .get(f"/insights/win-loss/deals/?{QUERY}&competitor={deals.y.pk}")
        .content.decode()
    )
    assert "Lost · to Y Meat" in html and 'id="win-loss-total">€500' in html


def test_bad_filters_fall_back_and_never_fail(deals, client_for):
    client = client_for(deals.alice)
    for query in ("outcome=draw", "reason=weather", "competitor=abc", "competitor=99999999999"):
        page = client.get(f"/insights/win-loss/deals/?{QUERY}&{query}")
        assert page.status_code == 200, query
    assert client.get("/insights/win-loss/?period=decade&person=x").status_code == 200


def test_the_api_returns_the_page_s_figures(deals, client_for):
    found = client_for(deals.maria).get(f"/api/v1/insights/win-loss?{QUERY}").json()
    assert found["won"]["value"] == "2000.00" and found["lost"]["count"] == 4
    assert found["win_rate"] == "20.00"  # 1 of 5
    assert [(r["reason"], r["value"]) for r in found["reasons"]] == [
        ("price", "500.00"),
        ("timing", "300.00"),
        ("competitor", "1400.00"),
    ]
    assert found["competitors"][0]["competitor"] == deals.x.pk
    assert found["competitors"][-1] == {
        "outcome": "lost",
        "label": "No competitor named",
        "reason": "",
        "competitor": None,
        "count": 1,
        "value": "300.00",
        "share": "13.60",
    }


def test_the_api_names_an_unknown_team(deals, client_for):
    response = client_for(deals.maria).get("/api/v1/insights/win-loss?team=999999")
    assert response.status_code == 422
    assert "team" in str(response.json())


def test_the_dashboard_and_the_team_view_lead_to_it(deals, client_for):
    client = client_for(deals.maria)
    assert 'id="to-win-loss"' in client.get(f"/insights/?{QUERY}").content.decode()
    assert 'id="to-win-loss"' in client.get(f"/insights/team/?{QUERY}").content.decode()


@pytest.mark.parametrize("extra", [0, 6])
def test_the_pages_make_a_fixed_number_of_queries(deals, client_for, query_baseline, extra):
    beta = Opportunity.objects.filter(owner=deals.bob).first().account
    for i in range(extra):
        rival = Competitor.objects.create(name=f"Rival {i}")
        closed(deals.bob, beta, "10.00", 10 + i, reason="competitor", to=rival)
    client = client_for(deals.maria)
    client.get("/insights/")  # the session
    with query_baseline("page"):
        client.get(f"/insights/win-loss/?{QUERY}")
    with query_baseline("deals"):
        client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=lost")
    with query_baseline("export"):
        client.get(f"/insights/win-loss/deals/export.xlsx?{QUERY}&outcome=lost")
    with query_baseline("api"):
        client.get(f"/api/v1/insights/win-loss?{QUERY}")


def test_the_page_speaks_dutch_to_a_dutch_user(deals, client_for):
    maria = deals.maria
    maria.language = "nl"
    maria.save(update_fields=["language"])
    html = client_for(maria).get(f"/insights/win-loss/?{QUERY}").content.decode()
    assert "Verloren aan welke concurrent" in html and "Geen concurrent genoemd" in html
    assert "€ 1.400" in html  # X Foods, in Dutch money


# ---------------------------------------------------------------- won by reason (decision 155)


@pytest.fixture
def won(deals):
    """Besides Alice's won 2,000 without a reason: Alice won 1,000 and 250 on price and 500 on
    service, Bob (North) 300 on quality, Charlie (South) 900 on price."""
    alpha = Opportunity.objects.filter(owner=deals.alice).first().account
    beta = Opportunity.objects.filter(owner=deals.bob).first().account
    gamma = Opportunity.objects.filter(owner=deals.charlie).first().account
    closed(deals.alice, alpha, "1000.00", 10, stage="won", won="price")
    closed(deals.alice, alpha, "250.00", 11, stage="won", won="price")
    closed(deals.alice, alpha, "500.00", 12, stage="won", won="service")
    closed(deals.bob, beta, "300.00", 13, stage="won", won="quality")
    closed(deals.charlie, gamma, "900.00", 14, stage="won", won="price")
    return deals


def test_alice_sees_her_won_by_reason(won):
    found = win_loss(won.alice, NOV, [won.alice.pk])
    assert (found.won.count, found.won.value) == (4, D("3750.00"))
    # In the order of the reasons' list, then those without; shares of the 3,750 won.
    assert _rows(found.won_reasons) == [
        ("Price", 2, D("1250.00"), D("33.3")),
        ("Service", 1, D("500.00"), D("13.3")),
        ("No reason recorded", 1, D("2000.00"), D("53.3")),
    ]
    assert [b.query() for b in found.won_reasons] == [
        "outcome=won&reason=price",
        "outcome=won&reason=service",
        "outcome=won&reason=none",
    ]


MARIAS_WON = [  # team North: Alice's and Bob's, not Charlie's 900
    ("price", "1250.00", 2, "€1,250"),
    ("quality", "300.00", 1, "€300"),
    ("service", "500.00", 1, "€500"),
    ("none", "2000.00", 1, "€2,000"),
]


def test_each_reason_won_links_to_the_deals_that_add_up_to_it(won, client_for):
    client = client_for(won.maria)
    html = client.get(f"/insights/win-loss/?{QUERY}").content.decode()
    assert 'id="win-loss-won-reasons"' in html and 'id="chart-won-reasons"' in html
    escaped = QUERY.replace("&", "&amp;")
    total = D(0)
    for reason, value, count, shown in MARIAS_WON:
        assert f'data-won-reason="{reason}"' in html
        link = f"/insights/win-loss/deals/?{escaped}&amp;outcome=won&amp;reason={reason}"
        assert link in html, reason
        listed = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=won&reason={reason}")
        page = listed.content.decode()
        rows = "1 row" if count == 1 else f"{count} rows"
        assert f"{rows} · Total" in page and f'id="win-loss-total">{shown}' in page, reason
        assert "Gamma" not in page
        total += D(value)
    assert total == D("4050.00") == win_loss(won.maria, NOV, None).won.value
    price = client.get(f"/insights/win-loss/deals/?{QUERY}&outcome=won&reason=price")
    assert "Won · Price" in price.content.decode()


def test_the_won_list_exports_its_reasons(won, client_for):
    response = client_for(won.maria).get(
        f"/insights/win-loss/deals/export.xlsx?{QUERY}&outcome=won"
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    reason, value = rows[0].index("Reason won"), rows[0].index("Estimated value")
    assert sorted((r[reason] or "", D(str(r[value]))) for r in rows[1:]) == [
        ("", D("2000")),
        ("Price", D("250")),
        ("Price", D("1000")),
        ("Quality", D("300")),
        ("Service", D("500")),
    ]


def test_the_api_returns_the_won_by_reason(won, client_for):
    found = client_for(won.maria).get(f"/api/v1/insights/win-loss?{QUERY}").json()
    assert [(r["reason"], r["value"], r["count"]) for r in found["won_reasons"]] == [
        (reason, value, count) for reason, value, count, _ in MARIAS_WON
    ]
    assert found["won_reasons"][0] == {
        "outcome": "won",
        "label": "Price",
        "reason": "price",
        "competitor": None,
        "count": 2,
        "value": "1250.00",
        "share": "30.90",  # of the 4,050 won
    }
