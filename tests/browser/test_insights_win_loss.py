"""Win and loss in a real browser (decision 148): a manager opens the page from the dashboard,
changes the dates, clicks the value lost to a competitor and arrives at the opportunities
behind it, whose total is that value, and downloads them; the page fits a phone."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.insights.win_loss_world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_goes_from_a_competitor_to_the_deals_lost_to_it(page: Page, login, people):
    world = build(people)
    page.set_default_timeout(30_000)
    login(people.maria)
    page.goto("/insights/")
    page.locator("#to-win-loss").click()
    expect(page.locator("h1")).to_have_text("Win and loss")

    form = page.locator("#period-filter")
    form.locator("select[name=period]").select_option("range")
    form.get_by_label("From", exact=True).fill("2026-11-01")
    form.get_by_label("To", exact=True).fill("2026-11-30")
    form.get_by_role("button", name="Show").click()
    lost = page.locator('#win-loss-outcomes tr[data-outcome="lost"]')
    expect(lost).to_contain_text("€2,200")  # team North: alice's 1,800 and bob's 400
    rival = page.locator(f'#win-loss-competitors tr[data-competitor="{world.x.pk}"] a')
    expect(rival).to_have_text("€1,400")

    rival.click()
    expect(page.locator("#win-loss-title")).to_have_text("Lost · to X Foods")
    expect(page.locator("#win-loss-total")).to_have_text("€1,400")
    expect(page.locator("#win-loss-rows tbody tr")).to_have_count(2)
    with page.expect_download() as download:
        page.locator("#win-loss-export").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = list(sheet.iter_rows(values_only=True))
    value = rows[0].index("Estimated value")
    assert sum(Decimal(str(r[value])) for r in rows[1:]) == Decimal("1400")
    page.locator("#win-loss-rows tbody tr").first.locator("a").click()
    expect(page).to_have_url(re.compile(r"/opportunities/\d+/$"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/insights/win-loss/?period=range&start=2026-11-01&end=2026-11-30")
    expect(page.locator("#win-loss-reasons")).to_contain_text("Price")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
