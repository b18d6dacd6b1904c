"""The editable fields are listed once (accounts.fields); what spells them out agrees with it."""

from __future__ import annotations

from koers.accounts.api.account_schemas import AccountIn, AccountPatch
from koers.accounts.api.contact_schemas import ContactIn, ContactPatch, PositionPatch
from koers.accounts.fields import (
    ACCOUNT_FIELDS,
    ACCOUNT_REFERENCES,
    CONTACT_FIELDS,
    POSITION_FIELDS,
)
from koers.accounts.forms.accounts import AccountForm
from koers.accounts.forms.contacts import ContactEditForm, PositionForm

# The API names another row by its id.
API_ACCOUNT_FIELDS = {f"{n}_id" if n in ACCOUNT_REFERENCES else n for n in ACCOUNT_FIELDS}


def test_the_api_takes_exactly_the_editable_account_fields():
    assert set(AccountIn.model_fields) == API_ACCOUNT_FIELDS | {"tags"}
    assert set(AccountPatch.model_fields) == API_ACCOUNT_FIELDS | {"tags", "version"}


def test_the_api_takes_exactly_the_editable_contact_and_position_fields():
    assert set(ContactIn.model_fields) == {*CONTACT_FIELDS, "account_id", "position"}
    assert set(ContactPatch.model_fields) == {*CONTACT_FIELDS, "version"}
    assert set(PositionPatch.model_fields) == set(POSITION_FIELDS)


def test_the_forms_offer_exactly_the_editable_fields(people):
    account_form = AccountForm(user=people.admin)

    assert set(account_form.fields) == {*ACCOUNT_FIELDS, "tags", "create_anyway"}
    assert set(ContactEditForm().fields) == {*CONTACT_FIELDS, "version"}
    assert set(PositionForm(user=people.admin).fields) == {*POSITION_FIELDS, "account"}
