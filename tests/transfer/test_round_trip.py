"""Koers's own export, edited in Excel, imported again: it updates those records, creates none."""

from __future__ import annotations

import io

from django.urls import reverse

from koers.accounts.models import Account, Contact
from koers.transfer import services
from tests.factories import make_account, make_contact, make_segment
from tests.transfer.helpers import read_xlsx, row_errors, xlsx_bytes


def _import(user, rows):
    job = services.import_upload(actor=user, upload=io.BytesIO(xlsx_bytes(rows)), name="e.xlsx")
    job = services.import_check_start(actor=user, job=job)
    return job


def _accounts(people, client_for):
    retail = make_segment("Retail")
    one = make_account(
        people.alice,
        "Bakkerij Een",
        kvk_number="10000001",
        visit_city="Ede",
        phone="+31302345678",
        segment=retail,
        tier="A",
        status="customer",
        website="https://een.nl",
    )
    two = make_account(people.alice, "Bakkerij Twee", visit_city="Epe")
    response = client_for(people.alice).get(reverse("transfer:export_accounts_xlsx"))
    return one, two, read_xlsx(response.content)


def test_the_account_export_carries_koers_id_last(people, client_for):
    one, two, sheet = _accounts(people, client_for)

    assert sheet[0][-1] == "Koers id"
    assert sorted(row[-1] for row in sheet[1:]) == sorted([one.pk, two.pk])


def test_importing_the_own_export_changes_nothing(people, client_for):
    one, _two, sheet = _accounts(people, client_for)

    job = _import(people.alice, sheet)

    assert job.mapping["Koers id"] == "koers_id"
    report = job.error_report
    assert (report["errors"], report["create"], report["update"], report["unchanged"]) == (
        0,
        0,
        0,
        2,
    )
    job = services.import_start(actor=people.alice, job=job)
    assert (job.created_count, job.updated_count) == (0, 0)
    assert Account.objects.count() == 2
    one.refresh_from_db()
    assert one.version == 1


def test_an_edited_export_updates_by_koers_id_even_without_kvk(people, client_for):
    _one, two, sheet = _accounts(people, client_for)
    header = sheet[0]
    row = next(r for r in sheet[1:] if r[-1] == two.pk)
    row[header.index("Name")] = "Bakkerij Twee BV"
    row[header.index("City")] = "Elst"

    job = services.import_start(actor=people.alice, job=_import(people.alice, sheet))

    assert (job.created_count, job.updated_count) == (0, 1)
    two.refresh_from_db()
    assert (two.name, two.visit_city, two.version) == ("Bakkerij Twee BV", "Elst", 2)
    assert Account.objects.count() == 2


def test_an_unknown_koers_id_is_a_problem_not_a_new_account(people):
    job = _import(people.alice, [["Koers id", "Naam"], ["999999", "Weg"], ["x1", "Raar"]])

    assert row_errors(job) == {
        2: {
            "koers_id": [
                "There is no account with this Koers id. Empty the cell to add the row as a "
                "new account."
            ]
        },
        3: {"koers_id": ["A Koers id is a number, as in Koers's own export."]},
    }


def _contacts(people, client_for):
    account = make_account(people.alice, "Bakkerij Een", kvk_number="10000001")
    piet = make_contact(
        account, first_name="Piet", last_name="de Vries", email="piet@een.nl", phone="+31302345678"
    )
    response = client_for(people.alice).get(reverse("transfer:export_contacts_xlsx"))
    return piet, read_xlsx(response.content)


def test_importing_the_own_contacts_export_changes_nothing(people, client_for):
    piet, sheet = _contacts(people, client_for)
    assert sheet[0][-1] == "Koers contact id"

    job = _import(people.alice, sheet)

    assert job.mapping["Koers contact id"] == "contact_koers_id"
    assert job.mapping["E-mail"] == "contact_email"
    # A row of the contacts export is no account: its contact is unchanged.
    report = job.error_report
    assert (report["errors"], report["unchanged"], report["contacts_unchanged"]) == (0, 0, 1)
    job = services.import_start(actor=people.alice, job=job)
    assert (job.created_count, job.contacts_created_count) == (0, 0)
    assert job.result["contacts_updated"] == 0
    piet.refresh_from_db()
    assert piet.version == 1
    assert Contact.objects.count() == 1


def test_an_edited_contacts_export_updates_that_contact(people, client_for):
    piet, sheet = _contacts(people, client_for)
    sheet[1][sheet[0].index("Last name")] = "de Vries-Smit"

    job = services.import_start(actor=people.alice, job=_import(people.alice, sheet))

    assert job.result["contacts_updated"] == 1
    piet.refresh_from_db()
    assert (piet.last_name, piet.version) == ("de Vries-Smit", 2)
    assert (Account.objects.count(), Contact.objects.count()) == (1, 1)


def test_a_contact_someone_may_not_change_is_a_problem(people, client_for):
    _piet, sheet = _contacts(people, client_for)

    job = _import(people.charlie, sheet)

    assert row_errors(job) == {
        2: {"contact_koers_id": ["This contact exists already and you may not change it."]}
    }
