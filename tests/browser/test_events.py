"""An event in a real browser: a visitor registers for a seminar on the public page on a phone
(no login), gets the confirmation, and a colleague at the door finds them on the check-in page
and checks them in with a tap."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from koers.campaigns.event_models import Registration
from tests.campaigns.event_helpers import make_event
from tests.campaigns.file import build_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_visitor_registers_on_a_phone_and_is_checked_in_at_the_door(page: Page, login, people):
    build_file(people)
    event = make_event(people, capacity=10)
    mail.outbox.clear()
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(f"/e/{event.slug}/")
    expect(page.locator("h1")).to_have_text("Seminar inkoop")
    _fits(page)
    page.locator("#id_name").fill("Piet Nieuw")
    page.locator("#id_company").fill("Nieuw BV")
    page.locator("#id_email").fill("piet@nieuw.example")
    page.locator("#id_answer_0").fill("Prijzen")
    page.locator("#event-register").click()
    expect(page.locator("#event-confirmed")).to_be_visible()
    _fits(page)
    registration = Registration.objects.get()
    assert (registration.name, registration.contact) == ("Piet Nieuw", None)
    (confirmation,) = mail.outbox
    assert [name for name, _content, _type in confirmation.attachments] == [
        "event.ics",
        "check-in.png",
    ]

    login(people.mark)
    page.goto(f"/events/{event.pk}/check-in/")
    page.locator("#door-search").fill("Nieuw")
    row = page.locator(f"#door-row-{registration.pk}")
    expect(row).to_contain_text("Piet Nieuw")
    _fits(page)
    page.locator(f"#door-check-in-{registration.pk}").click()
    expect(page.locator(f"#door-done-{registration.pk}")).to_be_visible()
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == people.mark
