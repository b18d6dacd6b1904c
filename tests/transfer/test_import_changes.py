"""Nothing changes behind the user's back: every change to a record in Koers is shown field by
field, a contact found by e-mail address is changed only after confirmation, and the preview's
counts are what the import does."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.accounts.models import Account, Contact, Position
from koers.transfer import services
from tests.factories import make_account, make_contact, make_segment
from tests.transfer.helpers import checked

HEADER = ["Bedrijfsnaam", "KvK-nummer", "Plaats", "Voornaam", "Achternaam", "E-mail contactpersoon"]


@pytest.fixture
def known(people):
    account = make_account(people.alice, "Bakkerij Een", kvk_number="10000001", visit_city="Ede")
    contact = make_contact(
        account, first_name="Piet", last_name="Jansen", email="inkoop@een.nl", job_title="Inkoper"
    )
    return account, contact


def changes_of(job, row):
    found = next(r for r in job.error_report["rows"] if r["row"] == row)
    return found["changes"]


def test_a_contact_found_by_email_with_another_name_is_shown_as_a_change(people, known):
    job = checked(
        people.alice,
        [HEADER, ["Bakkerij Een", "10000001", "Ede", "Kees", "de Boer", "inkoop@een.nl"]],
    )

    row = job.error_report["rows"][0]
    assert (row["action"], row["contact_action"], row["confirm"]) == ("unchanged", "update", True)
    assert row["changes"] == [
        {"field": "contact_first_name", "old": "Piet", "new": "Kees"},
        {"field": "contact_last_name", "old": "Jansen", "new": "de Boer"},
    ]
    assert job.error_report["contacts_confirm"] == 1


def test_it_is_changed_only_after_confirmation(people, known):
    _account, contact = known
    job = checked(
        people.alice,
        [HEADER, ["Bakkerij Een", "10000001", "Ede", "Kees", "de Boer", "inkoop@een.nl"]],
    )

    with pytest.raises(ValidationError) as exc:
        services.import_start(actor=people.alice, job=job)
    assert exc.value.message_dict == {
        "contact_changes": [
            "1 row changes a contact already in Koers: confirm the changes or import it as a "
            "new contact."
        ]
    }
    contact.refresh_from_db()
    assert (contact.first_name, contact.version) == ("Piet", 1)

    job = services.import_start(actor=people.alice, job=job, contact_changes="update")

    contact.refresh_from_db()
    assert (contact.first_name, contact.last_name, contact.version) == ("Kees", "de Boer", 2)
    assert (job.contacts_created_count, job.result["contacts_updated"]) == (0, 1)


def test_or_the_row_is_imported_as_a_new_contact(people, known):
    account, contact = known
    job = checked(
        people.alice,
        [HEADER, ["Bakkerij Een", "10000001", "Ede", "Kees", "de Boer", "inkoop@een.nl"]],
    )

    job = services.import_start(actor=people.alice, job=job, contact_changes="new")

    contact.refresh_from_db()
    assert (contact.first_name, contact.version) == ("Piet", 1)
    assert sorted(
        Position.objects.filter(account=account).values_list("contact__first_name", flat=True)
    ) == ["Kees", "Piet"]
    assert job.contacts_created_count == 1


def test_no_change_only_when_nothing_changes(people, known):
    job = checked(
        people.alice,
        [HEADER, ["Bakkerij Een", "10000001", "Ede", "Piet", "Jansen", "inkoop@een.nl"]],
    )

    row = job.error_report["rows"][0]
    assert (row["action"], row["contact_action"], row["changes"]) == ("unchanged", "unchanged", [])


def test_account_changes_are_listed_with_their_old_and_new_values(people, known):
    make_segment("Foodservice")
    header = ["Bedrijfsnaam", "KvK-nummer", "Plaats", "Segment", "Status", "Accountmanager"]
    job = checked(
        people.maria,
        [header, ["Bakkerij Een", "10000001", "Epe", "Foodservice", "klant", "bob"]],
    )

    assert changes_of(job, 2) == [
        {"field": "visit_city", "old": "Ede", "new": "Epe"},
        {"field": "status", "old": "Prospect", "new": "Customer"},
        {"field": "segment", "old": "", "new": "Foodservice"},
        {"field": "owner", "old": "Alice Tester", "new": "Bob Tester"},
    ]


def test_the_preview_counts_are_what_the_import_does(people, known):
    """Every kind of row: new account with a contact, unchanged account with an unchanged
    contact, changed account, a further contact of an account above, a changed contact (to
    confirm), a new contact at an unchanged account, a row with a problem."""
    make_account(people.alice, "Slagerij Twee", kvk_number="10000002", visit_city="Ede")
    make_account(people.alice, "Groente Drie", kvk_number="10000003", visit_city="Ede")
    rows = [
        HEADER,
        ["Nieuw", "10000009", "Zwolle", "Anna", "Smit", "anna@nieuw.nl"],
        ["Nieuw", "10000009", "Zwolle", "Ria", "Vos", ""],
        ["Bakkerij Een", "10000001", "Ede", "Piet", "Jansen", "inkoop@een.nl"],
        ["Slagerij Twee", "10000002", "Epe", "", "", ""],
        ["Bakkerij Een", "10000001", "Ede", "Kees", "de Boer", "inkoop@een.nl"],
        ["Groente Drie", "10000003", "Ede", "Jan", "Groen", ""],
        ["", "10000004", "Ede", "", "", ""],
    ]
    # The sixth row is the same account as the fourth: it adds its contact there.
    job = checked(people.alice, rows)
    report = job.error_report
    counts = {
        key: report[key]
        for key in (
            "create",
            "update",
            "unchanged",
            "same",
            "errors",
            "contacts_create",
            "contacts_update",
            "contacts_unchanged",
            "contacts_confirm",
        )
    }
    assert counts == {
        "create": 1,
        "update": 1,
        "unchanged": 2,
        "same": 2,
        "errors": 1,
        "contacts_create": 3,
        "contacts_update": 1,
        "contacts_unchanged": 1,
        "contacts_confirm": 1,
    }
    accounts_before = Account.objects.count()

    job = services.import_start(actor=people.alice, job=job, contact_changes="update")

    assert job.created_count == report["create"]
    assert job.updated_count == report["update"]
    assert job.result["unchanged"] == report["unchanged"]
    assert job.contacts_created_count == report["contacts_create"]
    assert job.result["contacts_updated"] == report["contacts_update"]
    assert len(job.result["left_out"]) == report["errors"]
    assert Account.objects.count() == accounts_before + report["create"]
    assert Contact.objects.count() == 1 + report["contacts_create"]


def test_the_run_form_asks_for_the_confirmation(people, known, client_for):
    job = checked(
        people.alice,
        [HEADER, ["Bakkerij Een", "10000001", "Ede", "Kees", "de Boer", "inkoop@een.nl"]],
    )
    client = client_for(people.alice)

    page = client.get(reverse("transfer:import_job", args=[job.pk])).content.decode()
    refused = client.post(reverse("transfer:import_run", args=[job.pk]), follow=True)
    done = client.post(
        reverse("transfer:import_run", args=[job.pk]), {"contact_changes": "update"}, follow=True
    )

    assert 'name="contact_changes" value="update" required' in page
    assert "Contact: first name: “Piet” → “Kees”" in page
    assert "confirm the changes or import it as a new contact" in refused.content.decode()
    assert 'id="contacts-updated-count">1<' in done.content.decode()
