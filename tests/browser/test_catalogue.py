"""The catalogue in a real browser: the administrator adds a product and a price agreed with an
account; the product's page shows that price for that account (to the administrator, and to the
account manager who finds the account by name); the product list fits a phone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import AgreedPrice, Product
from tests.factories import make_account, make_totp_device, totp_code
from tests.sales.factories import make_group, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agreed_price_shows_on_the_product_page_for_its_account(page: Page, login, people):
    make_group("VLEES", name_nl="Vers vlees", name_en="Fresh meat")
    account = make_account(people.alice, "Slagerij De Vries")
    device = make_totp_device(people.admin)

    login(people.admin)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Catalogue").click()
    page.get_by_role("button", name="Add product").click()
    page.get_by_label("Code").fill("RU-101")
    page.get_by_label("Product group").select_option(label="VLEES Fresh meat")
    page.get_by_label("Name (Dutch)").fill("Rundergehakt")
    page.get_by_label("Name (English)").fill("Minced beef")
    page.get_by_label("Unit").select_option("kg")
    page.get_by_label("Cost price (€)").fill("5.10")
    page.get_by_label("List price (€)").fill("8.95")
    page.get_by_label("VAT category").select_option("low")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Minced beef")
    expect(page.locator("#product-list-price")).to_contain_text("€8.95")

    page.get_by_role("button", name="Add an agreed price").click()
    page.locator("#id_account").fill(str(account.pk))
    page.get_by_label("Agreed price (€)").fill("7.25")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".message.success")).to_contain_text("The agreed price has been saved.")
    agreed = AgreedPrice.objects.get()
    assert (agreed.account, agreed.price) == (account, Decimal("7.25"))
    page.get_by_role("button", name="See the price").click()
    expect(page.locator("#price-unit")).to_contain_text("€7.25")
    expect(page.locator("#price-source")).to_contain_text("Price agreed with the account")

    page.context.clear_cookies()
    login(people.alice)
    page.goto(f"/catalogue/{Product.objects.get().pk}/")
    page.get_by_label("Account").fill("De Vries")
    page.get_by_label("Quantity").fill("4")
    page.get_by_role("button", name="Show the price").click()
    page.locator("#price-account-choices").get_by_role("link", name="Slagerij De Vries").click()
    expect(page.locator("#price-unit")).to_contain_text("€7.25")
    expect(page.locator("#price-net")).to_have_text("€29.00")


def test_the_product_list_fits_a_phone(page: Page, login, people):
    group = make_group("VLEES", name_nl="Vers vlees", name_en="Fresh meat")
    for n in range(6):
        make_product(
            f"RU-10{n}",
            group=group,
            name_en=f"Beef product with a rather long name number {n}",
            list_price=Decimal("1234.56"),
        )
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto("/catalogue/")

    expect(page.locator(".product-table tbody tr")).to_have_count(6)
    expect(page.locator(".product-table tbody")).to_contain_text("€1,234.56")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
