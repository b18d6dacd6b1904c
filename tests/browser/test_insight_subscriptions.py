"""Subscriptions in a real browser (decision 145): a manager subscribes to the team's figures
from the page, with a colleague in copy, sees it in "My subscriptions" (also at phone width),
has one sent now, and stops it."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from koers.insights.subscriptions.models import Subscription
from tests.insights.world import build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_subscribes_to_the_team_and_gets_a_copy(page: Page, login, people):
    build(people)
    for person in (people.maria, people.alice):
        person.email = f"{person.username}@example.nl"
        person.save(update_fields=["email"])
    page.set_default_timeout(30_000)
    login(people.maria)
    page.goto("/insights/team/?period=quarter&date=2026-11-03&sort=revenue")
    page.locator("#subscribe").click()
    expect(page.locator("h1")).to_have_text("E-mail me “The team's figures”")
    page.get_by_label("Every Monday").check()
    page.get_by_label("Also to").select_option(label="Alice Tester")
    page.locator("#subscription-save").click()

    expect(page.locator("h1")).to_have_text("My subscriptions")
    row = page.locator("#subscriptions tbody tr").first
    expect(row).to_contain_text("The team's figures")
    expect(row).to_contain_text("Every Monday")
    expect(row).to_contain_text("Alice Tester")
    subscription = Subscription.objects.get(user=people.maria)
    assert subscription.query == "period=quarter&sort=revenue"

    mail.outbox.clear()
    row.locator("[data-action=send]").click()
    expect(page.locator("body")).to_contain_text("A copy is on its way to maria@example.nl.")
    assert [m.to for m in mail.outbox] == [["maria@example.nl"]]
    assert "Alice Tester" in mail.outbox[0].body

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at phone width ({width}px)"
    page.locator("#subscriptions [data-action=stop]").first.click()
    expect(page.locator("#subscriptions")).to_contain_text("No subscriptions yet.")
    assert not Subscription.objects.exists()
