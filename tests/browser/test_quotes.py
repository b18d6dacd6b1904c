"""A quote in a real browser, on a phone's width: from an opportunity alice makes a quote, adds
a catalogue line and a free line with a discount (HTMX: the totals follow without a reload),
is told off for a negative quantity, and submits it for review."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import QuoteStatus, QuoteVersion
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.opportunity_factories import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_make_a_quote_add_lines_and_submit_it(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    shelf = make_product("SHELF", name_en="Shelf", list_price=Decimal("10.00"))
    deal = make_opportunity(people.alice, account, lines=[(shelf, Decimal("2"))])
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/opportunities/{deal.pk}/")
    page.locator("#make-quote").click()
    expect(page.locator("#quote-status")).to_have_text("Draft")
    expect(page.locator("#quote-net")).to_have_text("€20.00")
    _fits(page)

    form = page.locator("#line-form")
    form.get_by_label("Product").select_option(value=str(shelf.pk))
    form.get_by_label("Quantity").fill("3")
    form.get_by_role("button", name="Add the line").click()
    expect(page.locator("#quote-net")).to_have_text("€50.00")

    form = page.locator("#line-form")
    form.get_by_label("Description").fill("Montage")
    form.get_by_label("Quantity").fill("-1")
    form.get_by_label("Unit price").fill("100")
    form.get_by_label("VAT rate").select_option(value="high")
    form.get_by_role("button", name="Add the line").click()
    expect(page.locator("#line-form")).to_contain_text("Give a quantity above 0.")
    expect(page.locator("#quote-net")).to_have_text("€50.00")

    form = page.locator("#line-form")
    form.get_by_label("Quantity").fill("1")
    form.get_by_label("Discount (%)").fill("10")
    form.get_by_role("button", name="Add the line").click()
    # 50.00 + 100.00 - 10.00 = 140.00; 21 % VAT = 29.40
    expect(page.locator("#quote-net")).to_have_text("€140.00")
    expect(page.locator("#quote-gross")).to_have_text("€169.40")
    _fits(page)

    page.locator("#quote-submit").click()
    expect(page.locator("#quote-status")).to_have_text("In review")
    _fits(page)
    assert QuoteVersion.objects.get().status == QuoteStatus.IN_REVIEW
