"""The person's rights in a real browser: a manager exports a contact's data and erases it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.accounts.models import Contact, PersonalDataExport
from koers.accounts.services.privacy import ERASED
from tests.factories import make_account, make_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_maria_exports_a_contacts_data_and_erases_the_contact(page: Page, login, people):
    acme = make_account(people.alice, name="Acme Foods")
    anna = make_contact(
        acme, first_name="Anna", last_name="de Vries", email="anna@acme.nl", job_title="Inkoper"
    )
    login(people.maria)

    page.goto(f"/contacts/{anna.pk}/")
    page.locator("#export-personal-data").click()
    expect(page).to_have_url(re.compile(rf"/contacts/{anna.pk}/personal-data/$"))
    expect(page.locator("h1")).to_contain_text("Anna de Vries")
    expect(page.locator("#personal-details")).to_contain_text("anna@acme.nl")
    expect(page.locator("#personal-positions")).to_contain_text("Inkoper")

    page.goto(f"/contacts/{anna.pk}/")
    page.locator("#erase-personal-data").click()
    page.locator("main input[name=reason]").fill("Asked by e-mail on 1 December")
    with page.expect_navigation(wait_until="load"):
        page.locator("main button[type=submit]").click()

    expect(page).to_have_url(re.compile(rf"/contacts/{anna.pk}/$"))
    expect(page.locator("h1")).to_have_text(ERASED)
    expect(page.locator("main")).not_to_contain_text("anna@acme.nl")
    assert Contact.objects.get(pk=anna.pk).email == ""
    assert list(PersonalDataExport.objects.values_list("contact_number", "format")) == [
        (anna.pk, "html")
    ]
