"""The market page in a real browser: marketing opens the feed, goes to the markets, opens the
segment's page and sees its charts drawn (under the real CSP); the page fits a phone."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.planning import services
from koers.sales.models import Order, OrderStatus
from tests.factories import make_account, make_segment
from tests.sales.order_factories import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_marketing_opens_the_market_page_of_a_segment_and_sees_its_charts(
    page: Page, login, people
):
    retail = make_segment("Retail")
    bakker = make_account(people.alice, "Bakker", segment=retail)
    order = make_order(people.alice, bakker)
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.DELIVERED,
        net_total=Decimal("1250.00"),
        delivered_on=timezone.localdate() - timedelta(days=1),
    )
    services.signal_record(actor=people.mark, title="Retail grows", segments=[retail])
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    login(people.mark)
    page.goto("/market/signals/")
    page.get_by_role("button", name="Markets").click()
    page.locator("#market-segments").get_by_role("link", name="Retail").click()
    expect(page.locator("h1")).to_have_text("Market: Retail")
    revenue = page.locator("#chart-revenue svg.chart-svg")
    expect(revenue).to_be_visible()
    assert revenue.locator("rect").count() == 1
    box = revenue.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 50
    expect(page.locator("#chart-signals svg.chart-svg rect")).to_have_count(1)
    page.locator("#chart-revenue summary").click()
    expect(page.locator("#chart-revenue table")).to_contain_text("€1,250.00")
    assert not [e for e in errors if "Content Security Policy" in e]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#chart-revenue svg.chart-svg")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
