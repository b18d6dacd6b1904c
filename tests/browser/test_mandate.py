"""The mandate check on a phone's width: alice (level B) enters a line with 15 % discount and
an unknown cost, and the meter says the manager must approve, names every rule and maria; with
the discount within her mandate and a cost, it says she is within it. Her own mandate page fits
the screen too."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_meter_shows_every_rule_and_who_approves(page: Page, login, people):
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto("/mandate/")
    expect(page.locator("#my-approvers")).to_have_text("Maria Tester")
    _fits(page)
    page.get_by_role("link", name="Check a few lines against your mandate").click()
    line = page.locator("#check-line-1")
    line.get_by_label("List amount (€)").fill("1000")
    line.get_by_label("Discount (%)").fill("15")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#mandate-step")).to_have_text("Needs the manager's approval")
    breaches = page.locator("#mandate-breaches li")
    expect(breaches).to_have_count(3)
    expect(breaches.nth(0)).to_contain_text("Line discount 15.0 % is above your 10.0 %.")
    expect(breaches.nth(2)).to_contain_text("A cost is unknown")
    expect(page.locator("#mandate-approvers")).to_contain_text("Maria Tester")
    _fits(page)

    line.get_by_label("Discount (%)").fill("10")
    line.get_by_label("Cost (€)").fill("600")
    page.get_by_role("button", name="Check").click()
    expect(page.locator("#mandate-step")).to_have_text("Within the mandate")
    expect(page.locator("#meter-margin")).to_contain_text("33.3 %")
    _fits(page)
