"""The account pages in a real browser: search as you type, the form, branches, access."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.accounts.models import Account
from tests.factories import make_account, make_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_in_the_search_box_narrows_the_list_without_a_reload(page: Page, login, people):
    make_account(people.alice, "Bakkerij Hendriks", visit_city="Zwolle")
    make_account(people.alice, "Slagerij Vos", visit_city="Deventer")
    make_account(people.alice, "Groenteboer Jansen", visit_city="Kampen")
    login(people.alice)
    page.goto("/accounts/")
    rows = page.locator("#account-results tbody tr")
    expect(rows).to_have_count(3)
    # A full page load would wipe this marker.
    page.evaluate("window.notReloaded = true")

    page.locator("#account-filters input[name=q]").press_sequentially("hendr", delay=30)

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bakkerij Hendriks")
    expect(page.locator("#account-results")).to_contain_text("1 account")
    assert page.evaluate("window.notReloaded") is True
    expect(page).to_have_url(re.compile(r"[?&]q=hendr"))


def test_a_wrong_vat_number_is_shown_at_its_field_and_the_fixed_form_saves(
    page: Page, login, people
):
    login(people.alice)
    page.goto("/accounts/new/")
    page.fill("input[name=name]", "Visgroothandel Noord")
    page.fill("input[name=vat_number]", "NL123456789B02")
    page.fill("input[name=visit_postcode]", "8011ab")
    page.click("form.account-form button[type=submit]")

    vat_field = page.locator("#field-vat_number")
    expect(vat_field.locator(".errorlist")).to_be_visible()
    expect(vat_field.locator(".errorlist")).to_contain_text("check digit")
    expect(page.locator("#field-name .errorlist")).to_have_count(0)
    expect(page.locator("input[name=name]")).to_have_value("Visgroothandel Noord")

    page.fill("input[name=vat_number]", "NL004495445B01")
    page.click("form.account-form button[type=submit]")

    account = Account.objects.get(name="Visgroothandel Noord")
    expect(page).to_have_url(re.compile(rf"/accounts/{account.pk}/$"))
    expect(page.locator("h1")).to_have_text("Visgroothandel Noord")
    expect(page.locator("#account-facts")).to_contain_text("NL004495445B01")
    expect(page.locator("#account-facts")).to_contain_text("8011 AB")


def test_a_branch_added_from_the_detail_page_appears_in_the_chain(page: Page, login, people):
    parent = make_account(people.alice, "Supermarkt Keten", kvk_number="12345678")
    make_contact(parent)
    login(people.alice)
    page.goto(f"/accounts/{parent.pk}/")

    page.locator(".page-head .actions").get_by_role("button", name="Add branch").click()
    expect(page.locator("input[name=kvk_number]")).to_have_value("12345678")
    page.fill("input[name=name]", "Supermarkt Keten Zwolle")
    page.fill("input[name=establishment_number]", "000012345678")
    page.fill("input[name=visit_city]", "Zwolle")
    page.click("form.account-form button[type=submit]")

    branch = Account.objects.get(name="Supermarkt Keten Zwolle")
    expect(page).to_have_url(re.compile(rf"/accounts/{branch.pk}/$"))
    tree = page.locator(".chain .tree")
    expect(tree.get_by_role("link", name="Supermarkt Keten", exact=True)).to_be_visible()
    expect(tree.locator(".current")).to_contain_text("Supermarkt Keten Zwolle")

    page.goto(f"/accounts/{parent.pk}/")
    expect(
        page.locator(".chain .tree").get_by_role("link", name="Supermarkt Keten Zwolle")
    ).to_be_visible()


def test_opening_another_teams_account_by_its_address_shows_not_found(page: Page, login, people):
    secret = make_account(people.charlie, "Slagerij Geheim")
    login(people.alice)

    response = page.goto(f"/accounts/{secret.pk}/")

    assert response is not None and response.status == 404
    expect(page.locator("body")).not_to_contain_text("Slagerij Geheim")


def test_show_all_loads_the_whole_chain_into_the_same_box(page: Page, login, people):
    root = make_account(people.alice, "Keten HQ")
    for i in range(55):
        make_account(people.alice, f"Filiaal {i:02}", parent=root)
    login(people.alice)
    page.goto(f"/accounts/{root.pk}/")
    box = page.locator(".chain #chain-tree")
    expect(box.locator(".node")).to_have_count(50)

    box.get_by_role("link", name="Show all 55 branches").click()

    expect(box.locator(".node")).to_have_count(56)
    expect(box.get_by_role("link", name="Filiaal 54")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/accounts/{root.pk}/$"))
