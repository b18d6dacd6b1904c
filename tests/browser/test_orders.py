"""An order in a real browser, on a phone's width: alice enters it from the account page, adds a
line and records a delay; ingrid (inside sales on the account) confirms it; the order page, the
orders to watch and the account's panel fit the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import Order, OrderStatus
from tests.factories import make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_enter_an_order_record_a_delay_and_confirm_it(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    account.team_members.create(user=people.ingrid, role="inside_sales")
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    page.locator("#orders").get_by_role("button", name="New order").click()
    page.get_by_label("Customer's order number").fill("PO-4711")
    page.get_by_label("Promised delivery date").fill("2099-01-10")
    _fits(page)
    page.get_by_role("button", name="Create").click()
    expect(page.locator("#order-status")).to_have_text("Received")

    page.locator("#line-add summary").click()
    form = page.locator("#line-form")
    form.get_by_label("Description").fill("Montage")
    form.get_by_label("Quantity").fill("2")
    form.get_by_label("Unit price").fill("95")
    form.get_by_role("button", name="Add the line").click()
    expect(page.locator("#order-net")).to_contain_text("190")
    _fits(page)

    page.locator("#problem-add summary").click()
    problem = page.locator("#problem-form")
    problem.get_by_label("Problem").select_option(label="Delay")
    problem.get_by_label("What happened").fill("De vrachtwagen is kapot.")
    problem.get_by_role("button", name="Record the problem").click()
    expect(page.locator("#order-problems")).to_contain_text("De vrachtwagen is kapot.")
    expect(page.locator("#status-form")).to_have_count(0)  # alice monitors, inside sales process
    _fits(page)

    page.goto("/orders/watch/")
    expect(page.locator("#order-results")).to_contain_text("PO-4711")
    _fits(page)

    page.context.clear_cookies()
    login(people.ingrid)
    order = Order.objects.get()
    page.goto(f"/orders/{order.pk}/")
    page.get_by_label("New status").select_option(label="Confirmed")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator("#order-status")).to_have_text("Confirmed")
    _fits(page)

    order.refresh_from_db()
    assert (order.status, order.customer_reference) == (OrderStatus.CONFIRMED, "PO-4711")
