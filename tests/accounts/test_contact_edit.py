"""Editing a contact: access per role, validation, and a stale save never overwrites."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.accounts import services
from koers.accounts.models import Contact
from tests.factories import make_account, make_contact


def edit_url(contact) -> str:
    return reverse("accounts:contact_edit", args=[contact.pk])


def form_data(contact: Contact, **overrides) -> dict:
    data = {
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email,
        "phone": contact.phone,
        "mobile": contact.mobile,
        "preferred_language": contact.preferred_language,
        "personal_interests": contact.personal_interests,
        "consent_date": contact.consent_date or "",
        "consent_source": contact.consent_source,
        "opted_out_at": contact.opted_out_at or "",
        "notes": contact.notes,
        "version": contact.version,
    }
    if contact.mailing_consent:
        data["mailing_consent"] = "on"
    if contact.opted_out:
        data["opted_out"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def anna(people):
    acme = make_account(people.alice, name="Acme Foods")
    return make_contact(
        acme, first_name="Anna", last_name="de Vries", email="anna@acme.nl", phone="0201234567"
    )


def test_the_form_shows_the_stored_values(people, client_for, anna):
    response = client_for(people.alice).get(edit_url(anna))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="anna@acme.nl"' in html
    assert 'value="020 123 4567"' in html
    assert '<input type="hidden" name="version" value="1"' in html


def test_alice_edits_a_contact_of_her_account(people, client_for, anna):
    response = client_for(people.alice).post(
        edit_url(anna), form_data(anna, email="anna@new.nl", mobile="06 12345678")
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:contact_detail", args=[anna.pk])
    anna.refresh_from_db()
    assert (anna.email, anna.mobile, anna.version) == ("anna@new.nl", "+31612345678", 2)
    latest = anna.history.order_by("-history_id").first()
    assert latest.history_user == people.alice


def test_a_manager_edits_a_contact_of_her_team(people, client_for, anna):
    response = client_for(people.maria).post(edit_url(anna), form_data(anna, notes="Met her"))

    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.notes == "Met her"


def test_marketing_may_read_but_not_edit(people, client_for, anna):
    client = client_for(people.mark)

    assert client.get(edit_url(anna)).status_code == 403
    assert client.post(edit_url(anna), form_data(anna, email="x@y.nl")).status_code == 403
    anna.refresh_from_db()
    assert (anna.email, anna.version) == ("anna@acme.nl", 1)


def test_a_contact_of_another_team_cannot_be_edited_or_seen(people, client_for, anna):
    client = client_for(people.charlie)

    get = client.get(edit_url(anna))
    post = client.post(edit_url(anna), form_data(anna, email="x@y.nl"))

    assert get.status_code == post.status_code == 404
    assert "de Vries" not in get.content.decode()
    anna.refresh_from_db()
    assert (anna.email, anna.version) == ("anna@acme.nl", 1)


def test_a_bad_phone_number_is_shown_at_its_field(people, client_for, anna):
    response = client_for(people.alice).post(edit_url(anna), form_data(anna, phone="020 12"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"phone": ["This is not a valid phone number."]}
    anna.refresh_from_db()
    assert (anna.phone, anna.version) == ("+31201234567", 1)


def test_consent_given_without_a_date_is_dated_today(people, client_for, anna):
    response = client_for(people.alice).post(edit_url(anna), form_data(anna, mailing_consent="on"))

    assert response.status_code == 302
    anna.refresh_from_db()
    assert (anna.mailing_consent, anna.consent_date) == (True, timezone.localdate())


def test_it_rejects_a_stale_save_and_shows_what_changed(people, client_for, anna):
    # alice opened the form at version 1; meanwhile maria changed the phone number.
    services.contact_update(
        actor=people.maria, contact=anna, expected_version=1, data={"phone": "030 765 4321"}
    )

    response = client_for(people.alice).post(
        edit_url(anna), form_data(anna, email="anna@new.nl", version=1)
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["conflict"] is not None
    assert 'id="conflict"' in html
    assert "Maria Tester" in html
    # Nothing was overwritten: maria's phone stays, alice's e-mail is not saved yet.
    anna.refresh_from_db()
    assert (anna.phone, anna.email, anna.version) == ("+31307654321", "anna@acme.nl", 2)
    # The form now holds maria's phone, alice's own e-mail and the current version.
    form = response.context["form"]
    assert form.initial["phone"] == "030 765 4321"
    assert form.initial["email"] == "anna@new.nl"
    assert '<input type="hidden" name="version" value="2"' in html


def test_a_second_save_after_a_conflict_goes_through(people, client_for, anna):
    services.contact_update(
        actor=people.maria, contact=anna, expected_version=1, data={"phone": "030 765 4321"}
    )
    client = client_for(people.alice)
    conflict = client.post(edit_url(anna), form_data(anna, email="anna@new.nl", version=1))

    resubmit = {**conflict.context["form"].initial}
    resubmit = {
        k: ("on" if v is True else v) for k, v in resubmit.items() if v not in (None, False)
    }
    response = client.post(edit_url(anna), resubmit)

    assert response.status_code == 302
    anna.refresh_from_db()
    assert (anna.phone, anna.email, anna.version) == ("+31307654321", "anna@new.nl", 3)
