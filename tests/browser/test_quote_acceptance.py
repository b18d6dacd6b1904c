"""Accepting and declining a quote in a real browser, on a phone's width: alice records that
the customer accepted a sent quote and opens the order it made, with the quote's total; then
she records that the customer declined another one and marks the deal lost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import Order, QuoteStatus
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_accept_a_quote_see_the_order_then_decline_one_and_lose_the_deal(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    product = make_product(list_price=Decimal("12.50"))
    accepted = make_quote(
        people.alice,
        account,
        product,
        quantity="3",
        status=QuoteStatus.SENT,
        reviewer=people.ingrid,
    )
    declined = make_quote(
        people.alice, account, product, status=QuoteStatus.SENT, reviewer=people.ingrid
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)

    page.goto(f"/quote-versions/{accepted.pk}/")
    expect(page.locator("#quote-net")).to_have_text("€37.50")
    page.locator("#accept-panel summary").click()
    form = page.locator("#accept-form")
    form.get_by_label("Who agreed at the customer").fill("Els Bos")
    form.get_by_label("Customer's reference (purchase order)").fill("PO-4711")
    _fits(page)
    form.get_by_role("button", name="Record the acceptance and make the order").click()

    expect(page.locator("#quote-status")).to_have_text("Accepted")
    order = Order.objects.get(quote_version=accepted)
    page.locator("#quote-order a").click()
    expect(page.locator("h1")).to_have_text(f"Order {order.number}")
    expect(page.locator("#order-net")).to_have_text("€37.50")
    expect(page.locator("#order-reference")).to_have_text("PO-4711")
    _fits(page)

    page.goto(f"/quote-versions/{declined.pk}/")
    page.locator("#decline-panel summary").click()
    form = page.locator("#decline-form")
    form.get_by_label("Why the customer declined").fill("Went with a cheaper offer")
    form.get_by_label("is lost").check()
    form.get_by_label("Reason lost").select_option(label="Price")
    form.get_by_role("button", name="Record that the customer declined").click()

    expect(page.locator("#quote-status")).to_have_text("Declined")
    page.goto(f"/opportunities/{declined.quote.opportunity_id}/")
    expect(page.locator("#opportunity-stage")).to_have_text("Lost")
    _fits(page)
