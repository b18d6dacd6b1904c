"""The shape of the access policy and of every write: no app imports in the policy, one way to
scope through the account, refusals as PermissionDenied, the actor in the history, one rule for a
form after a conflict."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from koers.accounts import services
from koers.accounts.models import Account, AccountTeamMember, Contact, Position
from koers.core import access
from koers.core.errors import NotAllowed
from tests.factories import make_account, make_contact

ACCESS = Path(access.__file__)


def test_the_policy_imports_no_app():
    """Apps import core, never the other way (names for type checkers alone are no import)."""
    tree = ast.parse(ACCESS.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            node.body = []
    imported = [
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("koers")
    ] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name.startswith("koers")
    ]
    assert imported
    assert [name for name in imported if not name.startswith("koers.core")] == []


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"])
def test_scoping_through_the_account_gives_the_rows_at_readable_accounts(people, persona):
    user = getattr(people, persona)
    alices = make_account(people.alice, "Alpha")
    charlies = make_account(people.charlie, "Charlie BV")
    make_contact(alices)
    make_contact(charlies)
    readable = set(access.accounts_readable(user))

    scoped = access.scope_through_account(Position.objects.all(), user)

    assert {p.account for p in scoped} == readable & {alices, charlies}


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"])
def test_the_page_form_of_the_scope_gives_the_same_rows(people, persona):
    """`through_account_for_page` is a faster shape of the same rule: owned, on the account
    team, in the manager's team, or everything."""
    user = getattr(people, persona)
    alices = make_account(people.alice, "Alpha")
    charlies = make_account(people.charlie, "Charlie BV")
    shared = make_account(people.charlie, "Gedeeld BV")
    AccountTeamMember.objects.create(account=shared, user=people.alice, role="service")
    for account in (alices, charlies, shared):
        make_contact(account)
    positions = Position.objects.all()

    by_page = set(positions.filter(access.through_account_for_page(user)))

    assert by_page == set(access.scope_through_account(positions, user))
    assert {p.account for p in by_page} == set(access.accounts_readable(user)) & {
        alices,
        charlies,
        shared,
    }


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"])
def test_the_per_row_form_of_the_scope_gives_the_same_rows(people, persona):
    """`through_account_per_row` (hashed lists inside the EXISTS) is the same rule too."""
    user = getattr(people, persona)
    shared = make_account(people.charlie, "Gedeeld BV")
    AccountTeamMember.objects.create(account=shared, user=people.alice, role="service")
    for account in (make_account(people.alice, "Alpha"), make_account(people.charlie, "C"), shared):
        make_contact(account)
    positions = Position.objects.all()

    per_row = set(positions.filter(access.through_account_per_row(user)))

    assert per_row == set(access.scope_through_account(positions, user))


def test_the_page_form_of_the_scope_gives_marketing_nothing_to_write(people):
    make_contact(make_account(people.alice, "Alpha"))
    positions = Position.objects.all()

    assert list(positions.filter(access.through_account_for_page(people.mark))) != []
    assert list(positions.filter(access.through_account_for_page(people.mark, write=True))) == []


def test_scoping_for_a_write_gives_marketing_nothing(people):
    make_contact(make_account(people.alice, "Alpha"))

    assert list(access.scope_through_account(Position.objects.all(), people.mark)) != []
    assert list(access.scope_through_account(Position.objects.all(), people.mark, write=True)) == []


def test_a_refusal_is_a_permission_denied_and_changes_nothing(people):
    account = make_account(people.alice, "Alpha")

    with pytest.raises(PermissionDenied) as refused:
        services.account_delete(actor=people.alice, account=account)

    assert isinstance(refused.value, NotAllowed)
    assert not isinstance(refused.value, OSError)
    assert Account.objects.filter(pk=account.pk).exists()


def test_deleting_is_for_managers_on_what_they_may_change(people):
    account = make_account(people.alice, "Alpha")
    contact = make_contact(account)

    assert not access.can_delete_account(people.alice, account)
    assert not access.can_delete_account(people.charlie, account)
    assert access.can_delete_account(people.maria, account)
    assert access.can_delete_contact(people.maria, contact)
    assert not access.can_delete_contact(people.mark, contact)
    assert access.can_delete_account(people.admin, account)


def test_the_history_names_the_actor_of_the_service_and_of_the_services_it_calls(people):
    account = make_account(people.alice, "Alpha")

    contact = services.contact_create(
        actor=people.maria, data={"last_name": "Jansen"}, account=account, position={}
    )

    assert contact.history.get().history_user == people.maria
    position = Position.objects.get(contact=contact)
    assert position.history.get().history_user == people.maria


def test_an_unknown_role_on_the_account_team_is_refused(people):
    account = make_account(people.alice, "Alpha")

    with pytest.raises(ValidationError) as refused:
        services.account_team_add(actor=people.alice, account=account, user=people.bob, role="x")

    assert list(refused.value.message_dict) == ["role"]
    assert not account.team_members.exists()


def test_a_duplicate_the_user_may_not_read_is_named_by_its_owner_only(people, client_for):
    make_account(people.charlie, "Geheim BV", visit_postcode="3511 AA", kvk_number="12345678")

    response = client_for(people.alice).post(
        "/accounts/new/",
        {
            "name": "Geheim BV",
            "kvk_number": "12345678",
            "visit_postcode": "3511 AA",
            "visit_country": "NL",
            "postal_country": "NL",
            "tier": "B",
            "status": "prospect",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Charlie Tester" in html
    warning = html[html.index('id="duplicates"') :]
    warning = warning[: warning.index("</article>")]
    assert "Geheim BV" not in warning
    assert "/accounts/" not in warning
    assert Account.objects.filter(name="Geheim BV").count() == 1


# ------------------------------------------------------------------ a form after a conflict


def _account_form(account: Account, **changes: str) -> dict[str, str]:
    data = {
        "name": account.name,
        "owner": str(account.owner_id),
        "visit_city": account.visit_city,
        "visit_country": "NL",
        "postal_country": "NL",
        "tier": account.tier,
        "status": account.status,
        "version": "1",
    }
    return {**data, **changes}


def test_where_both_changed_a_field_the_stored_value_wins_and_the_typed_one_is_shown(
    people, client_for
):
    account = make_account(people.alice, "Original", visit_city="Zwolle")
    maria = Client()
    maria.force_login(people.maria)
    maria.post(f"/accounts/{account.pk}/edit/", _account_form(account, name="Maria's name"))

    response = client_for(people.alice).post(
        f"/accounts/{account.pk}/edit/",
        _account_form(account, name="Alice's name", visit_city="Deventer"),
    )

    assert response.status_code == 409
    form = response.context["form"]
    assert (form.initial["name"], form.initial["visit_city"]) == ("Maria's name", "Deventer")
    html = response.content.decode()
    conflict = html[html.index('id="conflict"') : html.index("</section>")]
    assert "Alice&#x27;s name" in conflict
    account.refresh_from_db()
    assert (account.name, account.visit_city) == ("Maria's name", "Zwolle")


def test_the_contact_form_follows_the_same_rule_after_a_conflict(people, client_for):
    anna = make_contact(make_account(people.alice, "Alpha"), first_name="Anna", last_name="Bos")
    services.contact_update(
        actor=people.maria, contact=anna, expected_version=1, data={"last_name": "de Vries"}
    )

    response = client_for(people.alice).post(
        f"/contacts/{anna.pk}/edit/",
        {"first_name": "Annie", "last_name": "Bakker", "version": "1", "preferred_language": "nl"},
    )

    form = response.context["form"]
    assert (form.initial["first_name"], form.initial["last_name"]) == ("Annie", "de Vries")
    assert form.initial["version"] == 2
    assert "Bakker" in response.content.decode()
    assert Contact.objects.get(pk=anna.pk).last_name == "de Vries"
