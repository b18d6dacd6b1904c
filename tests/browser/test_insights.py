"""The insights dashboards in a real browser (decision 130): a manager opens the team's
figures, changes the period, clicks a figure, arrives at the rows behind it and downloads them
as XLSX holding the same figure; both dashboards fit a phone."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from koers.accounts.models import Account
from tests.insights.world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_goes_from_a_figure_to_its_rows_and_their_spreadsheet(page: Page, login, people):
    build(people)
    page.set_default_timeout(30_000)
    login(people.maria)
    page.goto("/insights/")
    page.locator("#to-team").click()
    expect(page.locator("h1")).to_have_text("The team's figures")

    form = page.locator("#period-filter")
    form.locator("select[name=period]").select_option("month")
    form.get_by_label("Date in the period").fill("2026-11-03")
    form.get_by_role("button", name="Show").click()
    expect(page.locator("#period-label")).to_have_text("November 2026")
    alice = page.locator(f'tr[data-person="{people.alice.pk}"] td[data-indicator="revenue"] a')
    expect(alice).to_have_text("€1,500")
    expect(
        page.locator(f'tr[data-person="{people.bob.pk}"] td[data-indicator="revenue"]')
    ).to_have_text("€2,000")

    alice.click()
    expect(page.locator("#drill-figure")).to_have_text("€1,500")
    expect(page.locator("#drill-total")).to_have_text("€1,500")
    expect(page.locator("#drill-rows tbody tr")).to_have_count(2)

    with page.expect_download() as info:
        page.locator("#drill-export").click()
    sheet = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    net = rows[0].index("Net amount")
    assert sum(Decimal(str(r[net])) for r in rows[1:]) == Decimal("1500")


def test_an_account_manager_narrows_to_a_tier_against_last_year(page: Page, login, people):
    world = build(people)
    Account.objects.filter(pk=world.alpha.pk).update(tier="A")
    page.set_default_timeout(30_000)
    login(people.alice)
    page.goto("/insights/?period=month&date=2026-11-01")
    revenue = page.locator('tr[data-indicator="revenue"] td[data-figure="value"]')
    expect(revenue).to_have_text("€1,500")
    form = page.locator("#period-filter")
    form.locator("select[name=tier]").select_option("A")
    form.locator("select[name=compare]").select_option("last_year")
    form.get_by_role("button", name="Show").click()
    expect(revenue).to_have_text("€1,000")
    expect(page.locator("#compare-label")).to_contain_text("November 2025")
    page.locator("a[rel=next]").click()  # the filters stay on the next period
    expect(page.locator("#period-label")).to_have_text("December 2026")
    expect(form.locator("select[name=tier]")).to_have_value("A")
    expect(form.locator("select[name=compare]")).to_have_value("last_year")


def test_both_dashboards_fit_a_phone(page: Page, login, people):
    build(people)
    page.set_default_timeout(30_000)
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto("/insights/?period=month&date=2026-11-01")
    expect(page.locator("#my-figures")).to_contain_text("Revenue")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.context.clear_cookies()
    login(people.maria)
    page.goto("/insights/team/?period=month&date=2026-11-01")
    expect(page.locator("#team-matrix")).to_contain_text("Alice Tester")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
