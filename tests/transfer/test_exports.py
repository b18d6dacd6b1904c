"""Exports of the account and contact lists: per role, filtered, safe against formulas."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from koers.accounts.filters import ACCOUNT_COLUMNS
from koers.transfer.exports import header_row
from tests.factories import make_account, make_contact
from tests.transfer.helpers import read_xlsx, signed_in

ACCOUNTS_CSV = reverse("transfer:export_accounts_csv")
ACCOUNTS_XLSX = reverse("transfer:export_accounts_xlsx")
CONTACTS_CSV = reverse("transfer:export_contacts_csv")
CONTACTS_XLSX = reverse("transfer:export_contacts_xlsx")


def csv_rows(response_or_text) -> list[list[str]]:
    text = response_or_text
    if not isinstance(text, str):
        text = b"".join(text.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.fixture
def portfolio(people):
    """alice's own, bob's (same team), charlie's (other team) and one alice serves for charlie."""
    return {
        "alice": make_account(people.alice, "Alice BV", tier="A"),
        "bob": make_account(people.bob, "Bob BV", tier="B"),
        "charlie": make_account(people.charlie, "Charlie BV", tier="A"),
        "served": make_account(people.charlie, "Served BV", tier="C"),
    }


@pytest.fixture
def served_by_alice_and_ingrid(portfolio, people):
    portfolio["served"].team_members.create(user=people.alice, role="co_account_manager")
    portfolio["served"].team_members.create(user=people.ingrid, role="inside_sales")
    return portfolio


@pytest.mark.parametrize(
    ("persona", "query", "expected"),
    [
        ("alice", "", ["Alice BV"]),
        ("alice", "?scope=all", ["Alice BV", "Served BV"]),
        ("bob", "?scope=all", ["Bob BV"]),
        ("maria", "", ["Alice BV", "Bob BV", "Served BV"]),
        ("charlie", "?scope=all", ["Charlie BV", "Served BV"]),
        ("ingrid", "", ["Served BV"]),
        ("mark", "", ["Alice BV", "Bob BV", "Charlie BV", "Served BV"]),
        ("admin", "", ["Alice BV", "Bob BV", "Charlie BV", "Served BV"]),
    ],
)
def test_each_role_exports_exactly_the_accounts_of_its_list(
    people, client, served_by_alice_and_ingrid, persona, query, expected
):
    client = signed_in(client, getattr(people, persona))

    response = client.get(ACCOUNTS_CSV + query)
    workbook = client.get(ACCOUNTS_XLSX + query)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.streaming
    assert [row[0] for row in csv_rows(response)[1:]] == expected
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [row[0] for row in read_xlsx(workbook.content)[1:]] == expected


def test_the_export_takes_the_filters_and_sort_of_the_list(people, client_for, portfolio):
    response = client_for(people.maria).get(ACCOUNTS_CSV + "?tier=B&scope=all")
    everything = client_for(people.maria).get(ACCOUNTS_CSV + "?sort=-name")

    assert [row[0] for row in csv_rows(response)[1:]] == ["Bob BV"]
    assert [row[0] for row in csv_rows(everything)[1:]] == ["Bob BV", "Alice BV"]


def test_cells_that_a_spreadsheet_would_run_are_quoted_in_csv_and_xlsx(people, client_for):
    make_account(
        people.alice,
        '=HYPERLINK("http://evil.example","click")',
        visit_street="@SUM(1+1)",
        visit_city="+31 evil",
        postal_street="-2+3",
        postal_city="\t=1",
        external_id="\r=cmd",
    )
    client = client_for(people.alice)

    header, row = csv_rows(client.get(ACCOUNTS_CSV))
    xlsx_header, xlsx_row = read_xlsx(client.get(ACCOUNTS_XLSX).content)

    for cells, columns in ((row, header), (xlsx_row, xlsx_header)):
        value = dict(zip(columns, cells, strict=True))
        assert value["Name"] == '\'=HYPERLINK("http://evil.example","click")'
        assert value["Street and number"] == "'@SUM(1+1)"
        assert value["City"] == "'+31 evil"
        assert value["Postal address"] == "'-2+3"
        assert value["Postal city"] == "'\t=1"
        # XML (inside XLSX) turns a carriage return into a line feed
        assert value["External id"] in ("'\r=cmd", "'\n=cmd")


def test_xlsx_cells_are_text_not_formulas(people, client_for):
    from openpyxl import load_workbook

    make_account(people.alice, "=1+1")

    content = client_for(people.alice).get(ACCOUNTS_XLSX).content
    cell = load_workbook(io.BytesIO(content)).worksheets[0]["A2"]

    assert (cell.data_type, cell.value) == ("s", "'=1+1")


def test_headers_are_in_the_users_language_and_dates_in_iso(people, client_for):
    people.alice.language = "nl"
    people.alice.save()
    account = make_account(
        people.alice, "Alice BV", kvk_number="01234567", phone="020 123 4567", tier="A"
    )
    client = client_for(people.alice)

    text = b"".join(client.get(ACCOUNTS_CSV).streaming_content).decode("utf-8")
    first_line = text.split("\n", 1)[0]
    header, row = csv_rows(text)
    today = timezone.localdate(account.created_at).isoformat()

    with translation.override("nl"):
        # What other apps add (relations: the contact status) comes before Koers's id.
        own = header_row(ACCOUNT_COLUMNS)
        expected = [*own[:-1], "Contactstatus", "Contact uiterlijk", own[-1]]
    assert header == expected
    assert header[0] == "Naam"
    assert first_line.count(";") == len(header) - 1  # Dutch Excel expects semicolons
    assert (row[0], row[1], row[12]) == ("Alice BV", "01234567", "020 123 4567")
    assert (row[-4], row[-1]) == (today, str(account.pk))  # updated, Koers id
    due = timezone.localdate(account.created_at) + timedelta(days=28)  # tier A's norm
    assert row[-2] == due.isoformat()
    assert read_xlsx(client.get(ACCOUNTS_XLSX).content)[0][0] == "Naam"


def test_an_export_re_imports_without_changing_anything(people, client_for):
    from koers.transfer import services

    make_account(people.alice, "Alice BV", kvk_number="12345678", phone="020 123 4567")
    content = client_for(people.alice).get(ACCOUNTS_XLSX).content

    job = services.import_upload(actor=people.alice, upload=io.BytesIO(content), name="x.xlsx")
    job = services.import_check_start(actor=people.alice, job=job)

    assert job.status == "ready", job.error_report
    assert (job.error_report["update"], job.error_report["unchanged"]) == (0, 1)


def test_the_account_export_makes_the_same_queries_for_few_and_many_accounts(
    people, client_for, query_baseline
):
    client = client_for(people.alice)
    for count in (2, 40):
        for _n in range(count - len(list(people.alice.owned_accounts.all()))):
            make_account(people.alice)
        with query_baseline("csv"):
            # session, user, two-factor devices (2), the accounts
            rows = csv_rows(client.get(ACCOUNTS_CSV))
        assert len(rows) == count + 1
        with query_baseline("xlsx"):
            rows = read_xlsx(client.get(ACCOUNTS_XLSX).content)
        assert len(rows) == count + 1


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("alice", ["Alice Contact", "Served Contact"]),
        ("maria", ["Alice Contact", "Bob Contact", "Served Contact"]),
        ("charlie", ["Charlie Contact", "Served Contact"]),
        ("ingrid", ["Served Contact"]),
        ("mark", ["Alice Contact", "Bob Contact", "Charlie Contact", "Served Contact"]),
    ],
)
def test_each_role_exports_only_the_contacts_it_may_read(
    people, client_for, served_by_alice_and_ingrid, persona, expected
):
    for key, account in served_by_alice_and_ingrid.items():
        make_contact(account, actor=people.admin, first_name=key.capitalize(), last_name="Contact")

    response = client_for(getattr(people, persona)).get(CONTACTS_CSV)

    rows = csv_rows(response)
    assert [f"{r[0]} {r[1]}" for r in rows[1:]] == expected


def test_a_contact_export_shows_only_positions_at_readable_accounts(people, client_for):
    own = make_account(people.alice, "Alice BV")
    other = make_account(people.charlie, "Geheim BV")
    contact = make_contact(own, first_name="Piet", last_name="Jansen", job_title="Inkoper")
    from koers.accounts import services

    services.position_add(
        actor=people.charlie, contact=contact, account=other, data={"job_title": "Directeur"}
    )

    alice_rows = csv_rows(client_for(people.alice).get(CONTACTS_CSV))
    header = alice_rows[0]
    row = dict(zip(header, alice_rows[1], strict=True))

    assert (row["Accounts"], row["Job titles"]) == ("Alice BV", "Inkoper")


def test_the_contact_export_takes_the_list_filters_and_is_bounded_in_queries(
    people, client_for, query_baseline
):
    account = make_account(people.alice, "Alice BV")
    client = client_for(people.alice)
    for count in (2, 30):
        while account.positions.count() < count:
            make_contact(account, buying_role="buyer" if count == 2 else "user")
        with query_baseline("csv"):
            # session, user, two-factor devices (2), contacts, their current positions
            rows = csv_rows(client.get(CONTACTS_CSV))
        assert len(rows) == count + 1
    buyers = csv_rows(client.get(CONTACTS_CSV + "?role=buyer"))
    assert len(buyers) == 3
    assert {r[7] for r in buyers[1:]} == {"Buyer"}
    xlsx = read_xlsx(client.get(CONTACTS_XLSX + "?role=buyer").content)
    assert len(xlsx) == 3


def test_exports_need_a_login(client, db):
    for url in (ACCOUNTS_CSV, ACCOUNTS_XLSX, CONTACTS_CSV, CONTACTS_XLSX):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize(
    ("list_url", "menu"),
    [
        (reverse("accounts:account_list"), "export-accounts"),
        (reverse("accounts:contact_list"), "export-contacts"),
    ],
)
def test_a_filtered_list_answer_carries_its_filters_to_the_export_links(
    client, people, list_url, menu
):
    """The live filter panel swaps only the results: the answer brings the export menu along
    (out of band), with the query as filtered now and without the page number."""
    signed_in(client, people.maria)
    html = client.get(
        list_url + "?q=acme&sort=-name&page=2", headers={"HX-Request": "true"}
    ).content.decode()

    assert f'<details class="dropdown export-menu" id="{menu}" hx-swap-oob="true">' in html
    kind = menu.removeprefix("export-")
    assert f'href="/export/{kind}.xlsx?q=acme&amp;sort=-name"' in html
    assert f'href="/export/{kind}.csv?q=acme&amp;sort=-name"' in html


def test_the_whole_list_page_has_the_export_menu_once_and_not_out_of_band(client, people):
    signed_in(client, people.maria)
    html = client.get(reverse("accounts:account_list") + "?tier=A").content.decode()

    assert html.count('id="export-accounts"') == 1
    assert "hx-swap-oob" not in html
    assert 'href="/export/accounts.xlsx?tier=A"' in html
