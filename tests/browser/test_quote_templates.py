"""Quote templates in a real browser, on a phone's width: the administrator makes a template
with a product line and an optional free line; alice makes a quote from an opportunity with it
and sees the lines, the optional one marked and left out of the totals, and the product at the
price agreed with her account (not a price from the template)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import QuoteTemplate
from tests.factories import make_account, make_totp_device, totp_code
from tests.sales.factories import agree, make_product
from tests.sales.opportunity_factories import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_template_with_an_optional_line_makes_the_quote(page: Page, login, people):
    shelf = make_product("SHELF", name_en="Shelf", list_price=Decimal("10.00"))
    account = make_account(people.alice, "Bakkerij Bos")
    agree(account, shelf, "8.00")
    deal = make_opportunity(people.alice, account, title="New shelving")
    device = make_totp_device(people.admin)

    login(people.admin)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Quote templates").click()
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="New template").click()
    page.get_by_label("Name").fill("Shop fitting")
    page.get_by_label("Language").select_option("en")
    page.get_by_label("Validity (days)").fill("45")
    page.get_by_label("Introduction").fill("Thank you for your interest.")
    page.get_by_role("button", name="Save and add lines").click()
    expect(page.locator("#template-name")).to_have_text("Shop fitting")

    page.locator("#template-line-add summary").click()
    form = page.locator("#template-line-form")
    form.get_by_label("Product").select_option(value=str(shelf.pk))
    form.get_by_label("Quantity").fill("4")
    form.get_by_role("button", name="Add the line").click()
    page.locator("#template-line-add summary").click()
    form = page.locator("#template-line-form")
    form.get_by_label("Description").fill("Assembly")
    form.get_by_label("Quantity").fill("1")
    form.get_by_label("Unit price (free line)").fill("150")
    form.get_by_label("VAT rate (free line)").select_option("high")
    form.get_by_label("Optional (the customer may tick it)").check()
    form.get_by_role("button", name="Add the line").click()
    rows = page.locator("#template-lines tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("the account's price")
    expect(rows.nth(1)).to_contain_text("Assembly")
    expect(rows.nth(1)).to_contain_text("optional")
    _fits(page)
    template = QuoteTemplate.objects.get()

    page.context.clear_cookies()
    login(people.alice)
    page.goto(f"/opportunities/{deal.pk}/")
    page.get_by_label("Template").select_option(value=str(template.pk))
    page.locator("#make-quote").click()
    expect(page.locator("#quote-status")).to_have_text("Draft")
    lines = page.locator("#quote-lines tr[id^='line-']")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("Shelf")
    expect(lines.nth(0)).to_contain_text("€8.00")
    expect(lines.nth(1)).to_contain_text("Assembly")
    expect(lines.nth(1)).to_contain_text("optional")
    # 4 x 8.00 (the agreed price); the optional assembly is not in the total; 21 % VAT.
    expect(page.locator("#quote-net")).to_have_text("€32.00")
    expect(page.locator("#quote-gross")).to_have_text("€38.72")
    _fits(page)
