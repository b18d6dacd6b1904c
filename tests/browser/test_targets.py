"""Targets in a real browser: the team's manager pastes a row of twelve monthly targets copied
from Excel (Dutch numbers) into the grid, sees the row's total and the gaps to the year and to
the team follow, moves with the arrow keys and Enter, and finds every cell saved; the grid
fits a phone (it scrolls sideways inside its frame)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.planning.models import PeriodKind, Target, TargetLevel
from koers.planning.targets import services
from koers.planning.targets.services import TargetRow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = 2026
PASTE = """(text) => {
  const cell = document.activeElement;
  const data = new DataTransfer();
  data.setData("text/plain", text);
  const init = {clipboardData: data, bubbles: true, cancelable: true};
  cell.dispatchEvent(new ClipboardEvent("paste", init));
}"""


def _set(actor, level, ids, kind, period, amount):
    services.target_set(
        actor=actor, row=TargetRow("revenue", level, ids, YEAR, kind, period, Decimal(amount))
    )


def test_the_manager_pastes_a_row_of_twelve_months_and_sees_the_total_and_the_gap(
    page: Page, login, people
):
    team = people.alice.teams.get()
    _set(people.maria, TargetLevel.TEAM, {"team": team.pk}, PeriodKind.YEAR, 1, "150000")
    _set(people.maria, TargetLevel.TEAM, {"team": team.pk}, PeriodKind.MONTH, 1, "15000")
    _set(people.maria, TargetLevel.USER, {"user": people.alice.pk}, PeriodKind.YEAR, 1, "130000")

    login(people.maria)
    page.goto(f"/targets/?view=team&team={team.pk}&year={YEAR}&measure=revenue")
    alice = page.locator(f'tr[data-row="user/user:{people.alice.pk}"]')
    gaps = page.locator("#column-gaps")
    expect(gaps.locator('[data-col-gap="12"]')).to_have_text("20,000")

    alice.locator('input[data-period="1"]').click()
    page.evaluate(PASTE, "\t".join(["10.000,50"] * 12) + "\r\n")

    expect(alice.locator("[data-row-sum]")).to_have_text("120,006")
    expect(alice.locator("[data-row-gap]")).to_have_text("9,994")
    expect(alice.locator('input[data-period="12"]')).to_have_value("10,000.50")
    expect(gaps.locator('[data-col-gap="0"]')).to_have_text("4,999.50")
    expect(page.locator("#target-status")).to_have_text("Saved")
    expect(page.locator("#target-grid")).to_have_attribute("data-pending", "0")
    months = Target.objects.filter(user=people.alice, period_kind=PeriodKind.MONTH)
    assert sorted(t.period for t in months) == list(range(1, 13))
    assert {t.amount for t in months} == {Decimal("10000.50")}

    # The keyboard: down to bob's January, type, Enter saves and moves on.
    alice.locator('input[data-period="1"]').click()
    page.keyboard.press("ArrowDown")
    page.keyboard.type("2500")
    page.keyboard.press("Enter")
    expect(page.locator('#column-sums [data-col-sum="0"]')).to_have_text("12,500.50")
    expect(gaps.locator('[data-col-gap="0"]')).to_have_text("2,499.50")
    expect(page.locator("#target-grid")).to_have_attribute("data-pending", "0")
    assert Target.objects.get(user=people.bob, period=1).amount == Decimal("2500.00")

    page.reload()
    expect(alice.locator("[data-row-sum]")).to_have_text("120,006")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#target-grid")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
