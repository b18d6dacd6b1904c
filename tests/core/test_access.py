"""The access policy, per role: who reads and who changes which account."""

import pytest

from koers.accounts import services
from koers.core import access
from tests.factories import make_account, make_contact


def test_account_manager_reads_own_accounts_and_those_of_account_teams_only(people):
    own = make_account(people.alice)
    bobs = make_account(people.bob)
    charlies = make_account(people.charlie)
    charlies.team_members.create(user=people.alice, role="co_account_manager")

    readable = set(access.accounts_readable(people.alice))

    assert readable == {own, charlies}
    assert bobs not in readable


def test_manager_reads_the_whole_team_but_not_another_team(people):
    alices = make_account(people.alice)
    bobs = make_account(people.bob)
    charlies = make_account(people.charlie)

    assert set(access.accounts_readable(people.maria)) == {alices, bobs}
    assert not access.can_read_account(people.maria, charlies)


def test_inside_sales_reads_only_the_accounts_they_serve(people):
    served = make_account(people.alice)
    served.team_members.create(user=people.ingrid, role="inside_sales")
    make_account(people.bob)

    assert list(access.accounts_readable(people.ingrid)) == [served]


def test_marketing_reads_all_but_changes_nothing(people):
    account = make_account(people.alice)

    assert access.can_read_account(people.mark, account)
    assert not access.can_change_account(people.mark, account)


def test_admin_reads_and_changes_everything(people):
    account = make_account(people.charlie)

    assert access.can_change_account(people.admin, account)


def _unplaced(user):
    return services.contact_create(
        actor=user, data={"first_name": "Los", "last_name": user.username}, account=None
    )


@pytest.mark.parametrize("reader", ["alice", "maria", "ingrid"])
def test_contacts_follow_the_accounts_and_an_unplaced_contact_its_creator(people, reader):
    # Managers and account managers get differently built contact scopes (docs/performance.md,
    # finding 9), and a page of the list a per-row one (issue 7); all must give the same answer.
    user = getattr(people, reader)
    alices = make_account(people.alice)
    alices.team_members.create(user=people.ingrid, role="inside_sales")
    charlies = make_account(people.charlie)
    at_alices = make_contact(alices)
    at_charlies = make_contact(charlies)
    moved = make_contact(charlies)
    services.position_add(actor=people.admin, contact=moved, account=alices, data={})
    own_unplaced = _unplaced(user)
    others_unplaced = _unplaced(people.bob)

    readable = set(access.contacts_readable(user))

    assert set(access.contacts_readable_for_count(user)) == readable
    assert set(access.contacts_readable_for_page(user)) == readable
    assert {at_alices, moved, own_unplaced} <= readable
    assert at_charlies not in readable
    assert others_unplaced not in readable
    assert readable == {at_alices, moved, own_unplaced}


def test_a_manager_reads_contacts_at_accounts_a_team_member_serves(people):
    charlies = make_account(people.charlie)
    contact = make_contact(charlies)
    assert contact not in set(access.contacts_readable(people.maria))

    charlies.team_members.create(user=people.bob, role="co_account_manager")

    assert contact in set(access.contacts_readable(people.maria))


@pytest.mark.parametrize("reader", ["alice", "charlie", "maria", "ingrid", "mark", "admin"])
def test_both_forms_of_the_account_scope_read_the_same_accounts(people, reader):
    user = getattr(people, reader)
    alices = make_account(people.alice)
    alices.team_members.create(user=people.ingrid, role="inside_sales")
    charlies = make_account(people.charlie)
    charlies.team_members.create(user=people.bob, role="co_account_manager")
    make_account(people.bob)

    listed = set(access.accounts_readable(user))

    assert set(access.accounts_readable_for_page(user)) == listed
    assert listed  # every persona reads something here
