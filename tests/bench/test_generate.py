"""The benchmark at its tiny size XS, generated once for the module: the generator's data, and
every scenario of bench.run answering as expected (a page or endpoint that changes its URL or its
answer would otherwise break `bench.run` at size L minutes into a run)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import phonenumbers
import pytest
from bench.apps import app_modules
from bench.generate import SIZES, generate
from bench.measure import Runner, Sessions, check
from bench.run import choose_subjects, scenarios
from stdnum.nl import btw

from koers.accounts import validators
from koers.accounts.filters import filter_accounts
from koers.accounts.models import Account, AccountTeamMember, BuyingRole, Contact, Position
from koers.core import access
from koers.core.models import Role, Team, User
from tests.module_data import module_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def _generated(django_db_setup, django_db_blocker):
    # Generated once for the module's read-only tests (tests/module_data.py).
    with module_data(django_db_blocker, lambda: generate("XS")) as result:
        yield result


@pytest.fixture
def result(_generated, db):
    return _generated


@pytest.fixture
def subjects(_generated, db):
    return choose_subjects(app_modules())


def test_it_fills_the_database_with_the_counts_of_the_size(result):
    size = SIZES["XS"]
    assert Account.objects.count() == size.accounts
    assert Account.objects.filter(parent__isnull=False).count() == int(size.accounts / 10)
    assert Contact.objects.count() == size.contacts
    roles = dict(
        User.objects.values_list("role")
        .order_by()
        .annotate(n=__import__("django").db.models.Count("pk"))
    )
    assert roles == {
        Role.ACCOUNT_MANAGER: size.account_managers,
        Role.MANAGER: size.teams,
        Role.INSIDE_SALES: size.teams * size.inside_sales_per_team,
        Role.MARKETING: size.marketing,
        Role.ADMIN: size.admins,
    }
    assert Team.objects.count() == size.teams
    assert result.counts["accounts"] == size.accounts
    assert result.counts["contacts"] == size.contacts


def test_every_branch_points_at_the_top_of_its_chain_as_root(result):
    parents = dict(Account.objects.values_list("pk", "parent_id"))
    roots = dict(Account.objects.values_list("pk", "root_id"))
    branches = [pk for pk, parent in parents.items() if parent is not None]
    assert branches
    for pk in branches:
        top = pk
        while parents[top] is not None:
            top = parents[top]
        assert roots[pk] == top
    assert all(roots[pk] is None for pk, parent in parents.items() if parent is None)


def test_branches_share_the_kvk_number_of_their_chain(result):
    for branch in Account.objects.filter(parent__isnull=False).select_related("root"):
        assert branch.kvk_number == branch.root.kvk_number
        assert re.fullmatch(r"\d{12}", branch.establishment_number)


def test_every_contact_has_a_position_with_a_valid_buying_role(result):
    assert not Contact.objects.filter(positions__isnull=True).exists()
    roles = set(Position.objects.values_list("buying_role", flat=True))
    assert roles <= {"", *BuyingRole.values}
    assert roles & set(BuyingRole.values)
    for start, end in Position.objects.exclude(end_date=None).values_list("start_date", "end_date"):
        assert start is None or start <= end


def test_owners_are_account_managers_and_team_members_colleagues(result):
    owner_roles = set(Account.objects.values_list("owner__role", flat=True))
    assert owner_roles == {Role.ACCOUNT_MANAGER}
    for member in AccountTeamMember.objects.select_related("account", "user"):
        assert member.user_id != member.account.owner_id


def test_identifiers_pass_the_validators_of_the_app(result):
    for account in Account.objects.all():
        assert account.kvk_number == "" or re.fullmatch(r"\d{8}", account.kvk_number)
        if account.vat_number:
            assert btw.is_valid(account.vat_number)
        assert validators.clean_postcode(account.visit_postcode, "NL") == account.visit_postcode
        if account.phone:
            assert phonenumbers.is_valid_number(phonenumbers.parse(account.phone))
    for mobile in Contact.objects.exclude(mobile="").values_list("mobile", flat=True):
        assert phonenumbers.is_valid_number(phonenumbers.parse(mobile))


def test_each_account_has_its_created_history_row(result):
    assert Account.history.filter(history_type="+").count() == SIZES["XS"].accounts
    account = Account.objects.first()
    assert account.history.get().version == account.version == 1


def test_the_manager_reads_every_account_of_the_team(result):
    manager = User.objects.get(role=Role.MANAGER)
    assert access.accounts_readable(manager).count() == SIZES["XS"].accounts


def test_the_search_finds_generated_accounts_and_contacts(result):
    """The search indexes (FTS5 on SQLite, trigram on PostgreSQL) are rebuilt after the load."""
    manager = User.objects.get(role=Role.MANAGER)
    account = Account.objects.filter(parent__isnull=True).order_by("pk").first()
    word = max(account.name.split(), key=len)
    accounts, _filterset = filter_accounts(manager, {"q": word[1:5], "scope": "all"})
    assert account in accounts
    position = Position.objects.filter(end_date__isnull=True).select_related("contact").first()
    last_name = max(position.contact.last_name.split(), key=len)
    accounts, _filterset = filter_accounts(manager, {"q": last_name[:4], "scope": "all"})
    assert position.account in accounts


# -- the scenarios of bench.run --------------------------------------------------------------


def test_every_app_with_scenarios_is_found_in_installed_apps_order():
    names = [module.__name__ for module in app_modules()]

    assert names[:2] == ["bench.apps.core", "bench.apps.accounts"]
    assert "bench.apps.transfer" in names


def test_the_floor_comes_first_so_that_every_round_of_the_http_mode_starts_with_it():
    rows = scenarios(app_modules(), size="XS")

    assert rows[0].name == "floor: signed-in 'ok'"
    assert len({row.name for row in rows}) == len(rows)


@pytest.mark.parametrize(
    "name", [row.name for row in scenarios(app_modules(), size="XS") if row.call is None]
)
def test_the_scenario_answers_with_its_expected_status(subjects, name):
    scenario = next(row for row in scenarios(app_modules(), size="XS") if row.name == name)
    sessions = Sessions(subjects)

    check(scenario, sessions.request(scenario, 0))


def test_the_import_scenario_imports_its_file_and_rolls_it_back(subjects, capsys):
    before = Account.objects.count()
    runner = Runner(requests=1, warmup=0, explain=0)
    scenario = next(row for row in scenarios(app_modules(), size="XS") if row.call is not None)

    scenario.call(runner, subjects, SimpleNamespace(import_rows=40))

    assert runner.results[0].scenario == "import 40 rows"
    assert runner.results[0].note.startswith("32 created, 8 updated")
    assert Account.objects.count() == before
