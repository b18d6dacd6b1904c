"""The whitespace grid in a real browser (issue 14): an account manager opens the grid from
the account page, chooses an empty cell of a branch, opens an opportunity from the prefilled
dialog and sees it in the cell; the realism check follows the expected revenue as it is typed;
the grid fits a phone (it scrolls sideways inside its frame, not the page)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import Opportunity
from tests.factories import make_account
from tests.planning.plan_factories import make_plan
from tests.sales.factories import make_group, make_product
from tests.sales.opportunity_factories import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _chain(people):
    top = make_account(people.alice, "Keten Supermarkt")
    noord = make_account(people.alice, "Keten Noord", parent=top)
    make_account(people.alice, "Keten Zuid", parent=top)
    koffie = make_group("KOF", name_en="Coffee", position=1)
    water = make_group("WAT", name_en="Water", position=2)
    make_opportunity(
        people.alice, top, branch=noord, lines=[(make_product(group=koffie), Decimal(3))]
    )
    return top, noord, water


def test_an_empty_cell_becomes_an_opportunity(page: Page, login, people):
    top, noord, water = _chain(people)
    page.set_default_timeout(30_000)

    login(people.alice)
    page.goto(f"/accounts/{top.pk}/")
    page.locator("#account-whitespace").click()

    expect(page.locator("h1")).to_have_text("Whitespace")
    cell = page.locator(f"#cell-{noord.pk}-{water.pk}")
    expect(cell).to_have_class("ws-cell ws-empty")
    cell.get_by_role("link").click()
    dialog = page.locator("#ws-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Title")).to_have_value("Water · Keten Noord")
    dialog.get_by_label("Amount").fill("2500")
    dialog.locator("#ws-deal-save").click()

    expect(page.locator(".messages")).to_contain_text("The opportunity is opened.")
    expect(cell).to_contain_text("1 open")
    expect(cell).not_to_have_class("ws-cell ws-empty")
    deal = Opportunity.objects.get(title="Water · Keten Noord")
    assert (deal.branch, deal.amount) == (noord, Decimal("2500.00"))


def test_the_realism_check_follows_the_expected_revenue(page: Page, login, people):
    top, _noord, _water = _chain(people)
    plan = make_plan(people.alice, top, year=2027)
    page.set_default_timeout(30_000)

    login(people.alice)
    page.goto(f"/plans/{plan.pk}/edit/")
    expect(page.locator("#realism-pipeline")).to_contain_text("not available")
    page.get_by_label("Expected revenue").fill("300")

    expect(page.locator("#realism-pipeline")).to_contain_text("of the plan")


def test_the_grid_fits_a_phone(page: Page, login, people):
    top, _noord, _water = _chain(people)
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/accounts/{top.pk}/whitespace/")

    expect(page.locator("#ws-grid")).to_contain_text("Keten Noord")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
