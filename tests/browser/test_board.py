"""The pipeline board and the forecast in a real browser: alice drags a deal to proposal, drags
it to lost and is asked why (refused without a reason, done with one); on a phone's width she
moves another through the card's stage menu; the deal shows in her forecast; marking one won
asks why (decision 155)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import Opportunity, Stage
from tests.factories import make_account, make_contact
from tests.sales.opportunity_factories import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_drag_to_proposal_then_to_lost_with_the_reason(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    els = make_contact(account, first_name="Els", last_name="Bos", buying_role="decider")
    deal = make_opportunity(
        people.alice, account, title="Nieuwe ovens", amount=Decimal("12500"), contacts=[els]
    )
    page.set_viewport_size({"width": 1600, "height": 900})
    login(people.alice)
    page.goto("/opportunities/board/")
    card = page.locator(f"#card-{deal.pk}")
    expect(page.locator("#cards-prepare")).to_contain_text("Nieuwe ovens")
    expect(card).to_contain_text("No next step planned")

    card.drag_to(page.locator("[data-column=proposal]"))
    expect(page.locator(f"#cards-proposal #card-{deal.pk}")).to_be_visible()
    expect(page.locator("#head-proposal .count")).to_have_text("1")
    expect(page.locator("#head-prepare .count")).to_have_text("0")
    assert Opportunity.objects.get().stage == Stage.PROPOSAL
    assert page.locator(f"[id=card-{deal.pk}]").count() == 1

    page.locator(f"#card-{deal.pk}").drag_to(page.locator("[data-column=lost]"))
    expect(page.locator(f"#card-{deal.pk}")).to_contain_text("Why was it lost?")
    page.get_by_role("button", name="Mark as lost").click()
    expect(page.locator(f"#card-{deal.pk} .errorlist")).to_contain_text(
        "Choose why the opportunity was lost."
    )
    assert Opportunity.objects.get().stage == Stage.PROPOSAL

    page.locator(f"#card-{deal.pk}").get_by_label("Reason lost").select_option(label="Price")
    page.get_by_role("button", name="Mark as lost").click()
    expect(page.locator(f"#cards-lost #card-{deal.pk}")).to_be_visible()
    expect(page.locator("#head-lost .count")).to_have_text("1")
    stored = Opportunity.objects.get()
    assert (stored.stage, stored.lost_reason) == (Stage.LOST, "price")


def test_on_a_phone_the_stage_menu_moves_the_card_and_the_forecast_shows_it(
    page: Page, login, people
):
    account = make_account(people.alice, "Slagerij Smit")
    deal = make_opportunity(
        people.alice,
        account,
        title="Koelcel",
        amount=Decimal("4321"),
        close_on=date(2027, 1, 15),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto("/opportunities/board/")
    _fits(page)
    page.locator(f"#move-{deal.pk}").select_option(label="Negotiation")
    expect(page.locator(f"#cards-negotiation #card-{deal.pk}")).to_be_visible()
    expect(page.locator("#head-negotiation .count")).to_have_text("1")
    _fits(page)
    assert Opportunity.objects.get().stage == Stage.NEGOTIATION

    page.goto("/opportunities/forecast/?months=12")
    row = page.locator("#forecast-total tr[data-month='2027-01']")
    expect(row).to_contain_text("4,321.00")
    expect(row.locator("td").nth(2)).to_contain_text("3,024.70")  # weighted: 70 %
    expect(row.locator("td").nth(3)).to_contain_text("4,321.00")  # committed: in negotiation
    _fits(page)


def test_on_a_phone_won_asks_why_and_keeps_the_reason(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    deal = make_opportunity(people.alice, account, title="Deegmachine", stage=Stage.NEGOTIATION)
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto("/opportunities/board/")
    page.locator(f"#move-{deal.pk}").select_option(label="Won")
    card = page.locator(f"#card-{deal.pk}")
    expect(card).to_contain_text("Why was it won?")
    _fits(page)
    assert Opportunity.objects.get().stage == Stage.NEGOTIATION

    card.get_by_label("Reason won").select_option(label="Service")
    page.get_by_role("button", name="Mark as won").click()
    expect(page.locator(f"#cards-won #card-{deal.pk}")).to_be_visible()
    expect(page.locator("#head-won .count")).to_have_text("1")
    stored = Opportunity.objects.get()
    assert (stored.stage, stored.won_reason) == (Stage.WON, "service")
