"""Leads at the fair in a real browser, on a phone (decision 140): an account manager records
the conversation, confirms the match the file suggests, turns the lead into an opportunity and
sees it on the campaign's results page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.campaigns.lead_models import Lead
from tests.campaigns.file import build_file
from tests.campaigns.lead_helpers import make_fair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_lead_at_the_fair_becomes_an_opportunity_on_the_results(page: Page, login, people):
    build_file(people)
    fair = make_fair(people, name="Vakbeurs Noord")
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto("/campaigns/")
    page.get_by_role("button", name="New lead").click()
    expect(page.get_by_label("Event")).to_have_value(str(fair.pk))
    page.get_by_label("Who").fill("Anna Test")
    page.get_by_label("Company").fill("Noord")
    page.get_by_label("E-mail").fill("anna@example.nl")
    page.get_by_label("Need").fill("Twee nieuwe ovens voor de winkels")
    _fits(page)
    page.get_by_role("button", name="Record the lead").click()

    expect(page.locator("#lead-suggestion")).to_contain_text("Existing contact")
    expect(page.locator("#lead-suggestion")).to_contain_text("Noord")
    page.get_by_role("button", name="Use this match").click()

    expect(page.locator("h1")).to_have_text("Anna Test")
    expect(page.locator("#lead-match")).to_have_text("Existing contact")
    expect(page.locator("#lead-owner")).to_contain_text(people.alice.first_name)
    _fits(page)
    lead = Lead.objects.get()
    assert lead.follow_up is not None

    page.get_by_role("button", name="Make it an opportunity").click()
    expect(page.locator("#opportunity-source")).to_contain_text("Vakbeurs Noord")
    _fits(page)

    page.goto(f"/campaigns/{fair.pk}/results/")
    expect(page.locator("#results-leads-count")).to_have_text("1")
    expect(page.locator("#results-opportunities")).to_have_text("1")
    expect(page.locator(f"#results-owner-{people.alice.pk}")).to_be_visible()
    _fits(page)
