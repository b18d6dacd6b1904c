"""Importing a customer file in a real browser: a broken file is checked, the fixed one imported."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.accounts.models import Account, Segment
from tests.factories import make_segment
from tests.transfer.helpers import BAD_VAT, VAT, csv_bytes, read_xlsx

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


def test_unknown_owners_and_a_segment_are_mapped_and_the_valid_rows_imported(
    page: Page, login, people, tmp_path
):
    make_segment("Foodservice")
    rows = [
        ["Bedrijfsnaam", "Plaats", "Accountmanager", "Segment"],
        ["Bakkerij Hendriks", "Zwolle", "Jan de Vries", "Horeca"],
        ["Slagerij Vos", "Deventer", "Jan de Vries", "Horeca"],
        ["Groenteboer Jansen", "Kampen", "Els Bakker", "horeca"],
        ["", "Ede", "Els Bakker", ""],
    ]
    path = tmp_path / "klanten.csv"
    path.write_bytes(csv_bytes(rows))
    login(people.maria)

    page.goto("/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form button[type=submit]")
    page.click("#mapping-form button[type=submit]")
    expect(page.locator("#import-counts")).to_contain_text("4 with errors")
    owners = page.locator("#values-owner")
    expect(owners).to_contain_text("2 unknown")
    # One decision per value, not one per row.
    expect(owners.locator("select")).to_have_count(2)
    # On a phone the values section fits the screen too.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.select_option("select[name='value:owner:jandevries']", label="Alice Tester")
    page.select_option("select[name='value:owner:elsbakker']", label="Bob Tester")
    page.select_option("select[name='value:segment:horeca']", label="Foodservice")
    page.click("#values-form button[type=submit]:not([formaction])")

    expect(page.locator("#import-counts")).to_contain_text("3 rows OK")
    expect(page.locator("#import-counts")).to_contain_text("1 with errors")
    with page.expect_download() as info:
        page.click("#left-out-download")
    left_out = read_xlsx(info.value.path().read_bytes())
    assert [row[:3] for row in left_out[1:]] == [[None, "Ede", "Els Bakker"]]
    page.click("#run-form button[type=submit]")

    expect(page.locator("#created-count")).to_have_text("3")
    imported = Account.objects.select_related("owner", "segment").order_by("name")
    assert [(a.name, a.owner.username, a.segment.name) for a in imported] == [
        ("Bakkerij Hendriks", "alice", "Foodservice"),
        ("Groenteboer Jansen", "bob", "Foodservice"),
        ("Slagerij Vos", "alice", "Foodservice"),
    ]


def test_a_manager_adds_a_missing_segment_with_one_click(page: Page, login, people, tmp_path):
    path = tmp_path / "klanten.csv"
    path.write_bytes(
        csv_bytes([["Bedrijfsnaam", "Segment"], ["Eetcafé De Hoek", "Horeca"], ["Bar", "horeca"]])
    )
    login(people.maria)
    page.goto("/import/")
    page.set_input_files("input[name=file]", str(path))
    page.click("#upload-form button[type=submit]")
    page.click("#mapping-form button[type=submit]")
    expect(page.locator("#import-counts")).to_contain_text("2 with errors")

    page.click("text=Add segment “Horeca”")

    expect(page.locator("#import-counts")).to_contain_text("2 rows OK")
    expect(page.locator("#values-segment")).to_contain_text("Horeca")
    assert list(Segment.objects.values_list("name", flat=True)) == ["Horeca"]
