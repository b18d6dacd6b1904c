"""The company's figures in a real browser (decision 152): the sales director opens them from
Insights, picks November, sees each team's revenue, clicks one and arrives at the orders behind
it, then looks at the product groups; the page fits a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.core.models import Role, Team
from tests.factories import make_user
from tests.insights.world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sales_director_goes_from_a_team_to_its_orders(page: Page, login, people):
    build(people)
    director = make_user("dirk", role=Role.SALES_DIRECTOR)
    north = Team.objects.get(name="North")
    page.set_default_timeout(30_000)
    login(director)
    page.goto("/insights/")
    page.locator("#to-company").click()
    expect(page.locator("h1")).to_have_text("The company's figures")

    form = page.locator("#period-filter")
    form.locator("select[name=period]").select_option("month")
    form.get_by_label("Date in the period").fill("2026-11-03")
    form.get_by_role("button", name="Show").click()
    expect(page.locator("#period-label")).to_have_text("November 2026")
    revenue = page.locator(f'tr[data-row="{north.pk}"] td[data-indicator="revenue"] a')
    expect(revenue).to_have_text("€3,500")  # alice 1,500 and bob 2,000
    expect(page.locator('#company-sheet tfoot td[data-indicator="revenue"]')).to_have_text("€7,500")

    revenue.click()
    expect(page.locator("#drill-total")).to_have_text("€3,500")
    expect(page.locator("#drill-rows tbody tr")).to_have_count(3)

    page.go_back()
    page.locator('#company-tabs a[data-by="product_groups"]').click()
    expect(page.locator("#product-groups tfoot td[data-column='revenue']")).to_have_text("€7,500")
    expect(page.locator("#chart-product-groups")).to_be_visible()
    # The tab is kept when the period changes.
    page.locator("a[rel=prev]").click()
    expect(page.locator("#period-label")).to_have_text("October 2026")
    expect(page.locator("#product-groups")).to_be_visible()


def test_the_company_page_fits_a_phone(page: Page, login, people):
    build(people)
    page.set_viewport_size({"width": 390, "height": 844})
    login(make_user("dirk", role=Role.SALES_DIRECTOR))
    page.goto("/insights/company/?period=month&date=2026-11-01")
    expect(page.locator("#company-sheet")).to_contain_text("North")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/insights/company/?period=month&date=2026-11-01&by=product_groups")
    expect(page.locator("#product-groups")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
