"""An account analysis in a real browser: an account manager analyses an account from its
page with two financial years and reads the ratios (one not available, with the reason), the
account page's panel shows the latest, and the analysis fits a phone."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from koers.planning.models import AccountAnalysis
from tests.factories import make_account, make_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIGURES = {
    # 2 columns: the years before this one, as the form offers them.
    "revenue": ("2000000", "2400000"),
    "purchases": ("1300000", "1500000"),
    "net_profit": ("40000", "96000"),
    "total_assets": ("1000000", "1200000"),
    "equity": ("300000", "480000"),
    "current_assets": ("600000", "700000"),
    "inventory": ("", "250000"),
    "current_liabilities": ("500000", "400000"),
    "employees": ("10", "12"),
}


def test_an_account_manager_fills_in_an_analysis_and_reads_the_ratios(page: Page, login, people):
    account = make_account(people.alice, "Groothandel Alfa")
    make_contact(account, first_name="Dirk", last_name="Beslis", buying_role="decider")
    last = date.today().year - 1

    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    page.locator("#analysis").get_by_role("button", name="Analyse this account").click()
    expect(page.locator("h1")).to_have_text("Analyse the account")
    expect(page.locator("#id_figures-year_0")).to_have_value(str(last - 1))
    expect(page.locator("#id_figures-year_1")).to_have_value(str(last))
    for name, values in FIGURES.items():
        for column, value in enumerate(values):
            page.locator(f"#id_figures-{name}_{column}").fill(value)
    page.get_by_label("Strengths").fill("Sterk merk\nVeel vestigingen")
    page.locator("#id_fit_needs_3").check()  # "Yes"
    page.get_by_label("Conclusion").select_option("worth")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".messages")).to_contain_text("The analysis is saved.")
    ratios = page.locator("#analysis-ratios")
    # 600,000 / 500,000 = 1.20 and 700,000 / 400,000 = 1.75
    expect(ratios.locator("#ratio-current_ratio")).to_contain_text("1.20")
    expect(ratios.locator("#ratio-current_ratio")).to_contain_text("1.75")
    # 2024 has no inventory: the quick ratio says why it is not available.
    expect(ratios.locator("#ratio-quick_ratio")).to_contain_text(
        "Not available: inventory not filled in."
    )
    expect(ratios.locator("#ratio-quick_ratio")).to_contain_text("1.13")
    expect(ratios.locator("#ratio-solvency")).to_contain_text("40.0 %")
    # (2,400,000 - 1,500,000) / 12 = 75,000
    expect(ratios.locator("#ratio-value_added_per_employee")).to_contain_text("75,000")
    expect(page.locator("#swot-strengths li")).to_have_count(2)
    expect(page.locator("#analysis-dmu")).to_contain_text("Dirk Beslis")
    assert AccountAnalysis.objects.get().years.count() == 2

    page.goto(f"/accounts/{account.pk}/")
    expect(page.locator("#panel-current_ratio")).to_have_text("1.75")
    expect(page.locator("#analysis")).to_contain_text("Worth the investment")


def test_an_analysis_fits_a_phone(page: Page, login, people):
    from tests.planning.analysis_factories import make_analysis

    account = make_account(people.alice, "Groothandel Alfa met een lange naam")
    analysis = make_analysis(people.alice, account, strengths="Sterk merk")
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/analyses/{analysis.pk}/")

    expect(page.locator("#ratio-current_ratio")).to_contain_text("1.75")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"/analyses/{analysis.pk}/edit/")
    expect(page.locator("#id_figures-revenue_1")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
