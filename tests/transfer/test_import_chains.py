"""Chains: a parent-company column makes rows branches, found in the file or in Koers."""

from __future__ import annotations

import io

from django.urls import reverse

from koers.accounts.models import Account
from koers.transfer import services
from tests.factories import make_account
from tests.transfer.helpers import checked, read_xlsx, row_errors, xlsx_bytes

HEADER = ["Bedrijfsnaam", "KvK-nummer", "Klantnummer", "Moederbedrijf"]


def tree() -> dict[str, tuple[str | None, str | None]]:
    """{name: (parent name, root name)} of every account."""
    accounts = Account.objects.select_related("parent", "root")
    return {
        a.name: (a.parent.name if a.parent else None, a.root.name if a.root else None)
        for a in accounts
    }


def test_rows_become_branches_of_a_parent_in_the_file_in_any_order(people):
    rows = [
        HEADER,
        ["Jumbo Ede", "", "J-EDE", "Jumbo Oost"],  # its parent comes later, by name
        ["Jumbo Oost", "", "J-OOST", "10000001"],  # by KvK number
        ["Jumbo Holding", "10000001", "J-HOLD", ""],
        ["Jumbo Epe", "", "J-EPE", "J-OOST"],  # by external id
        ["Jumbo Holding", "10000001", "J-HOLD", "Jumbo Holding"],  # names itself: no parent
    ]
    job = checked(people.alice, rows)

    report = job.error_report
    assert (report["errors"], report["branches"], report["chains"]) == (0, 3, 2)
    assert {r["row"]: r["parent"] for r in report["rows"]}[2] == "Jumbo Oost"
    services.import_start(actor=people.alice, job=job)

    assert tree() == {
        "Jumbo Holding": (None, None),
        "Jumbo Oost": ("Jumbo Holding", "Jumbo Holding"),
        "Jumbo Ede": ("Jumbo Oost", "Jumbo Holding"),
        "Jumbo Epe": ("Jumbo Oost", "Jumbo Holding"),
    }


def test_a_branch_names_its_chain_by_their_shared_kvk_number(people):
    rows = [
        ["Bedrijfsnaam", "KvK-nummer", "Vestigingsnummer", "Moederbedrijf"],
        ["Gamma Ede", "10000001", "000012345678", "10000001"],
        ["Gamma", "10000001", "", ""],
    ]
    job = services.import_start(actor=people.alice, job=checked(people.alice, rows))

    assert job.created_count == 2
    assert tree()["Gamma Ede"] == ("Gamma", "Gamma")


def test_a_parent_among_existing_accounts_the_user_may_read(people):
    holding = make_account(people.alice, "Albert Holding", kvk_number="20000002")
    make_account(people.charlie, "Geheim BV")  # not readable by alice
    rows = [HEADER, ["AH Zwolle", "", "", "albert holding"], ["AH Kampen", "", "", "Geheim BV"]]
    job = checked(people.alice, rows)

    assert row_errors(job) == {
        3: {
            "parent": [
                "No account “Geheim BV” in the file or among the accounts you may see: the "
                "parent company must be one of them."
            ]
        }
    }
    services.import_start(actor=people.alice, job=job)
    zwolle = Account.objects.get(name="AH Zwolle")
    assert (zwolle.parent, zwolle.root) == (holding, holding)
    assert not Account.objects.filter(name="AH Kampen").exists()


def test_an_existing_account_becomes_a_branch_and_its_branches_follow(people):
    shop = make_account(people.alice, "Winkel", external_id="W1")
    make_account(people.alice, "Winkel Filiaal", parent=shop)
    rows = [HEADER, ["Winkel", "", "W1", "Nieuwe Holding"], ["Nieuwe Holding", "30000003", "", ""]]
    job = checked(people.alice, rows)
    assert (job.error_report["update"], job.error_report["create"]) == (1, 1)

    services.import_start(actor=people.alice, job=job)

    assert tree() == {
        "Nieuwe Holding": (None, None),
        "Winkel": ("Nieuwe Holding", "Nieuwe Holding"),
        "Winkel Filiaal": ("Winkel", "Nieuwe Holding"),
    }


def test_a_cycle_in_the_file_is_refused(people):
    rows = [HEADER, ["Een", "", "E1", "Twee"], ["Twee", "", "E2", "Een"], ["Drie", "", "", "Twee"]]
    job = checked(people.alice, rows)

    message = "This chain goes round: the parent company of this row is also its branch."
    assert row_errors(job)[2] == {"parent": [message]}
    assert row_errors(job)[3] == {"parent": [message]}
    assert row_errors(job)[4] == {"parent": ["The parent company of this row (row 3) is left out."]}


def test_a_branch_of_a_row_with_a_problem_is_left_out_with_it(people):
    rows = [
        [*HEADER, "BTW-nummer"],
        ["Filiaal", "", "F1", "Moeder", ""],
        ["Moeder", "10000001", "M1", "", "NL100000008B01"],  # a wrong check digit
    ]
    job = checked(people.alice, rows)

    assert row_errors(job)[2] == {"parent": ["The parent company of this row (row 3) is left out."]}


def test_a_cycle_through_existing_accounts_is_refused(people):
    top = make_account(people.alice, "Top", external_id="T")
    make_account(people.alice, "Onder", external_id="O", parent=top)
    job = checked(people.alice, [HEADER, ["Top", "", "T", "O"]])

    assert row_errors(job) == {
        2: {"parent": ["This chain goes round: the parent company of this row is also its branch."]}
    }


def test_an_ambiguous_parent_name_asks_for_a_kvk_number(people):
    make_account(people.alice, "Hema", visit_city="Ede")
    make_account(people.alice, "Hema", visit_city="Epe")
    job = checked(people.alice, [HEADER, ["Hema Zwolle", "", "", "Hema"]])

    assert row_errors(job) == {
        2: {
            "parent": [
                "“Hema” fits several accounts: use the parent company's KvK number or external id."
            ]
        }
    }


def test_the_accounts_export_imports_back_with_its_chains_unchanged(people, client_for):
    holding = make_account(people.alice, "Holding")
    make_account(people.alice, "Filiaal", parent=holding)
    exported = client_for(people.alice).get(reverse("transfer:export_accounts_xlsx"))
    table = read_xlsx(
        b"".join(exported.streaming_content) if exported.streaming else exported.content
    )
    job = services.import_upload(
        actor=people.alice, upload=io.BytesIO(xlsx_bytes(table)), name="accounts.xlsx"
    )
    assert "parent" in job.mapping.values()
    job = services.import_check_start(actor=people.alice, job=job)

    report = job.error_report
    assert (report["errors"], report["create"], report["update"], report["branches"]) == (
        0,
        0,
        0,
        0,
    )
    assert report["unchanged"] == 2
