"""The market pages per segment and per product group: the figures against a hand-made data
set (with a reader who may not read every account), the chart drawn from them, the links."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from koers.core.charts import Series, bar_chart, line_chart, nice_ceiling
from koers.planning import market, services
from koers.sales.models import Order, OrderLine, OrderStatus
from tests.factories import make_account, make_segment
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_competitor
from tests.sales.order_factories import make_order

TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _fixed_day():
    with time_machine.travel(date(2026, 12, 5), tick=False):
        yield


def _delivered(account, on: date, net: str, group=None) -> Order:
    """An order of `account` delivered on `on` for `net` (moved there by an update: the
    status path's mails and documents are not what these tests are about)."""
    order = make_order(account.owner, account)
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.DELIVERED, net_total=D(net), delivered_on=on
    )
    OrderLine.objects.filter(order=order).update(net=D(net), product_group=group)
    return order


@pytest.fixture
def market_data(people):
    """Retail: alice's Bakker (3 orders in the year, one older), charlie's Slager (1 order);
    alice's Kantoor in no segment. Signals about Retail: two market signals in November, a
    competitor signal in December, and a price signal tied to charlie's Slager (alice does not
    read it). Rivaal at Bakker (30 %) and Slager (50 %), Ander at Slager (share not known)."""
    retail = make_segment("Retail")
    bread = make_group("BRD")
    rolls = make_group("BRD-R", parent=bread)
    bakker = make_account(people.alice, "Bakker", segment=retail)
    slager = make_account(people.charlie, "Slager", segment=retail)
    kantoor = make_account(people.alice, "Kantoor")
    _delivered(bakker, date(2026, 11, 10), "100.00", bread)
    _delivered(bakker, date(2026, 11, 20), "50.00", rolls)
    _delivered(bakker, date(2026, 12, 1), "200.00")
    _delivered(bakker, date(2025, 12, 31), "999.00", bread)  # before the 12 months
    _delivered(slager, date(2026, 11, 15), "400.00", rolls)
    _delivered(kantoor, date(2026, 11, 1), "1000.00", bread)
    make_order(people.alice, bakker, OrderStatus.RECEIVED)  # not delivered: no revenue
    rec = services.signal_record
    rec(actor=people.mark, title="A", segments=[retail], date=date(2026, 11, 3))
    rec(actor=people.mark, title="B", segments=[retail], date=date(2026, 11, 4))
    rec(actor=people.mark, title="C", segments=[retail], kind="competitor", date=date(2026, 12, 2))
    rec(
        actor=people.charlie,
        title="D",
        segments=[retail],
        kind="price",
        accounts=[slager],
        date=date(2026, 11, 9),
        product_groups=[rolls],
    )
    rec(actor=people.mark, title="E", segments=[retail], date=date(2025, 11, 9))
    rival, other = make_competitor("Rivaal"), make_competitor("Ander")
    services.account_competitor_set(actor=people.alice, account=bakker, competitor=rival, share=30)
    services.account_competitor_set(
        actor=people.charlie, account=slager, competitor=rival, share=50
    )
    services.account_competitor_set(actor=people.charlie, account=slager, competitor=other)
    return retail, bread


def _by_month(figures):
    return {m.start: (m.revenue, m.buying_accounts) for m in figures.sales if m.revenue}


def test_a_segment_counts_only_the_accounts_the_reader_may_read(people, market_data):
    retail, _bread = market_data
    alice = market.segment_figures(people.alice, retail, TODAY)
    assert alice.months[0] == date(2026, 1, 1) and alice.months[-1] == date(2026, 12, 1)
    assert alice.accounts == 1
    assert _by_month(alice) == {
        date(2026, 11, 1): (D("150.00"), 1),
        date(2026, 12, 1): (D("200.00"), 1),
    }
    assert alice.signals["market"][10:] == [2, 0]
    assert alice.signals["competitor"][10:] == [0, 1]
    assert sum(alice.signals["price"]) == 0  # tied to charlie's account
    assert [(p.name, p.accounts, p.average_share) for p in alice.competitors] == [
        ("Rivaal", 1, D("30.0"))
    ]


def test_marketing_sees_the_whole_segment(people, market_data):
    retail, _bread = market_data
    mark = market.segment_figures(people.mark, retail, TODAY)
    assert mark.accounts == 2
    assert _by_month(mark) == {
        date(2026, 11, 1): (D("550.00"), 2),
        date(2026, 12, 1): (D("200.00"), 1),
    }
    assert mark.signals["price"][10:] == [1, 0]
    assert [(p.name, p.accounts, p.average_share) for p in mark.competitors] == [
        ("Rivaal", 2, D("40.0")),
        ("Ander", 1, None),
    ]


def test_a_product_group_counts_its_subgroups_and_its_buyers(people, market_data):
    _retail, bread = market_data
    alice = market.product_group_figures(people.alice, bread, TODAY)
    # Bakker 100 (bread) + 50 (rolls) and Kantoor 1000 (bread) in November; 2025 is out.
    assert _by_month(alice) == {date(2026, 11, 1): (D("1150.00"), 2)}
    assert alice.accounts == 2
    assert [(p.name, p.accounts) for p in alice.competitors] == [("Rivaal", 1)]
    mark = market.product_group_figures(people.mark, bread, TODAY)
    assert _by_month(mark) == {date(2026, 11, 1): (D("1550.00"), 3)}
    assert mark.signals["price"][10] == 1  # tied to the subgroup rolls


def test_the_segment_page_draws_its_charts(people, client_for, market_data):
    retail, _bread = market_data
    page = client_for(people.alice).get(reverse("planning:segment_market", args=[retail.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg class="chart-svg"') == 4
    assert "nov 26 · Revenue: €150.00" in html
    assert "Slager" not in html and "€550.00" not in html
    assert "style=" not in html.split('<div class="market-charts">')[1]


def test_the_product_group_page_and_the_index(people, client_for, market_data):
    retail, bread = market_data
    client = client_for(people.bob)
    page = client.get(reverse("planning:product_group_market", args=[bread.pk]))
    assert page.status_code == 200
    assert "Nothing to show in this period." in page.content.decode()  # bob reads no buyer
    index = client.get(reverse("planning:market_index")).content.decode()
    assert reverse("planning:segment_market", args=[retail.pk]) in index
    assert reverse("planning:product_group_market", args=[bread.pk]) in index


def test_a_signal_links_to_the_market_of_its_segment(people, client_for, market_data):
    retail, _bread = market_data
    signal = services.signal_record(actor=people.mark, title="Z", segments=[retail])
    page = client_for(people.mark).get(reverse("planning:signal_detail", args=[signal.pk]))
    assert reverse("planning:segment_market", args=[retail.pk]) in page.content.decode()


def test_an_unknown_segment_is_not_found(people, client_for, db):
    response = client_for(people.alice).get(reverse("planning:segment_market", args=[999]))
    assert response.status_code == 404


# ------------------------------------------------------------------------------ the charts


def test_an_axis_ends_on_a_round_number():
    assert [nice_ceiling(v) for v in (0, 3, 7, 12, 130, 550, 2400)] == [
        1.0,
        5.0,
        10.0,
        20.0,
        200.0,
        1000.0,
        2500.0,
    ]


def test_bars_are_as_high_as_their_share_of_the_axis():
    chart = bar_chart(title="Revenue", categories=["a", "b"], series=[Series("x", [D(50), D(100)])])
    # The plot is 240 - 12 - 36 = 192 high; 100 reaches the top (100), 50 half of it.
    assert [r.height for r in chart.rects] == ["96.0", "192.0"]
    assert chart.rows == [["a", "50"], ["b", "100"]]
    assert not chart.empty


def test_stacked_bars_sit_on_each_other_and_lines_skip_missing_values():
    chart = bar_chart(
        title="t", categories=["a"], series=[Series("x", [1]), Series("y", [3])], stacked=True
    )
    low, high = chart.rects
    assert float(low.y) == pytest.approx(float(high.y) + float(high.height))
    line = line_chart(title="t", categories=["a", "b", "c"], series=[Series("s", [1, None, 2])])
    assert len(line.lines[0].dots) == 2
    assert bar_chart(title="t", categories=["a"], series=[Series("x", [0])]).empty


@pytest.mark.parametrize("size", [1, 6])
def test_the_market_pages_make_a_fixed_number_of_queries(people, client_for, query_baseline, size):
    retail, bread = make_segment("Retail"), make_group("BRD")
    for n in range(size):
        account = make_account(people.alice, f"Winkel {n}", segment=retail)
        _delivered(account, date(2026, 10 - n, 3), "10.00", bread)
        services.signal_record(actor=people.alice, title=f"S{n}", segments=[retail])
        services.account_competitor_set(
            actor=people.alice, account=account, competitor=make_competitor(f"C{n}"), share=n
        )
    client = client_for(people.maria)
    client.get(reverse("planning:market_index"))  # the session's first use
    with query_baseline("segment"):
        client.get(reverse("planning:segment_market", args=[retail.pk]))
    with query_baseline("product group"):
        client.get(reverse("planning:product_group_market", args=[bread.pk]))
