"""Spreading in a real browser (decisions 144 and 149): the account manager opens her year's
target from the grid, spreads it over her three accounts (pre-filled with last year's shares),
sees the live total and the message next to it while it is not 100, saves, and finds the
accounts' targets in the grid with no gap left; the page fits a phone. Over accounts and
product groups the page shows one page of rows: a percentage on the second page counts in the
first page's total, both are saved, and the grid of a product group shows them per account."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.planning.models import PeriodKind, Target, TargetLevel
from koers.planning.targets import services
from koers.planning.targets.services import TargetRow
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026


def test_the_account_manager_spreads_her_target_over_three_accounts(page: Page, login, people):
    alice = people.alice
    accounts = [make_account(alice, name) for name in ("Alpha", "Beta", "Gamma")]
    for account, amount in zip(accounts, ("600", "300", "100"), strict=True):
        delivered(alice, account, date(YEAR - 1, 5, 1), [(None, amount, "0", "1")])
    row = TargetRow(
        "revenue", TargetLevel.USER, {"user": alice.pk}, YEAR, PeriodKind.YEAR, 1, Decimal("90000")
    )
    services.target_set(actor=people.maria, row=row)

    login(alice)
    page.goto(f"/targets/?view=person&year={YEAR}&measure=revenue")
    page.locator("#spread-accounts-link").click()
    spread_url = page.url
    inputs = page.locator("input.spread-pct")
    expect(inputs).to_have_count(3)
    expect(inputs.nth(0)).to_have_value("60.00")
    expect(page.locator("#spread-total")).to_have_text("100")
    expect(page.locator("#spread-total-message")).to_be_hidden()

    inputs.nth(0).fill("50")
    expect(page.locator("#spread-total")).to_have_text("90")
    expect(page.locator("#spread-total-message")).to_have_text(
        "Together the percentages come to 90; they must come to 100."
    )
    inputs.nth(2).fill("20")
    expect(page.locator("#spread-total-message")).to_be_hidden()
    expect(page.locator("tr[data-spread-row] [data-part]").nth(0)).to_have_text("45,000.00")

    page.locator("#spread-save").click()

    expect(page).to_have_url(re.compile(r"/targets/\?view=person&.*&by=accounts$"))
    for account, amount in zip(accounts, ("45,000", "27,000", "18,000"), strict=True):
        cell = page.locator(f'tr[data-row="account/account:{account.pk}"] input.year-cell')
        expect(cell).to_have_value(amount)
    expect(page.locator('#column-gaps [data-col-gap="12"]')).to_have_text("0")
    assert Target.objects.filter(level=TargetLevel.ACCOUNT).count() == 3

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(spread_url)
    expect(page.locator("#spread-grid")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_she_spreads_over_accounts_and_product_groups_page_by_page(page: Page, login, people):
    alice = people.alice
    bread, dairy = make_group("BROOD"), make_group("ZUIVEL")
    accounts = [make_account(alice, f"Account {n:02d}") for n in range(1, 14)]
    last_year = date(YEAR - 1, 5, 1)
    delivered(alice, accounts[0], last_year, [(bread, "600", "0", "1")])
    delivered(alice, accounts[-1], last_year, [(dairy, "400", "0", "1")])
    row = TargetRow(
        "revenue", TargetLevel.USER, {"user": alice.pk}, YEAR, PeriodKind.YEAR, 1, Decimal("10000")
    )
    services.target_set(actor=people.maria, row=row)
    first, last = f"{accounts[0].pk}-{bread.pk}", f"{accounts[-1].pk}-{dairy.pk}"

    login(alice)
    page.goto(f"/targets/?view=person&year={YEAR}&measure=revenue")
    page.locator("#spread-account-groups-link").click()
    spread_url = page.url
    # Thirteen accounts with two groups: 25 rows on the first page, the 26th on the second.
    expect(page.locator("input.spread-pct")).to_have_count(25)
    expect(page.locator(f'tr[data-spread-row="{first}"] input')).to_have_value("60.00")
    expect(page.locator(f'tr[data-spread-row="{accounts[1].pk}-{bread.pk}"] input')).to_have_value(
        ""
    )
    expect(page.locator("#spread-total")).to_have_text("100")
    expect(page.locator("#spread-others")).to_contain_text("1 row not shown here, with 40 percent")

    page.locator(f'tr[data-spread-row="{first}"] input').fill("50")
    expect(page.locator("#spread-total")).to_have_text("90")
    expect(page.locator("#spread-total-message")).to_be_visible()
    page.locator("#spread-next").click()

    expect(page.locator("input.spread-pct")).to_have_count(1)
    expect(page.locator(f'tr[data-spread-row="{last}"] input')).to_have_value("40.00")
    expect(page.locator("#spread-total")).to_have_text("90")
    page.locator(f'tr[data-spread-row="{last}"] input').fill("50")
    expect(page.locator("#spread-total")).to_have_text("100")
    expect(page.locator("#spread-total-message")).to_be_hidden()
    page.locator("#spread-save").click()

    expect(page).to_have_url(re.compile(rf"by=accounts&group={bread.pk}$"))
    cell = page.locator(f'tr[data-row="account_group/account:{accounts[0].pk}/group:{bread.pk}"]')
    expect(cell.locator("input.year-cell")).to_have_value("5,000")
    found = Target.objects.filter(level=TargetLevel.ACCOUNT_GROUP).order_by("amount")
    assert [(t.account_id, t.product_group_id, t.amount) for t in found] == [
        (accounts[0].pk, bread.pk, Decimal("5000.00")),
        (accounts[-1].pk, dairy.pk, Decimal("5000.00")),
    ]

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(spread_url)
    page.locator("#spread-group").select_option(str(dairy.pk))
    page.locator("#spread-show").click()
    expect(page.locator("input.spread-pct")).to_have_count(13)
    expect(page.locator("#spread-save")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
