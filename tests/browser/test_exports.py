"""Exports in a real browser: the file holds exactly the rows the list shows, however the
filters were set (the live filter panel, the search box, a sort header, the scope switch)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.factories import make_account, make_contact
from tests.transfer.helpers import read_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _downloaded_rows(page: Page, menu: str, link: str) -> list[list]:
    if not page.locator(f"#{menu}").evaluate("menu => menu.open"):
        page.locator(f"#{menu} summary").click()
    with page.expect_download() as info:
        page.locator(f"#{menu}").get_by_role("link", name=link).click()
    return read_xlsx(Path(info.value.path()).read_bytes())


def test_the_account_export_holds_the_rows_the_filtered_list_shows(page: Page, login, people):
    make_account(people.alice, "Anker BV", tier="A")
    make_account(people.alice, "Berk BV", tier="A")
    make_account(people.alice, "Ceder NV", tier="A")
    make_account(people.alice, "Dijk BV", tier="B")
    served = make_account(people.charlie, "Eik BV", tier="A")  # only under "All I may see"
    served.team_members.create(user=people.alice, role="co_account_manager")
    make_account(people.bob, "Fjord BV", tier="A")  # a colleague's, not in her team: never
    login(people.alice)
    page.goto("/accounts/")
    rows = page.locator("#account-results tbody tr")
    expect(rows).to_have_count(4)

    page.get_by_label("All I may see").check()
    expect(rows).to_have_count(5)
    page.locator(".more-filters summary").click()
    page.get_by_label("Tier").select_option("A")
    expect(rows).to_have_count(4)
    page.get_by_placeholder(re.compile("Search by name")).press_sequentially("bv", delay=30)
    expect(rows).to_have_count(3)
    page.locator("#account-results").get_by_role("link", name="Name").click()  # Z to A
    expect(rows.first).to_contain_text("Eik BV")
    shown = [row.locator("td").first.locator("strong").inner_text() for row in rows.all()]
    assert shown == ["Eik BV", "Berk BV", "Anker BV"]

    table = _downloaded_rows(page, "export-accounts", "Excel (.xlsx)")
    name = table[0].index("Name")
    assert [row[name] for row in table[1:]] == shown


def test_the_contact_export_holds_the_rows_the_filtered_list_shows(page: Page, login, people):
    acme = make_account(people.alice, "Acme")
    other = make_account(people.bob, "Other")  # maria manages the team of both
    make_contact(acme, first_name="Anna", last_name="Aalders", buying_role="decider")
    make_contact(acme, first_name="Bram", last_name="Bos", buying_role="user")
    make_contact(other, first_name="Cor", last_name="Claes", buying_role="decider")
    make_contact(other, first_name="Dirk", last_name="Dekker", buying_role="decider")
    login(people.maria)
    page.goto("/contacts/")
    rows = page.locator("#contact-results tbody tr")
    expect(rows).to_have_count(4)

    page.get_by_label("Buying role").select_option(label="Decider")
    expect(rows).to_have_count(3)
    page.get_by_label("Sort by").select_option(label="Name Z to A")
    expect(rows.first).to_contain_text("Dirk Dekker")
    page.get_by_label("Search").press_sequentially("acme", delay=30)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Anna Aalders")

    table = _downloaded_rows(page, "export-contacts", "Excel (.xlsx)")
    assert [row[:2] for row in table[1:]] == [["Anna", "Aalders"]]

    page.get_by_label("Search").fill("")
    expect(rows).to_have_count(3)
    table = _downloaded_rows(page, "export-contacts", "Excel (.xlsx)")
    assert [row[:2] for row in table[1:]] == [
        ["Dirk", "Dekker"],
        ["Cor", "Claes"],
        ["Anna", "Aalders"],
    ]
