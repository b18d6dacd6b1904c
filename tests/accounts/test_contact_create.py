"""Adding a contact: from an account page or on its own; access and validation."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import Contact, Position
from tests.factories import make_account

STANDALONE = reverse("accounts:contact_create")


def for_account(account) -> str:
    return reverse("accounts:account_contact_create", args=[account.pk])


def form_data(**overrides) -> dict:
    data = {
        "first_name": "Anna",
        "last_name": "de Vries",
        "email": "anna@acme.nl",
        "phone": "020 123 4567",
        "mobile": "",
        "preferred_language": "nl",
        "personal_interests": "Sailing",
        "consent_date": "",
        "consent_source": "",
        "opted_out_at": "",
        "notes": "",
        "job_title": "Director",
        "buying_role": "decider",
        "attitude": "supporter",
        "start_date": "2024-02-01",
    }
    data.update(overrides)
    return data


@pytest.fixture
def acme(people):
    return make_account(people.alice, name="Acme Foods")


def test_alice_adds_a_contact_to_her_account_and_returns_to_it(people, client_for, acme):
    response = client_for(people.alice).post(for_account(acme), form_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account_detail", args=[acme.pk])
    contact = Contact.objects.get()
    assert (contact.first_name, contact.last_name, contact.email) == (
        "Anna",
        "de Vries",
        "anna@acme.nl",
    )
    assert contact.phone == "+31201234567"
    assert contact.personal_interests == "Sailing"
    assert contact.created_by == people.alice
    position = contact.positions.get()
    assert (position.account, position.job_title, position.buying_role, position.attitude) == (
        acme,
        "Director",
        "decider",
        "supporter",
    )
    assert position.start_date == datetime.date(2024, 2, 1)
    assert position.end_date is None


def test_the_form_for_an_account_names_the_account(people, client_for, acme):
    response = client_for(people.alice).get(for_account(acme))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Position at Acme Foods" in html
    assert 'name="account"' not in html


def test_adding_to_an_unreadable_account_is_not_found(people, client_for):
    south = make_account(people.charlie, name="Zuid Retail")

    client = client_for(people.alice)
    get = client.get(for_account(south))
    post = client.post(for_account(south), form_data())

    assert get.status_code == post.status_code == 404
    assert "Zuid Retail" not in get.content.decode()
    assert not Contact.objects.exists()


def test_marketing_may_not_add_contacts(people, client_for, acme):
    client = client_for(people.mark)

    assert client.get(for_account(acme)).status_code == 403
    assert client.post(for_account(acme), form_data()).status_code == 403
    assert client.post(STANDALONE, form_data()).status_code == 403
    assert not Contact.objects.exists()


def test_a_contact_added_on_its_own_without_an_account_opens_its_page(people, client_for):
    response = client_for(people.alice).post(STANDALONE, form_data(account=""))

    contact = Contact.objects.get()
    assert response["Location"] == reverse("accounts:contact_detail", args=[contact.pk])
    assert not contact.positions.exists()
    assert client_for(people.alice).get(response["Location"]).status_code == 200


def test_a_contact_added_on_its_own_may_get_a_position_at_a_chosen_account(
    people, client_for, acme
):
    response = client_for(people.alice).post(STANDALONE, form_data(account=acme.pk))

    contact = Contact.objects.get()
    assert response["Location"] == reverse("accounts:contact_detail", args=[contact.pk])
    assert contact.positions.get().account == acme


def test_the_account_choice_lists_only_accounts_the_user_may_change(people, client_for, acme):
    south = make_account(people.charlie, name="Zuid Retail")
    client = client_for(people.alice)

    html = client.get(STANDALONE).content.decode()
    response = client.post(STANDALONE, form_data(account=south.pk))

    assert "Acme Foods" in html
    assert "Zuid Retail" not in html
    assert response.status_code == 200
    assert response.context["form"].errors["account"]
    assert not Contact.objects.exists()


def test_the_last_name_is_required(people, client_for, acme):
    response = client_for(people.alice).post(for_account(acme), form_data(last_name=" "))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["last_name"]
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "020 12", "This is not a valid phone number."),
        ("mobile", "06 1234", "This is not a valid phone number."),
        ("mobile", "x", "This is not a phone number."),
    ],
)
def test_a_bad_phone_number_is_shown_at_its_field(people, client_for, acme, field, value, message):
    response = client_for(people.alice).post(for_account(acme), form_data(**{field: value}))

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Contact.objects.exists()
    assert not Position.objects.exists()


def test_consent_without_a_date_is_dated_today(people, client_for, acme):
    response = client_for(people.alice).post(
        for_account(acme), form_data(mailing_consent="on", consent_date="")
    )

    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.mailing_consent, contact.consent_date) == (True, timezone.localdate())


def test_consent_with_a_date_that_is_no_date_is_an_error_at_the_date(people, client_for, acme):
    response = client_for(people.alice).post(
        for_account(acme), form_data(mailing_consent="on", consent_date="10-01-2025x")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["consent_date"]
    assert not Contact.objects.exists()


def test_consent_with_a_date_and_source_is_stored(people, client_for, acme):
    client_for(people.alice).post(
        for_account(acme),
        form_data(mailing_consent="on", consent_date="2025-01-10", consent_source="Fair"),
    )

    contact = Contact.objects.get()
    assert contact.may_receive_mailings
    assert contact.consent_date == datetime.date(2025, 1, 10)
    assert contact.consent_source == "Fair"


def test_an_opt_out_without_a_date_is_dated_today(people, client_for, acme):
    client_for(people.alice).post(for_account(acme), form_data(opted_out="on"))

    contact = Contact.objects.get()
    assert contact.opted_out
    assert contact.opted_out_at == timezone.localdate()
    assert not contact.may_receive_mailings


def test_dutch_users_may_type_dates_the_dutch_way(people, client_for, acme):
    people.alice.language = "nl"
    people.alice.save()

    client_for(people.alice).post(for_account(acme), form_data(start_date="01-02-2024"))

    assert Position.objects.get().start_date == datetime.date(2024, 2, 1)


def test_an_invalid_buying_role_is_refused(people, client_for, acme):
    response = client_for(people.alice).post(for_account(acme), form_data(buying_role="boss"))

    assert list(response.context["form"].errors) == ["buying_role"]
    assert not Contact.objects.exists()
