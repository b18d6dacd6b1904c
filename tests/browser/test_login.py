"""Signing in and switching the language, in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_alice_logs_in_and_lands_on_her_agenda(page: Page, login, people):
    login(people.alice)

    expect(page).to_have_url(re.compile(r"/agenda/$"))
    expect(page.locator("h1")).to_contain_text("My day")


def test_the_header_button_switches_the_pages_to_english(page: Page, login, people):
    people.alice.language = "nl"
    people.alice.save()
    login(people.alice)
    page.goto("/settings/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    with page.expect_navigation(wait_until="load"):
        page.click("header button[name=language][value=en]")

    expect(page).to_have_url(re.compile(r"/settings/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.locator("header nav")
    expect(nav.get_by_role("link", name="Accounts")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    expect(nav).not_to_contain_text("Uitloggen")
    # The switch now offers the way back.
    expect(nav.get_by_role("button", name="Nederlands")).to_be_visible()
    expect(nav.locator("button[name=language][value=en]")).to_have_count(0)
    people.alice.refresh_from_db()
    assert people.alice.language == "en"


def test_a_wrong_password_shows_the_error_on_the_dutch_login_page(page: Page, login, people):
    login(people.alice, password="not-the-password")

    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#login-error")).to_be_visible()
    expect(page.locator("input[name=username]")).to_have_value("alice")
    expect(page.locator("header nav")).not_to_contain_text("Accounts")
