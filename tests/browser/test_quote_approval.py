"""The approval beyond the mandate in a real browser, on a phone's width: alice (level B, 10 %)
makes a quote with 15 % off a line, sees the mandate meter's warning under the totals and at
the line, submits it (no review below the administrator's amount) and it needs approval; maria,
her manager, finds it under Approvals and approves it with a comment."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import QuoteSettings, QuoteStatus, QuoteVersion
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.opportunity_factories import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_discount_beyond_the_mandate_waits_for_the_manager(page: Page, login, people):
    QuoteSettings.objects.create(pk=1, review_from=Decimal("100000"))
    account = make_account(people.alice, "Bakkerij Bos")
    oven = make_product(
        "OVEN", name_en="Oven", list_price=Decimal("100.00"), cost_price=Decimal("60.00")
    )
    deal = make_opportunity(people.alice, account)
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/opportunities/{deal.pk}/")
    page.locator("#make-quote").click()
    form = page.locator("#line-form")
    form.get_by_label("Product").select_option(value=str(oven.pk))
    form.get_by_label("Quantity").fill("1")
    form.get_by_label("Discount (%)").fill("15")
    form.get_by_role("button", name="Add the line").click()
    expect(page.locator("#quote-net")).to_have_text("€85.00")
    expect(page.locator("#mandate-step")).to_have_text("Needs the manager's approval")
    expect(page.locator(".mandate-line-breach").first).to_contain_text("Line discount 15.0 %")
    _fits(page)

    page.locator("#quote-submit").click()
    expect(page.locator("#quote-status")).to_have_text("Needs approval")
    expect(page.locator("#approval-waiting")).to_be_visible()
    _fits(page)

    page.context.clear_cookies()
    login(people.maria)
    expect(page.locator('[data-area="approvals"] .nav-badge')).to_have_text("1")
    page.locator("[data-nav-toggle]").click()  # the menu folds away on a phone
    page.locator('[data-area="approvals"]').click()
    expect(page.locator("#approval-queue")).to_contain_text("Line discount 15.0 %")
    _fits(page)
    page.locator("#approval-queue a").first.click()
    page.locator("#approval-form").get_by_label("Comment").fill("Strategic account")
    page.locator("#approval-approve").click()
    expect(page.locator("#quote-status")).to_have_text("Approved for sending")
    expect(page.locator("#quote-approvals")).to_contain_text("Strategic account")
    _fits(page)
    assert QuoteVersion.objects.get().status == QuoteStatus.APPROVED
