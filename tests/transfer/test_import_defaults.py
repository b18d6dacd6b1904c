"""Defaults for what the file does not say: the status, tier and account manager of new
accounts; accounts already in Koers keep theirs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.accounts.models import Account
from koers.transfer import services
from koers.transfer.models import ImportJob, ImportMapping
from tests.factories import make_account
from tests.transfer.helpers import checked, row_errors, upload

HEADER = ["Bedrijfsnaam", "KvK-nummer", "Accountmanager", "Status", "Klasse"]
ROWS = [
    HEADER,
    ["Nieuw Zonder", "10000001", "", "", ""],
    ["Nieuw Met", "10000002", "bob", "prospect", "B"],
    ["Bestaand", "10000003", "", "", ""],
]


def with_defaults(user, job, **defaults):
    job = services.import_set_options(actor=user, job=job, defaults=defaults)
    return services.import_check_start(actor=user, job=job)


def test_defaults_apply_to_new_accounts_where_the_file_says_nothing(people):
    existing = make_account(people.alice, "Bestaand", kvk_number="10000003", status="former")
    job = checked(people.maria, ROWS)

    job = with_defaults(
        people.maria, job, status="customer", tier="A", owner=str(people.charlie.pk)
    )
    assert [r["owner"] for r in job.error_report["rows"]] == [
        "Charlie Tester",
        "Bob Tester",
        "Alice Tester",
    ]
    services.import_start(actor=people.maria, job=job)

    accounts = {a.name: a for a in Account.objects.all()}
    assert (accounts["Nieuw Zonder"].status, accounts["Nieuw Zonder"].tier) == ("customer", "A")
    assert accounts["Nieuw Zonder"].owner == people.charlie
    assert (accounts["Nieuw Met"].status, accounts["Nieuw Met"].tier) == ("prospect", "B")
    assert accounts["Nieuw Met"].owner == people.bob
    existing.refresh_from_db()
    assert (existing.status, existing.tier, existing.owner) == ("former", "C", people.alice)


def test_without_defaults_new_accounts_are_the_importers_prospects(people):
    job = checked(people.maria, ROWS[:2])
    services.import_start(actor=people.maria, job=job)

    account = Account.objects.get()
    assert (account.status, account.tier, account.owner) == ("prospect", "C", people.maria)


def test_an_account_manager_may_not_default_to_a_colleague(people):
    job = checked(people.alice, ROWS[:2])

    with pytest.raises(ValidationError) as exc:
        services.import_set_options(
            actor=people.alice, job=job, defaults={"owner": str(people.bob.pk)}
        )

    assert exc.value.message_dict == {"owner": ["Choose one of the values offered."]}
    assert ImportJob.objects.get(pk=job.pk).options == {}


def test_a_default_owner_who_left_makes_the_rows_errors(people):
    job = with_defaults(people.maria, checked(people.maria, ROWS[:2]), owner=str(people.bob.pk))
    people.bob.is_active = False
    people.bob.save()

    job = services.import_check_start(actor=people.maria, job=job)

    assert row_errors(job) == {
        2: {"owner": ["The account manager chosen for rows without one no longer owns accounts."]}
    }


def test_defaults_are_saved_with_the_column_mapping(people):
    job = upload(people.maria, ROWS[:2])
    services.import_set_mapping(actor=people.maria, job=job, mapping=job.mapping, save_as="ERP")
    with_defaults(people.maria, job, status="customer")

    assert ImportMapping.objects.get().defaults == {"status": "customer"}
    job = services.import_check_start(actor=people.maria, job=upload(people.maria, ROWS[:2]))
    services.import_start(actor=people.maria, job=job)
    assert Account.objects.get().status == "customer"


def test_the_defaults_form_on_the_preview(people, client_for):
    job = checked(people.maria, ROWS[:2])
    client = client_for(people.maria)

    page = client.get(reverse("transfer:import_job", args=[job.pk])).content.decode()
    response = client.post(
        reverse("transfer:import_options", args=[job.pk]),
        {
            "defaults_form": "1",
            "default_status": "customer",
            "default_tier": "",
            "default_owner": "",
        },
    )

    assert 'id="defaults-form"' in page and 'name="default_owner"' in page
    assert response.status_code == 302
    job = ImportJob.objects.get(pk=job.pk)
    assert (job.status, job.options["defaults"]) == ("ready", {"status": "customer"})
