"""The portfolio in a real browser: a manager opens the matrix from the header, finds the
account manager's account in its cell with a tier that differs from the suggestion, clicks
through to the account and reads its health score and what drives it; the matrix fits a
phone."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from koers.planning.models import HealthScore
from tests.factories import make_account
from tests.planning.analysis_factories import make_analysis

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _portfolio(people):
    account = make_account(people.alice, "Groothandel Alfa", tier="C")
    make_analysis(people.alice, account, years=[], attractiveness=5, relationship_strength=1)
    make_account(people.bob, "Bakkerij Bob", tier="B")
    HealthScore.objects.create(account=account, month=date(2026, 10, 1), score=64)
    return account


def test_a_manager_opens_the_portfolio_and_reads_an_accounts_health(page: Page, login, people):
    account = _portfolio(people)
    page.set_default_timeout(30_000)  # a busy machine serves the live server slowly

    login(people.maria)
    page.get_by_role("link", name="Portfolio").first.click()

    expect(page.locator("h1")).to_have_text("Portfolio")
    cell = page.locator("#cell-high-low")
    expect(cell).to_contain_text("Suggested: tier A · Acquire")
    expect(cell.locator(".cell-count")).to_have_text("1")
    expect(cell).to_contain_text("suggested A")
    expect(page.locator("#portfolio-unscored")).to_contain_text("1 account not scored yet")
    page.locator("#portfolio-owner").select_option(str(people.bob.pk))
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#cell-high-low .cell-count")).to_have_text("0")
    page.locator("#portfolio-owner").select_option("")
    page.get_by_role("button", name="Show").click()

    page.locator("#cell-high-low").get_by_role("link", name="Groothandel Alfa").click()

    expect(page).to_have_url(f"/accounts/{account.pk}/")
    panel = page.locator("#health")
    expect(panel.locator("#health-score")).to_be_visible()
    expect(panel.locator("#health-contact")).to_contain_text("Contact status")
    expect(panel.locator("#health-plan")).to_contain_text("No account plan for this year.")
    expect(panel.locator("#health-trend meter")).to_have_count(1)


def test_the_portfolio_fits_a_phone(page: Page, login, people):
    _portfolio(people)
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.maria)
    page.goto("/portfolio/")

    expect(page.locator("#cell-high-low")).to_contain_text("Groothandel Alfa")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
