"""After-sales in a real browser: ingrid moves alice's order to delivered (the after-sales call
appears), alice sends a survey, the customer answers 5 on a phone through the mailed link
without signing in, and alice sees the follow-up call it planned."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from koers.aftersales.models import Survey
from koers.sales.models import OrderStatus
from tests.factories import make_account, make_contact
from tests.sales.order_factories import make_order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_deliver_survey_answer_5_on_a_phone_and_see_the_follow_up(
    page: Page, browser: Browser, live_server, login, people
):
    account = make_account(people.alice, "Bakkerij Bos")
    account.team_members.create(user=people.ingrid, role="inside_sales")
    make_contact(account, first_name="Anna", last_name="Bos", email="anna@bos.nl")
    order = make_order(people.alice, account, OrderStatus.IN_DELIVERY, processor=people.admin)
    page.set_viewport_size(PHONE)

    login(people.ingrid)
    page.goto(f"/orders/{order.pk}/")
    page.get_by_label("New status").select_option(label="Delivered")
    page.get_by_role("button", name="Change the status").click()
    expect(page.locator("#order-status")).to_have_text("Delivered")
    expect(page.locator("#after-sales-call")).to_contain_text(
        f"After-sales call about order {order.number}"
    )

    page.context.clear_cookies()
    login(people.alice)
    page.goto(f"/orders/{order.pk}/")
    page.locator("#after-sales-open").click()
    page.locator("#survey-send summary").click()
    page.get_by_label("Contact").select_option(label="Anna Bos")
    page.get_by_role("button", name="Send the survey").click()
    expect(page.locator("#after-sales-surveys")).to_contain_text("Waiting for the answer")
    _fits(page)
    link = re.search(r"https?://\S+/survey/\S+/", mail.outbox[-1].body)
    assert link is not None
    path = "/survey/" + link.group(0).split("/survey/")[1]

    # The customer: another browser, no session, a phone.
    customer = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    phone = customer.new_page()
    phone.goto(path)
    expect(phone.locator("h1")).to_have_text("Hoe hebben we het gedaan?")
    expect(phone.locator(".site-nav")).to_have_count(0)
    _fits(phone)
    phone.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(phone.locator("#survey-errors")).to_be_visible()
    expect(phone.locator("#field-score")).to_contain_text("Kies een score van 0 tot en met 10.")
    phone.locator("#field-score").get_by_label("5", exact=True).check()
    phone.locator("#field-delivery_score").get_by_label("2", exact=True).check()
    phone.get_by_label("Wil je ons nog iets vertellen?").fill("De levering was te laat.")
    _fits(phone)
    phone.get_by_role("button", name="Mijn antwoord versturen").click()
    expect(phone.locator("#survey-thanks")).to_be_visible()
    phone.goto(path)
    expect(phone.locator("#survey-gone")).to_be_visible()
    customer.close()

    page.reload()
    follow_up = page.locator("#after-sales-surveys .survey-follow-up")
    expect(follow_up).to_have_text(f"Follow up the survey score 5 of order {order.number}")
    expect(page.locator("#after-sales-surveys")).to_contain_text("De levering was te laat.")
    _fits(page)
    follow_up.click()
    expect(page.locator("body")).to_contain_text("De levering was te laat.")
    assert Survey.objects.get().score == 5
