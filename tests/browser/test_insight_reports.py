"""The accountability report in a real browser (decision 141): alice opens her draft of
November, picks the cause of her deviation and submits; maria comments and closes it, then
downloads the XLSX (the same figures, as numbers) and the PDF; the report fits a phone."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from koers.insights.reports.models import AccountabilityReport
from tests.insights.world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_alice_submits_her_report_and_maria_closes_it(page: Page, login, people):
    build(people)
    page.set_default_timeout(30_000)
    login(people.alice)
    page.goto("/insights/")
    page.locator("#to-reports").click()
    form = page.locator("#start-report")
    form.locator("select[name=period]").select_option("month")
    form.get_by_label("A day in the period").fill("2026-11-20")
    form.get_by_role("button", name="Open the report").click()
    expect(page.locator("h1")).to_contain_text("November 2026")
    expect(page.locator("#report-status")).to_have_text("Draft")
    expect(page.locator("#section-targets")).to_contain_text("€1,500")

    deviation = page.locator(".report-deviation").first
    deviation.locator("select[name=cause]").select_option("market")
    deviation.locator("textarea[name=comment]").fill("Two customers postponed")
    deviation.get_by_role("button", name="Save").click()
    expect(page.locator(".report-deviation select[name=cause]").first).to_have_value("market")
    page.locator("#submit-report button").click()
    expect(page.locator("#report-status")).to_have_text("Submitted")
    report_url = page.url

    page.context.clear_cookies()
    login(people.maria)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(report_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("#deviations")).to_contain_text("Two customers postponed")
    page.locator("#manager-comment textarea").fill("Thanks, well explained")
    page.locator("#close-report").click()
    expect(page.locator("#report-status")).to_have_text("Closed")
    expect(page.locator("#comments")).to_contain_text("Thanks, well explained")
    assert AccountabilityReport.objects.get().status == "closed"

    with page.expect_download() as info:
        page.locator("#report-xlsx").click()
    book = load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    targets = list(book["Results against targets"].iter_rows(values_only=True))
    assert targets[1][2:4] == (2000, 1500)
    with page.expect_download() as info:
        page.locator("#report-pdf").click()
    reader = PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "€1,500" in text and "Two customers postponed" in text
