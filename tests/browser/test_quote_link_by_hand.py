"""A quote sent outside Koers accepted online (issue 13): the owner makes the link on the quote's
page and copies it, the customer opens it on a phone and accepts, gets the confirmation mail
with the order number and the PDF, and the owner sees the notification and the history."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from koers.sales.models import Order, QuoteStatus
from tests.correspondence.factories import make_correspondence
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_owner_makes_a_link_and_the_customer_accepts_online(page: Page, login, people):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    version = make_quote(
        people.alice,
        world.account,
        make_product(),
        status=QuoteStatus.SENT,  # marked as sent: it went out another way
        reviewer=people.ingrid,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.set_default_navigation_timeout(30_000)  # the first request of a shared, busy machine
    login(people.alice)
    page.goto(reverse("sales:quote_version", args=[version.pk]))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#link-panel summary").click()
    page.get_by_label("Who received the quote").select_option(label="John Smith")
    page.get_by_role("button", name="Make the link").click()
    field = page.locator("#quote-link-url")
    expect(field).to_be_visible()
    address = field.input_value()
    assert "/q/" in address
    page.locator("#quote-link-copy").click()  # selects it (and copies where allowed)

    page.context.clear_cookies()  # the customer, not signed in
    page.goto(urlsplit(address).path)
    expect(page.locator("h1")).to_contain_text(version.quote.number)
    page.get_by_label("Your name").first.fill("John Smith")
    page.get_by_label("I accept the general terms").check()
    page.get_by_role("button", name="Accept the quote").click()
    expect(page.locator("#online-refusal")).to_contain_text("You accepted this quote already")

    order = Order.objects.get(quote_version=version)
    (confirmation,) = [m for m in mail.outbox if order.number in m.subject]
    assert confirmation.to == ["John Smith <john@alpha.co.uk>"]
    assert confirmation.attachments[0][2] == "application/pdf"

    login(people.alice)
    page.goto("/notifications/")
    item = page.locator(".notification", has_text="accepted quote")
    expect(item).to_contain_text(order.number)
    page.goto(reverse("sales:quote_version", args=[version.pk]))
    expect(page.locator("body")).to_contain_text("Confirmation sent")
    expect(page.locator("#quote-order")).to_contain_text(order.number)
