"""Mail and letters in a real browser: a templated e-mail from the account page, seen on the
account's timeline; the company settings refusing a file that is not an image."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.correspondence.factories import make_correspondence
from tests.factories import make_totp_device, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_templated_e_mail_from_the_account_page_lands_on_the_timeline(page: Page, login, people):
    world = make_correspondence(people.alice, people.maria)
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto(f"/accounts/{world.account.pk}/")

    page.locator('[data-action="write_mail"]').click()
    page.get_by_label("John Smith <john@alpha.co.uk>").check()
    page.get_by_label("Template").select_option(label="Welcome")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#previews")).to_contain_text("Dear John,")
    page.get_by_role("button", name="Send").click()

    expect(page.locator("main")).to_contain_text("is being sent")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Welcome to Koers Levensmiddelen BV")
    expect(page.locator("#correspondence")).to_contain_text("Sent")
    assert [m.to for m in mail.outbox] == [["John Smith <john@alpha.co.uk>"]]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_company_settings_refuse_a_logo_that_is_not_an_image(page: Page, login, people):
    device = make_totp_device(people.admin)
    login(people.admin)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Company").click()

    page.get_by_label("Company name").fill("Koers BV")
    page.get_by_label("Logo", exact=True).set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": b"not an image at all"}
    )
    page.get_by_role("button", name="Save").click()

    expect(page.locator("#field-logo_upload")).to_contain_text(
        "The logo must be an image (PNG, JPEG, GIF or WebP)."
    )
