"""Editing an account: rights, optimistic locking (conflicts), errors from the service."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from koers.accounts.forms.accounts import account_initial
from koers.accounts.models import Account
from tests.factories import make_account


def edit_url(account: Account) -> str:
    return reverse("accounts:account_edit", args=[account.pk])


def posted(account: Account, **overrides) -> dict[str, str]:
    """What the edit form posts back when nothing is touched, plus `overrides`."""
    data = {k: "" if v is None else str(v) for k, v in account_initial(account).items()}
    data.pop("owner")
    data.pop("external_id")
    data.update(overrides)
    return data


def test_the_form_holds_the_current_values_and_version(people, client_for):
    account = make_account(people.alice, "Bakkerij Hendriks", phone="0201234567")
    account.tags.create(name="bread")

    response = client_for(people.alice).get(edit_url(account))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["name"] == "Bakkerij Hendriks"
    assert form.initial["phone"] == "020 123 4567"
    assert form.initial["tags"] == "bread"
    assert '<input type="hidden" name="version" value="1"' in response.content.decode()


def test_a_save_changes_the_account_and_its_tags(people, client_for):
    account = make_account(people.alice, "Old name")
    account.tags.create(name="old")

    response = client_for(people.alice).post(
        edit_url(account), posted(account, name="New name", tags="new, other", tier="A")
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.name, account.tier, account.version) == ("New name", "A", 2)
    assert sorted(t.name for t in account.tags.all()) == ["new", "other"]
    assert account.history.first().history_user == people.alice


def test_the_second_of_two_saves_on_the_same_version_gets_a_conflict(people, client_for):
    account = make_account(people.alice, "Original", visit_city="Zwolle")
    manager = Client()
    manager.force_login(people.maria)
    alice = client_for(people.alice)
    # Both opened the form on version 1.
    first = posted(account, name="First save", owner=str(people.alice.pk))
    second = posted(account, name="Second save", visit_city="Deventer")

    assert manager.post(edit_url(account), first).status_code == 302
    response = alice.post(edit_url(account), second)

    assert response.status_code == 409
    account.refresh_from_db()
    assert (account.name, account.visit_city, account.version) == ("First save", "Zwolle", 2)
    changes = response.context["conflict"].changes
    assert [(c["name"], c["old"], c["new"], c["by"]) for c in changes] == [
        ("name", "Original", "First save", people.maria)
    ]
    content = response.content.decode()
    assert 'id="conflict"' in content
    form = response.context["form"]
    # The field someone else changed shows its stored value; the user's other input is kept.
    assert form.initial["name"] == "First save"
    assert form.initial["visit_city"] == "Deventer"
    assert form.initial["version"] == 2
    assert '<input type="hidden" name="version" value="2"' in content


def test_after_a_conflict_the_reviewed_form_saves(people, client_for):
    account = make_account(people.alice, "Original")
    client = client_for(people.alice)
    client.post(edit_url(account), posted(account, name="First save"))

    response = client.post(
        edit_url(account), posted(account, name="Reviewed", version="2", visit_city="Deventer")
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert (account.name, account.visit_city, account.version) == ("Reviewed", "Deventer", 3)


def test_a_field_error_from_the_service_is_shown_at_that_field(people, client_for):
    root = make_account(people.alice, "Chain HQ")
    branch = make_account(people.alice, "Branch", parent=root)

    response = client_for(people.alice).post(edit_url(root), posted(root, parent=str(branch.pk)))

    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "An account cannot be a branch of its own branch."
    ]
    root.refresh_from_db()
    assert (root.parent, root.version) == (None, 1)


def test_an_account_cannot_be_its_own_parent(people, client_for):
    account = make_account(people.alice, "Chain HQ")

    response = client_for(people.alice).post(
        edit_url(account), posted(account, parent=str(account.pk))
    )

    assert "parent" in response.context["form"].errors
    account.refresh_from_db()
    assert account.parent is None


def test_an_account_manager_cannot_move_the_account_to_another_portfolio(people, client_for):
    account = make_account(people.alice, "Mine")

    client_for(people.alice).post(edit_url(account), posted(account, owner=str(people.bob.pk)))

    account.refresh_from_db()
    assert account.owner == people.alice


def test_a_manager_moves_the_account_to_another_portfolio(people, client_for):
    account = make_account(people.alice, "Mine")

    response = client_for(people.maria).post(
        edit_url(account), posted(account, owner=str(people.bob.pk))
    )

    assert response.status_code == 302
    account.refresh_from_db()
    assert account.owner == people.bob


def test_marketing_reads_but_may_not_edit(people, client_for):
    account = make_account(people.alice, "Bakkerij Hendriks")
    client = client_for(people.mark)

    assert client.get(edit_url(account)).status_code == 403
    response = client.post(edit_url(account), posted(account, name="Changed by marketing"))

    assert response.status_code == 403
    account.refresh_from_db()
    assert (account.name, account.version) == ("Bakkerij Hendriks", 1)


def test_editing_an_unreadable_account_is_a_404_and_changes_nothing(people, client_for):
    account = make_account(people.charlie, "Slagerij Geheim")
    client = client_for(people.alice)

    get = client.get(edit_url(account))
    post = client.post(edit_url(account), posted(account, name="Hacked"))

    assert (get.status_code, post.status_code) == (404, 404)
    assert b"Slagerij Geheim" not in get.content
    account.refresh_from_db()
    assert (account.name, account.version) == ("Slagerij Geheim", 1)


def test_an_invalid_edit_keeps_the_input_and_changes_nothing(people, client_for):
    account = make_account(people.alice, "Bakkerij Hendriks")

    response = client_for(people.alice).post(
        edit_url(account), posted(account, name="New", vat_number="NL123456789B02")
    )

    assert response.context["form"].errors["vat_number"] == [
        "This VAT number has a wrong check digit."
    ]
    assert 'value="NL123456789B02"' in response.content.decode()
    account.refresh_from_db()
    assert account.name == "Bakkerij Hendriks"


def test_a_parent_that_is_a_unicode_digit_is_a_field_error_not_a_server_error(people, client_for):
    account = make_account(people.alice, "Chain HQ")

    response = client_for(people.alice).post(edit_url(account), posted(account, parent="²"))

    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    account.refresh_from_db()
    assert (account.parent, account.version) == (None, 1)
