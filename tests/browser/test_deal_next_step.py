"""A deal's next step in a real browser: alice opens an opportunity without a next step, plans
one from its page, and is back on the deal with the visit as its own next step; the board's
card shows it and the deal is no longer stale."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import DealActivity
from tests.factories import make_account
from tests.sales.opportunity_factories import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_plan_the_next_step_from_the_deal(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    deal = make_opportunity(people.alice, account, title="Nieuwe ovens", close_on=date(2030, 3, 31))

    login(people.alice)
    page.goto(f"/opportunities/{deal.pk}/")
    expect(page.locator("#next-step")).to_contain_text("No next step planned")
    page.locator("#plan-next-step").click()
    expect(page.get_by_label("For the opportunity")).to_have_value(str(deal.pk))
    page.get_by_label("Subject").fill("Demo van de ovens")
    page.get_by_label("Date").fill("2030-01-15")
    page.get_by_role("button", name="Plan").click()

    expect(page.locator("#next-step")).to_contain_text("Demo van de ovens")
    expect(page.locator("#next-step")).not_to_contain_text("for no deal in particular")
    assert DealActivity.objects.get().opportunity_id == deal.pk

    page.goto("/opportunities/board/")
    card = page.locator(f"#card-{deal.pk}")
    expect(card).to_contain_text("Demo van de ovens")
    expect(card).not_to_contain_text("No next step planned")
