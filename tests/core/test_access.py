"""The access policy, per role: who reads and who changes which account."""

from koers.core import access
from tests.factories import make_account


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
