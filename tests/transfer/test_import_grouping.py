"""One row per contact person: rows of the same account make one account with several contacts."""

from __future__ import annotations

from django.urls import reverse

from koers.accounts.models import Account, Position
from koers.transfer import services
from tests.factories import make_account
from tests.transfer.helpers import checked

HEADER = ["Bedrijfsnaam", "KvK-nummer", "Postcode", "Plaats", "Voornaam", "Achternaam"]


def test_rows_with_the_same_kvk_are_one_account_with_several_contacts(people):
    rows = [
        HEADER,
        ["Bakkerij Een", "10000001", "3511 AB", "Ede", "Piet", "de Vries"],
        ["Bakkerij Een", "10000001", "3511 AB", "Ede", "Anna", "Smit"],
        ["Bakkerij Een BV", "10000001", "", "Epe", "Kees", "Jansen"],
    ]
    job = checked(people.alice, rows)

    report = job.error_report
    assert (report["errors"], report["create"], report["same"], report["conflicts"]) == (0, 1, 2, 2)
    assert report["rows"][2]["conflicts"] == [
        {"field": "name", "kept": "Bakkerij Een", "other": "Bakkerij Een BV"},
        {"field": "visit_city", "kept": "Ede", "other": "Epe"},
    ]
    job = services.import_start(actor=people.alice, job=job)

    assert (job.created_count, job.contacts_created_count) == (1, 3)
    account = Account.objects.get()
    assert (account.name, account.visit_city) == ("Bakkerij Een", "Ede")
    assert sorted(
        Position.objects.filter(account=account).values_list("contact__last_name", flat=True)
    ) == [
        "Jansen",
        "Smit",
        "de Vries",
    ]


def test_rows_without_kvk_share_an_account_by_name_and_postcode(people):
    rows = [
        HEADER,
        ["Slagerij Vos", "", "7411 AA", "Deventer", "Henk", "Vos"],
        ["slagerij vos", "", "7411aa", "", "Ria", "Vos"],
        ["Slagerij Vos", "", "8011 AA", "Zwolle", "Jan", "Vos"],
    ]

    job = services.import_start(actor=people.alice, job=checked(people.alice, rows))

    assert (job.created_count, job.contacts_created_count) == (2, 3)
    deventer = Account.objects.get(visit_postcode="7411 AA")
    assert Position.objects.filter(account=deventer).count() == 2


def test_several_contacts_are_added_to_an_existing_account(people):
    account = make_account(people.alice, "Bestaand", kvk_number="10000001")
    rows = [
        HEADER,
        ["Bestaand", "10000001", "", "", "Piet", "de Vries"],
        ["Bestaand", "10000001", "", "", "Anna", "Smit"],
    ]

    job = services.import_start(actor=people.alice, job=checked(people.alice, rows))

    assert (job.created_count, job.contacts_created_count) == (0, 2)
    assert Position.objects.filter(account=account).count() == 2
    assert Account.objects.count() == 1


def test_a_further_row_is_left_out_with_its_account(people):
    rows = [
        [*HEADER, "Accountmanager"],
        ["Een", "10000001", "", "", "Piet", "de Vries", "nobody"],
        ["Een", "10000001", "", "", "Anna", "Smit", ""],
    ]

    job = checked(people.alice, rows)

    assert job.error_report["left_out"] == [2, 3]


def test_the_preview_shows_which_value_wins(people, client_for):
    rows = [
        HEADER,
        ["Een", "10000001", "", "Ede", "Piet", "de Vries"],
        ["Een", "10000001", "", "Epe", "Anna", "Smit"],
    ]
    job = checked(people.alice, rows)

    html = client_for(people.alice).get(reverse("transfer:import_job", args=[job.pk]))
    text = html.content.decode()
    assert "Contact of the account of row 2" in text
    assert "visit_city: “Ede” wins over “Epe” in this row" not in text
    assert "City: “Ede” wins over “Epe” in this row" in text
