"""Importing a customer file in a real browser: a broken file is checked, the fixed one imported."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.accounts.models import Account
from tests.transfer.helpers import BAD_VAT, VAT, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = ["Bedrijfsnaam", "KvK-nummer", "BTW-nummer", "Plaats", "Voornaam", "Achternaam"]
GOOD = [
    ["Bakkerij Hendriks", "12345678", VAT[0], "Zwolle", "Henk", "Hendriks"],
    ["Slagerij Vos", "23456789", VAT[1], "Deventer", "", ""],
    ["Groenteboer Jansen", "34567890", VAT[2], "Kampen", "Jan", "Jansen"],
]


def upload_and_check(page: Page, path) -> None:
    page.goto("/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/import/\d+/mapping/$"))
    # the columns were recognised from their Dutch names
    expect(page.locator("select[name=col_0]")).to_have_value("name")
    expect(page.locator("select[name=col_2]")).to_have_value("vat_number")
    page.click("#mapping-form button[type=submit]")
    expect(page).to_have_url(re.compile(r"/import/\d+/$"))


def test_a_file_with_two_bad_rows_is_shown_and_the_fixed_file_imported(
    page: Page, login, people, tmp_path
):
    broken = [HEADER, GOOD[0], [*GOOD[1][:2], BAD_VAT, *GOOD[1][3:]], ["", *GOOD[2][1:]]]
    broken_file = tmp_path / "klanten.csv"
    broken_file.write_bytes(csv_bytes(broken))
    login(people.alice)

    upload_and_check(page, broken_file)

    expect(page.locator("#import-counts")).to_contain_text("1 row OK")
    expect(page.locator("#import-counts")).to_contain_text("2 with errors")
    expect(page.locator("tr.row-error")).to_have_count(2)
    expect(page.locator("#row-3")).to_contain_text("This VAT number has a wrong check digit.")
    expect(page.locator("#row-4")).to_contain_text("This field is required.")
    expect(page.locator("#row-2")).not_to_have_class(re.compile("row-error"))
    # The valid row could be imported; the user corrects the file first instead.
    expect(page.locator("#run-form input[name=rows][value=valid]")).to_be_checked()
    assert Account.objects.count() == 0

    fixed_file = tmp_path / "klanten-verbeterd.csv"
    fixed_file.write_bytes(csv_bytes([HEADER, *GOOD]))
    upload_and_check(page, fixed_file)
    expect(page.locator("#import-counts")).to_contain_text("3 rows OK")
    page.click("#run-form button[type=submit]")

    expect(page.locator("#created-count")).to_have_text("3")
    assert sorted(Account.objects.values_list("name", flat=True)) == [
        "Bakkerij Hendriks",
        "Groenteboer Jansen",
        "Slagerij Vos",
    ]
    page.click("text=To the account list")
    expect(page).to_have_url(re.compile(r"/accounts/"))
    results = page.locator("#account-results")
    for name in ("Bakkerij Hendriks", "Slagerij Vos", "Groenteboer Jansen"):
        expect(results).to_contain_text(name)
