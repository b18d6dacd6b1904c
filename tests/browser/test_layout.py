"""The page layout in a real browser: the menu on a phone, and the administration pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.core.models import Role, Team, User
from tests.factories import make_totp_device, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_on_a_phone_the_menu_button_opens_the_areas_and_leads_to_one(page: Page, login, people):
    page.set_viewport_size(PHONE)
    login(people.alice)

    menu = page.get_by_role("button", name="Menu")
    contacts = page.locator(".nav-areas").get_by_role("link", name="Contacts")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(contacts).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(contacts).to_be_visible()
    contacts.click()

    expect(page).to_have_url(re.compile(r"/contacts/$"))
    expect(page.locator('.nav-areas a[aria-current="page"]')).to_have_text("Contacts")
    expect(page.locator(".nav-areas")).to_be_hidden()  # a new page starts with the menu shut


def test_on_a_desktop_the_areas_show_without_a_menu_button(page: Page, login, people):
    page.set_viewport_size({"width": 1280, "height": 800})
    login(people.alice)

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator(".nav-areas").get_by_role("link", name="Accounts")).to_be_visible()


def test_an_administrator_creates_a_user_on_the_administration_pages(page: Page, login, people):
    device = make_totp_device(people.admin)
    login(people.admin)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("link", name="Administration").click()
    expect(page).to_have_url(re.compile(r"/settings/users/$"))
    page.get_by_role("button", name="Add user").click()
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("de Boer")
    page.get_by_label("Email address").fill("nina@example.nl")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Role").select_option(label="Account manager")
    page.get_by_label("Level").select_option(value="C")
    page.get_by_label("North").check()
    page.locator("#id_password1").fill("Koers-welkom-2026")
    page.locator("#id_password2").fill("Koers-welkom-2026")
    page.get_by_role("button", name="Create user").click()

    expect(page).to_have_url(re.compile(r"/settings/users/$"))
    expect(page.locator(".messages")).to_contain_text("User Nina de Boer has been created.")
    expect(page.get_by_role("link", name="Nina de Boer")).to_be_visible()
    nina = User.objects.get(username="nina")
    assert (nina.role, nina.level, nina.email) == (Role.ACCOUNT_MANAGER, "C", "nina@example.nl")
    assert list(nina.teams.all()) == [Team.objects.get(name="North")]
