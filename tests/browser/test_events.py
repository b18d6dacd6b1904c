"""An event in a real browser: a visitor registers for a seminar on the public page on a phone
(no login), gets the confirmation, and a colleague at the door finds them on the check-in page
and checks them in with a tap."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from koers.campaigns.event_models import Registration
from tests.campaigns.event_helpers import make_event, register
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


def test_marketing_cancels_a_registration_and_gives_a_waiting_one_a_place(
    page: Page, login, people, django_capture_on_commit_callbacks
):
    """On the registrations page: cancelling frees the place for the first waiting one, and
    someone further down the waiting list gets a place by hand once confirmed."""
    build_file(people)
    event = make_event(people, capacity=1)
    capture = django_capture_on_commit_callbacks
    anna = register(event, "Anna", "anna@example.nl", capture)
    carl = register(event, "Carl", "carl@example.nl", capture)
    nina = register(event, "Nina", "nina@example.nl", capture)
    mail.outbox.clear()

    login(people.mark)
    page.goto(f"/events/{event.pk}/registrations/")
    page.locator(f"#registration-cancel-{anna.pk} summary").click()
    page.locator(f"#registration-cancel-confirm-{anna.pk}").click()
    expect(page.locator(f"#registration-status-{anna.pk}")).to_contain_text(str(people.mark))
    expect(page.locator(f"#registration-move-up-{carl.pk}")).to_have_count(0)

    page.locator(f"#registration-move-up-{nina.pk}").click()
    expect(page.locator("#registration-refusal")).to_be_visible()
    page.locator("#registration-move-up-confirm").click()
    expect(page.locator(f"#registration-move-up-{nina.pk}")).to_have_count(0)

    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {anna.pk: "cancelled", carl.pk: "registered", nina.pk: "registered"}
    # Anna is told her registration was cancelled; Carl and Nina that they have a place.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Anna <anna@example.nl>",
        "Carl <carl@example.nl>",
        "Nina <nina@example.nl>",
    ]
