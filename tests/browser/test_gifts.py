"""The gifts register in a real browser: an account manager asks approval for a € 120 gift, the
manager sees the count in the header and approves it, and the account manager sees it approved
on the contact page; the list fits a phone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.gifts.models import Gift, GiftStatus
from tests.factories import make_account, make_contact
from tests.gifts.factories import record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_gift_of_120_euros_is_asked_for_and_approved_by_the_manager(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Jansen")
    anna = make_contact(account, first_name="Anna", last_name="Bakker", personal_interests="Golf")

    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    page.locator("#gifts").get_by_role("button", name="Record a gift").click()
    page.get_by_label("Kind").select_option("gift")
    page.get_by_label("Contact").select_option(str(anna.pk))
    page.get_by_label("What").fill("Golfballen")
    page.get_by_label("Estimated value (€)").fill("120")
    page.get_by_label("Occasion").fill("Kerst")
    page.get_by_label("Personal interest").fill("Golf")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Golfballen")
    expect(page.locator(".status-gift-requested")).to_have_text("Awaiting approval")
    gift = Gift.objects.get()
    assert (gift.status, gift.value) == (GiftStatus.REQUESTED, Decimal("120.00"))

    page.context.clear_cookies()
    login(people.maria)
    expect(page.locator('[data-area="gifts"] .nav-badge')).to_have_text("1")
    page.locator('[data-area="gifts"]').click()
    page.get_by_role("button", name="To decide").click()
    page.locator("#awaiting").get_by_role("link", name="Golfballen").click()
    page.get_by_label("Comment").fill("Prima, goede klant")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".status-gift-approved")).to_have_text("Approved")
    expect(page.locator("#gift-decision")).to_contain_text("Prima, goede klant")

    page.context.clear_cookies()
    login(people.alice)
    page.goto(f"/contacts/{anna.pk}/")
    line = page.locator(f"#gifts #gift-{gift.pk}")
    expect(line).to_contain_text("Golfballen")
    expect(line).to_contain_text("€120.00")
    expect(line.locator(".status-gift-approved")).to_have_text("Approved")


def test_the_list_of_gifts_fits_a_phone(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Jansen met een lange naam")
    anna = make_contact(account, first_name="Anna", last_name="Bakker-van den Berg")
    for n in range(3):
        record(people.alice, account, anna, description=f"Kerstpakket nummer {n}")
    record(people.alice, account, anna, value=Decimal("120"), description="Golfdag")
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto("/gifts/")

    expect(page.locator(".gift-table tbody tr")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/gifts/overview/?year=2026")
    expect(page.locator("#per-person")).to_contain_text("Alice Tester")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
