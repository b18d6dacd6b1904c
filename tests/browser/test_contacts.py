"""Contacts in a real browser: adding a decider to an account, searching as you type."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.accounts.models import Contact
from tests.factories import make_account, make_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_alice_adds_a_decider_to_her_account(page: Page, login, people):
    acme = make_account(people.alice, name="Acme Foods")
    login(people.alice)

    page.goto(f"/accounts/{acme.pk}/")
    page.locator("#contacts").get_by_role("button", name="Add contact").first.click()
    expect(page).to_have_url(re.compile(rf"/accounts/{acme.pk}/contacts/new/$"))
    page.get_by_label("First name").fill("Anna")
    page.get_by_label("Last name").fill("de Vries")
    page.get_by_label("Job title").fill("Director")
    page.get_by_label("Buying role (DMU)").select_option(label="Decider")
    page.get_by_role("button", name="Save contact").click()

    expect(page).to_have_url(re.compile(rf"/accounts/{acme.pk}/$"))
    decider_box = page.locator("#contacts .role-decider")
    expect(decider_box).to_contain_text("Anna de Vries")

    decider_box.get_by_role("link", name=re.compile("Anna de Vries")).click()
    expect(page.locator("h1")).to_have_text("Anna de Vries")
    position = page.locator("#positions .position").first
    expect(position).to_contain_text("Acme Foods")
    expect(position.locator(".badge.role-decider")).to_have_text("Decider")
    contact = Contact.objects.get()
    assert contact.positions.get().buying_role == "decider"


def test_the_contact_list_filters_while_typing(page: Page, login, people):
    acme = make_account(people.alice, name="Acme Foods")
    make_contact(acme, first_name="Anna", last_name="de Vries")
    make_contact(acme, first_name="Bram", last_name="Bakker")
    login(people.alice)

    page.goto("/contacts/")
    rows = page.locator("#contact-results tbody tr")
    expect(rows).to_have_count(2)

    page.get_by_label("Search").press_sequentially("vries", delay=30)

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Anna de Vries")
    expect(page).to_have_url(re.compile(r"/contacts/\?.*q=vries"))


def test_a_long_contact_list_shows_its_count_after_the_rows(page: Page, login, people, settings):
    settings.PAGE_SIZE = 2
    acme = make_account(people.alice, name="Acme Foods")
    for name in ("Aa", "Bb", "Cc"):
        make_contact(acme, last_name=name)
    login(people.alice)

    page.goto("/contacts/")

    expect(page.locator("#contact-results tbody tr")).to_have_count(2)
    expect(page.locator("#contact-results .result-count")).to_have_text("3 contacts")
    page.locator("#contact-results a[rel=next]").click()
    expect(page.locator("#contact-results tbody tr")).to_have_count(1)
    expect(page.locator("#contact-results .result-count")).to_have_text("3 contacts")


def test_ticking_mailing_consent_fills_in_today_which_the_user_can_change(
    page: Page, login, people
):
    acme = make_account(people.alice, name="Acme Foods")
    anna = make_contact(acme, first_name="Anna", last_name="de Vries")
    login(people.alice)
    page.goto(f"/contacts/{anna.pk}/edit/")
    date = page.locator("#id_consent_date")
    expect(date).to_have_value("")

    page.locator("#id_mailing_consent").check()
    today = page.evaluate(
        "() => { const d = new Date(); const p = (n) => String(n).padStart(2, '0');"
        " return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }"
    )
    expect(date).to_have_value(today)

    date.fill("2026-03-02")  # the business card from the fair, a while ago
    page.locator("#id_mailing_consent").uncheck()
    page.locator("#id_mailing_consent").check()
    expect(date).to_have_value("2026-03-02")  # a date already given is not overwritten
    page.get_by_role("button", name=re.compile("Save")).click()

    expect(page.locator("h1")).to_have_text("Anna de Vries")
    anna.refresh_from_db()
    assert (anna.mailing_consent, str(anna.consent_date)) == (True, "2026-03-02")
