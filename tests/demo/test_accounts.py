"""`manage.py demo`: a realistic, reproducible Dutch sales organisation."""

from __future__ import annotations

import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from stdnum.eu import vat

from koers.accounts import validators
from koers.accounts.models import Account, AccountTeamMember, Contact, Position
from koers.core.demo import USERS
from koers.core.models import Role, Team, User
from koers.demo.context import DEMO_PASSWORD
from tests.demo.conftest import DEMO_ARGS


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> list[tuple]:
    return list(
        Account.objects.order_by("name").values_list(
            "name", "kvk_number", "vat_number", "visit_postcode", "owner__username", "tier"
        )
    )


def delete_customer_file() -> None:
    from koers.sales.models import Order

    # An order made from an accepted quote protects its quote's version.
    Order.objects.all().delete()
    Position.objects.all().delete()
    Contact.objects.all().delete()
    AccountTeamMember.objects.all().delete()
    Account.tags.through.objects.all().delete()
    # Parents and roots are protected: stores first, then regions, then head offices.
    Account.objects.filter(parent__parent__isnull=False).delete()
    Account.objects.filter(parent__isnull=False).delete()
    Account.objects.all().delete()


def test_it_builds_the_requested_numbers(demo):
    assert Account.objects.count() == 60
    assert Contact.objects.count() == 200
    assert "60 accounts" in demo


def test_it_builds_three_sales_teams_each_with_a_manager(demo):
    teams = {t.name: t for t in Team.objects.select_related("manager")}

    assert set(teams) == {"Noord", "Midden", "Zuid"}
    for team in teams.values():
        assert team.manager.role == Role.MANAGER
        roles = Counter(m.role for m in team.members.all())
        assert roles[Role.ACCOUNT_MANAGER] >= 2
        assert roles[Role.INSIDE_SALES] == 1


def test_it_creates_every_role_and_every_account_manager_level(demo):
    users = User.objects.all()

    assert {u.role for u in users} == set(Role.values)
    assert {u.level for u in users if u.role == Role.ACCOUNT_MANAGER} == {"A", "B", "C"}
    assert {u.level for u in users if u.role != Role.ACCOUNT_MANAGER} == {""}
    admins = [u for u in users if u.role == Role.ADMIN]
    assert len(admins) == 1
    assert admins[0].is_staff
    assert admins[0].requires_two_factor


def test_every_demo_user_signs_in_with_the_demo_password(demo):
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD), user.username


def test_it_prints_every_login_with_role_level_team_and_password(demo):
    for spec in USERS:
        line = next(x for x in demo.splitlines() if x.split()[:1] == [spec.username])
        assert DEMO_PASSWORD in line
        if spec.team:
            assert spec.team in line
    assert "two-factor" in demo


def test_every_account_manager_owns_accounts(demo):
    owned = Counter(Account.objects.values_list("owner__username", flat=True))

    for user in User.objects.filter(role=Role.ACCOUNT_MANAGER):
        assert owned[user.username] > 0, user.username
    assert set(owned) <= set(
        User.objects.filter(role=Role.ACCOUNT_MANAGER).values_list("username", flat=True)
    )


def test_chains_have_branches_with_the_chain_as_root(demo):
    by_pk = {a.pk: a for a in Account.objects.all()}
    branches = [a for a in by_pk.values() if a.parent_id]

    assert branches
    for branch in branches:
        top = branch
        while top.parent_id:
            top = by_pk[top.parent_id]
        assert branch.root_id == top.pk
        assert branch.kvk_number == top.kvk_number
        assert branch.vat_number == top.vat_number
        assert branch.owner_id == top.owner_id
    heads = {a for a in by_pk.values() if a.parent_id is None and a.root_id is None}
    assert any(by_pk[b.parent_id].parent_id for b in branches), "no chain two levels deep"
    assert {by_pk[b.root_id] for b in branches} <= heads


def test_identifiers_and_addresses_are_valid_dutch_ones(demo):
    accounts = list(Account.objects.all())
    establishment_numbers = [a.establishment_number for a in accounts if a.establishment_number]

    assert len(establishment_numbers) == len(set(establishment_numbers))
    for account in accounts:
        assert account.vat_number == "" or vat.is_valid(account.vat_number), account.vat_number
        assert re.fullmatch(r"(\d{8})?", account.kvk_number)
        assert re.fullmatch(r"(\d{12})?", account.establishment_number)
        assert validators.clean_postcode(account.visit_postcode, "NL") == account.visit_postcode
        assert validators.clean_phone(account.phone) == account.phone
    assert sum(1 for a in accounts if a.vat_number) > 30
    for contact in Contact.objects.all():
        for number in (contact.phone, contact.mobile):
            assert number == "" or validators.clean_phone(number) == number


def test_accounts_have_every_tier_and_status(demo):
    assert set(Account.objects.values_list("tier", flat=True)) == {"A", "B", "C"}
    assert set(Account.objects.values_list("status", flat=True)) == {
        "prospect",
        "customer",
        "former",
    }


def test_contacts_have_positions_with_buying_roles_and_some_changed_jobs(demo):
    roles = Counter(Position.objects.values_list("buying_role", flat=True))

    assert {"decider", "influencer", "buyer", "user", "gatekeeper"} <= set(roles)
    assert not Contact.objects.filter(positions__isnull=True).exists()
    assert Position.objects.filter(end_date__isnull=False).exists()
    movers = [
        c for c in Contact.objects.prefetch_related("positions") if len(c.positions.all()) > 1
    ]
    assert movers
    for contact in movers:
        ended = [p for p in contact.positions.all() if p.end_date]
        assert ended and len({p.account_id for p in contact.positions.all()}) > 1


def test_mailing_consent_has_a_date_and_a_source(demo):
    consenting = Contact.objects.filter(mailing_consent=True)

    assert consenting.count() > 50
    assert not consenting.filter(consent_date__isnull=True).exists()
    assert not consenting.filter(consent_source="").exists()
    assert Contact.objects.filter(opted_out=True, opted_out_at__isnull=False).exists()


def test_inside_sales_serve_accounts_through_account_teams(demo):
    for user in User.objects.filter(role=Role.INSIDE_SALES):
        assert AccountTeamMember.objects.filter(user=user, role="inside_sales").exists()


def test_every_record_has_its_initial_history_row(demo):
    assert Account.history.filter(history_type="+").count() == Account.objects.count()
    # Later demo steps change some of them (a contact unsubscribes from a mailing): counted
    # are the rows that record the creation.
    assert Contact.history.filter(history_type="+").count() == Contact.objects.count()
    assert Position.history.filter(history_type="+").count() == Position.objects.count()
    account = Account.objects.first()
    assert account.history.get().history_user == account.owner


def test_a_second_run_with_if_empty_creates_nothing_but_prints_the_logins(demo):
    before = (Account.objects.count(), Contact.objects.count(), User.objects.count())

    out = run_demo("--if-empty", *DEMO_ARGS)

    assert (Account.objects.count(), Contact.objects.count(), User.objects.count()) == before
    assert "nothing added" in out
    assert all(spec.username in out for spec in USERS)


def test_without_if_empty_it_refuses_a_database_with_accounts(demo):
    with pytest.raises(CommandError):
        run_demo(*DEMO_ARGS)
    assert Account.objects.count() == 60


def test_the_same_seed_gives_the_same_organisation(demo):
    first = snapshot()
    delete_customer_file()

    run_demo(*DEMO_ARGS)

    assert snapshot() == first


def test_a_changed_password_is_not_printed_as_the_demo_password(demo):
    sanne = User.objects.get(username="sanne")
    sanne.set_password("something-else-entirely")
    sanne.save()

    out = run_demo("--if-empty")

    line = next(x for x in out.splitlines() if x.split()[:1] == ["sanne"])
    assert DEMO_PASSWORD not in line
    assert "(changed)" in line
