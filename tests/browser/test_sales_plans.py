"""A sales plan in a real browser (issue 15): an account manager starts their plan of the year
and submits it with two proposals; the manager adopts one and sees the adopted count and the
team's general plan move. The plan page and the general plan fit a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.planning.models import SalesPlan
from tests.factories import make_account
from tests.planning.salesplan_factories import make_sales_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Page, login, user) -> None:
    page.set_default_timeout(30_000)
    page.context.clear_cookies()
    login(user)


def _propose(page: Page, title: str, account: str, revenue: str) -> None:
    page.locator("#salesproposal-new").click()
    page.locator("#id_title").fill(title)
    page.locator("#id_account").select_option(label=account)
    page.locator("#id_expected_revenue").fill(revenue)
    page.locator("#id_action_cost").fill("250")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The plan is saved.")


def test_a_plan_is_submitted_and_a_proposal_adopted(page: Page, login, people):
    make_account(people.alice, "Slagerij Bakker")
    general = "/sales-plans/general/?year=2026&period_kind=year&period=1"

    _as(page, login, people.alice)
    page.goto("/sales-plans/")
    page.locator("#salesplan-new").click()
    page.locator("#id_year").fill("2026")
    page.locator("#id_period_kind").select_option("year")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.locator(".messages")).to_contain_text("Your sales plan is started.")
    _propose(page, "Add cold cuts to the range", "Slagerij Bakker", "12000")
    _propose(page, "Barbecue promotion", "Slagerij Bakker", "3000")
    expect(page.locator("#salesplan-revenue")).to_contain_text("15,000")
    page.locator("#salesplan-submit").click()
    expect(page.locator("#salesplan-status")).to_have_text("Submitted")

    plan = SalesPlan.objects.get(owner=people.alice)
    _as(page, login, people.maria)
    page.goto(general)
    expect(page.locator("#general-adopted")).to_have_text("0 / 2")
    expect(page.locator("#general-adopted-revenue")).to_contain_text("0.00")
    page.goto(f"/sales-plans/{plan.pk}/")
    page.locator(".sales-proposal").first.locator(".proposal-adopt").click()
    expect(page.locator(".messages")).to_contain_text("The proposal is decided.")
    expect(page.locator("#salesplan-adopted")).to_have_text("1 / 2")
    expect(page.locator(".sales-proposal").first).to_have_attribute("data-decision", "adopted")

    page.goto(general)
    expect(page.locator("#general-adopted")).to_have_text("1 / 2")
    expect(page.locator("#general-adopted-revenue")).to_contain_text("12,000")


def test_the_plan_page_and_the_general_plan_fit_a_phone(page: Page, login, people):
    account = make_account(people.alice, "Slagerij Bakker met een heel lange naam")
    plan = make_sales_plan(people.alice, [(account, "12000", "250")])
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/sales-plans/{plan.pk}/")
    expect(page.locator("#salesplan-proposals")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.context.clear_cookies()
    login(people.maria)
    page.goto("/sales-plans/general/?year=2026")
    expect(page.locator("#general-plan")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
