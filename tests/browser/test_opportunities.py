"""An opportunity in a real browser, on a phone's width: alice starts it from the account page
with two people of the DMU, moves it to proposal, tries to mark it lost without a reason and is
asked for one; the list and the page fit the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.sales.models import DealContact, Opportunity, Stage
from tests.factories import make_account, make_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_create_move_and_be_asked_for_the_lost_reason(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    make_contact(account, first_name="Els", last_name="Bos", buying_role="decider")
    make_contact(account, first_name="Jan", last_name="Smit", buying_role="buyer")
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    page.locator("#opportunities").get_by_role("button", name="New opportunity").click()
    page.get_by_label("Title").fill("Nieuwe ovens")
    page.get_by_label("Estimated value (€)").fill("12500")
    page.get_by_label("Expected close date").fill("2027-03-31")
    page.get_by_label("Els Bos").check()
    page.get_by_label("Jan Smit").check()
    _fits(page)
    page.get_by_role("button", name="Create").click()
    expect(page.locator("#opportunity-stage")).to_have_text("Prepare")
    expect(page.locator("#dmu-decider")).to_contain_text("Els Bos")
    expect(page.locator("#dmu-buyer")).to_contain_text("Jan Smit")
    expect(page.locator("#no-decider")).to_have_count(0)
    _fits(page)

    page.get_by_label("New stage").select_option(label="Proposal / quote")
    page.get_by_role("button", name="Change the stage").click()
    expect(page.locator("#opportunity-stage")).to_have_text("Proposal / quote")
    expect(page.locator("#opportunity-probability")).to_contain_text("40 %")

    page.get_by_label("New stage").select_option(label="Lost")
    page.get_by_role("button", name="Change the stage").click()
    expect(page.locator("#field-lost_reason .errorlist")).to_have_text(
        "Choose why the opportunity was lost."
    )
    expect(page.locator("#opportunity-stage")).to_have_text("Proposal / quote")
    _fits(page)

    page.goto("/opportunities/")
    expect(page.locator("#opportunity-results")).to_contain_text("Nieuwe ovens")
    expect(page.locator("#opportunity-results")).to_contain_text("Bakkerij Bos")
    _fits(page)

    opportunity = Opportunity.objects.get()
    assert opportunity.stage == Stage.PROPOSAL
    assert DealContact.objects.filter(opportunity=opportunity).count() == 2
