"""Accepting a quote online, as the customer on a phone: the link from the quote's mail opens
the public page (no login), ticking an optional line updates the total from the server, and
accepting shows that it is done; then the owner sees the notification and opens the order."""

from __future__ import annotations

import re
from decimal import Decimal as D
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from koers.sales.models import Order, QuoteLink, QuoteStatus
from koers.sales.quotes import services
from koers.sales.quotes.services import LineData, quote_send
from tests.correspondence.factories import make_correspondence
from tests.sales.quote_factories import bring_to, make_quote, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_customer_accepts_online_and_the_owner_sees_the_order(page: Page, login, people):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    version = make_quote(people.alice, world.account)
    services.quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(
            description="Extra training",
            quantity=D("1"),
            unit_price=D("50.00"),
            vat_category="high",
            optional=True,
        ),
    )
    version = bring_to(version, QuoteStatus.APPROVED, people.alice, people.ingrid)
    quote_send(
        actor=people.alice,
        version=version,
        contact=world.john,
        subject="Our quote",
        body="Dear John,\n\nHere it is.",
    )
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/q/\S+/", message.body)
    assert link, message.body

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(urlsplit(link.group(0)).path)  # the customer, not signed in
    expect(page.locator("h1")).to_contain_text(version.quote.number)
    expect(page.locator(".site-nav")).to_have_count(0)  # none of the app's navigation
    gross = page.locator("#online-gross")
    expect(gross).to_have_text("€121.00")  # John reads English: 100.00 and 21 % VAT
    page.get_by_label("Extra training").check()
    expect(gross).to_have_text("€181.50")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_label("Your name").first.fill("John Smith")
    page.get_by_label("Your purchase order number (optional)").fill("PO-1234")
    page.get_by_label("I accept the general terms").check()
    page.get_by_role("button", name="Accept the quote").click()
    expect(page.locator("#online-refusal")).to_contain_text("You accepted this quote already")
    expect(page.get_by_role("button", name="Accept the quote")).to_have_count(0)

    order = Order.objects.get(quote_version=version)
    assert order.customer_reference == "PO-1234"
    assert QuoteLink.objects.get(quote_version=version).accepted_name == "John Smith"

    login(people.alice)
    page.goto("/notifications/")
    item = page.locator(".notification", has_text="accepted quote")
    expect(item).to_contain_text(order.number)
    item.get_by_role("button").click()
    expect(page.locator("h1")).to_contain_text(order.number)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
