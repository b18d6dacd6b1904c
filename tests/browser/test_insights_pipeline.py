"""Pipeline movement in a real browser (decision 142): a manager opens the pipeline page from
the dashboard, changes the dates, clicks a figure and arrives at the deals behind it, whose
total is the figure; the page fits a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.insights.pipeline_world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_goes_from_a_movement_to_the_deals_behind_it(page: Page, login, people):
    world = build(people)
    page.set_default_timeout(30_000)
    login(people.maria)
    page.goto("/insights/")
    page.locator("#to-pipeline").click()
    expect(page.locator("h1")).to_have_text("Pipeline movement")

    form = page.locator("#period-filter")
    form.locator("select[name=period]").select_option("range")
    form.get_by_label("From", exact=True).fill("2026-11-01")
    form.get_by_label("To", exact=True).fill("2026-11-30")
    form.get_by_role("button", name="Show").click()
    expect(page.locator("#snapshots-compared")).to_be_visible()
    slipped = page.locator('tr[data-movement="slipped"] td[data-figure="value"] a')
    expect(slipped).to_have_text("€2,700")  # alice's D2 2,000 and bob's D6 700
    expect(page.locator('tr[data-movement="new"] td[data-figure="value"]')).to_have_text("€500")

    slipped.click()
    expect(page.locator("#drill-figure")).to_have_text("€2,700")
    expect(page.locator("#drill-total")).to_have_text("€2,700")
    rows = page.locator("#drill-rows tbody tr")
    expect(rows).to_have_count(2)
    rows.first.locator("a").click()  # the biggest first: alice's D2
    expect(page).to_have_url(re.compile(rf"/opportunities/{world.deals['D2'].pk}/$"))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/insights/pipeline/?period=range&start=2026-11-01&end=2026-11-30")
    expect(page.locator("#pipeline-moved")).to_contain_text("Slipped")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
