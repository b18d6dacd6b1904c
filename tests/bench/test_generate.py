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
from django.utils import timezone
from stdnum.nl import btw

from koers.accounts import validators
from koers.accounts.filters import filter_accounts
from koers.accounts.models import Account, AccountTeamMember, BuyingRole, Contact, Position
from koers.core import access
from koers.core.models import Role, Team, User
from koers.relations.models import (
    REPORTED_KINDS,
    Activity,
    ActivityStatus,
    Commitment,
    ContactState,
    DigestSent,
    VisitReport,
)
from koers.relations.norms import refresh_contact_states
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
        Role.SALES_DIRECTOR: 1,
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


@pytest.mark.parametrize("background_kb", [256, 1], ids=["in the request", "by the worker"])
def test_the_import_scenario_imports_its_file_and_rolls_it_back(subjects, settings, background_kb):
    # The 10,000 rows of size L are over the limit: the file is then read by the worker's task.
    settings.IMPORT_BACKGROUND_KB = background_kb
    before = Account.objects.count()
    runner = Runner(requests=1, warmup=0, explain=0)
    scenario = next(row for row in scenarios(app_modules(), size="XS") if row.call is not None)

    scenario.call(runner, subjects, SimpleNamespace(import_rows=40))

    assert runner.results[0].scenario == "import 40 rows"
    assert runner.results[0].note.startswith("32 created, 8 updated")
    assert Account.objects.count() == before


def test_the_messy_import_scenario_imports_its_file_and_rolls_it_back(subjects):
    before = (Account.objects.count(), Contact.objects.count())
    runner = Runner(requests=1, warmup=0, explain=0)
    scenario = next(
        row for row in scenarios(app_modules(), size="XS") if row.name == "import messy"
    )

    scenario.call(runner, subjects, SimpleNamespace(messy_rows=60))

    note = runner.results[0].note
    assert runner.results[0].scenario == "import 2,000 messy rows"
    assert re.match(r"\d+ accounts created, \d+ branches, \d+ rows left out", note), note
    assert int(note.split()[0]) > 20
    assert (Account.objects.count(), Contact.objects.count()) == before


def test_the_digest_scenario_sends_and_rolls_back(subjects):
    runner = Runner(requests=1, warmup=0, explain=0)
    scenario = next(
        row for row in scenarios(app_modules(), size="XS") if row.name == "daily digest"
    )

    scenario.call(runner, subjects, SimpleNamespace())

    assert re.match(r"[1-3] of 3 account managers got one", runner.results[0].note)
    assert not DigestSent.objects.exists()


# -- relationship care -------------------------------------------------------------------------


def test_activities_follow_the_size_and_reports_belong_to_done_meetings(result):
    accounts = SIZES["XS"].accounts
    assert 15 * accounts <= Activity.objects.count() <= 24 * accounts
    reports = VisitReport.objects.select_related("activity")
    assert reports.count() >= 4 * accounts
    for report in reports:
        assert report.activity.status == ActivityStatus.DONE
        assert report.activity.kind in REPORTED_KINDS
        assert report.author_id == report.activity.owner_id
        assert report.created_at >= report.activity.actual_end
    assert not Activity.objects.filter(status="planned", planned_start__gte=timezone.now()).filter(
        actual_start__isnull=False
    )
    assert not Activity.objects.filter(status="done", planned_start__gt=timezone.now())
    assert Activity.objects.filter(status="cancelled").exclude(cancel_reason="").exists()


def test_commitments_from_reports_belong_to_the_report_s_account(result):
    commitments = Commitment.objects.select_related("report__activity")
    assert commitments.count() >= accounts_times(1)
    for commitment in commitments:
        if commitment.source == "visit_report":
            assert commitment.report.activity.account_id == commitment.account_id
        else:
            assert commitment.report_id is None
        assert (commitment.status == "done") == (commitment.done_date is not None)
    today = timezone.localdate()
    assert commitments.filter(status="open", due_date__lt=today).exists()


def accounts_times(n: int) -> int:
    return n * SIZES["XS"].accounts


def test_every_account_has_the_contact_status_the_app_computes(result):
    fields = ("account_id", "last_contact_on", "norm_days", "due_on")
    generated = sorted(ContactState.objects.values_list(*fields))
    assert len(generated) == Account.objects.count()

    refresh_contact_states(Account.objects.values_list("pk", flat=True))

    assert sorted(ContactState.objects.values_list(*fields)) == generated
    overdue = ContactState.objects.filter(due_on__lt=timezone.localdate()).count()
    assert 0 < overdue < Account.objects.count()


def test_the_gifts_follow_the_register_rules(result):
    from koers.gifts.models import Gift

    assert result.counts["gifts"] == Gift.objects.count() > 0
    for gift in Gift.objects.select_related("person"):
        assert gift.person_id == gift.account.owner_id
        assert gift.above_limit == (gift.value > gift.limit)
        assert gift.status != "requested" or gift.above_limit
        assert (gift.status == "received") == (gift.direction == "received")


# -- sales -------------------------------------------------------------------------------------


def test_the_pipeline_follows_the_size_and_its_stage_changes_end_in_the_stage(result):
    from itertools import pairwise

    from django.db.models import Count

    from koers.sales.models import Opportunity, Product, StageChange

    accounts = SIZES["XS"].accounts
    assert Opportunity.objects.count() == 2 * accounts == result.counts["opportunities"]
    assert Product.objects.count() == 40
    changes = StageChange.objects.count()
    assert 2.5 * Opportunity.objects.count() <= changes <= 3.5 * Opportunity.objects.count()
    per_deal = dict(
        StageChange.objects.values("opportunity")
        .annotate(n=Count("pk"))
        .values_list("opportunity", "n")
    )
    for o in Opportunity.objects.all():
        steps = list(o.stage_changes.order_by("at", "pk"))
        assert len(steps) == per_deal[o.pk] and steps[0].from_stage == ""
        assert steps[-1].to_stage == o.stage and steps[0].account_id == o.account_id
        assert all(a.to_stage == b.from_stage for a, b in pairwise(steps))
        assert (o.closed_at is not None) == (o.stage in ("won", "lost"))
        assert (o.won_on is not None) == (o.stage == "won")
        assert (o.lost_reason != "") == (o.stage == "lost")
        assert o.owner_id == o.account.owner_id


def test_quotes_follow_the_size_and_their_stored_totals_are_their_lines(result):
    from django.db.models import Sum

    from koers.sales.models import Opportunity, QuoteApproval, QuoteLine, QuoteVersion

    deals = Opportunity.objects.count()
    assert abs(result.counts["quotes"] - 1.5 * deals) <= 1
    versions = QuoteVersion.objects.select_related("quote__opportunity")
    for version in versions:
        lines = QuoteLine.objects.filter(group__quote_version=version)
        assert version.net_total == lines.aggregate(s=Sum("net_amount"))["s"]
        stage = version.quote.opportunity.stage
        if version.superseded_by_id is None and version.quote.title != "Jaarcontract 50 regels":
            if stage == "won":
                assert version.status == "accepted"
            elif stage == "lost":
                assert version.status in ("declined", "expired")
        else:
            assert version.superseded_by_id is None or version.status == "superseded"
    waiting = QuoteVersion.objects.filter(status="needs_approval").count()
    assert QuoteApproval.objects.filter(status="pending").count() == waiting


def test_the_pdf_scenario_makes_the_quote_of_50_lines(subjects):
    runner = Runner(requests=1, warmup=0, explain=0)
    scenario = next(
        row for row in scenarios(app_modules(), size="XS") if row.name == "quote PDF of 50 lines"
    )

    scenario.call(runner, subjects, SimpleNamespace())

    assert runner.results[0].scenario == "quote PDF of 50 lines"
    assert runner.results[0].n == 5 and runner.results[0].p50_ms > 0


# -- market information, analyses, surveys, online quotes, templates ---------------------------


def test_signals_analyses_and_competitors_follow_the_size(result):
    from koers.planning.models import AccountAnalysis, AccountCompetitor, AnalysisYear, MarketSignal

    accounts = SIZES["XS"].accounts
    assert MarketSignal.objects.count() == 5 * accounts
    tied = MarketSignal.objects.filter(accounts__isnull=False).distinct().count()
    assert 0.6 * 5 * accounts < tied < 0.95 * 5 * accounts
    competitor_signals = MarketSignal.objects.filter(kind="competitor")
    assert competitor_signals.exists()
    assert not competitor_signals.filter(competitors__isnull=True).exists()
    assert AccountAnalysis.objects.count() == accounts
    assert AnalysisYear.objects.count() == 3 * accounts
    assert AccountAnalysis.objects.values("account").distinct().count() < accounts
    assert AccountCompetitor.objects.values("account").distinct().count() > 0.15 * accounts


def test_surveys_belong_to_delivered_orders_and_answers_have_scores(result):
    from koers.aftersales.models import Survey

    surveys = Survey.objects.select_related("order")
    assert surveys.count() > 0
    for survey in surveys:
        assert survey.order.delivered_on is not None
        assert survey.account_id == survey.order.account_id
        assert (survey.answered_at is None) == (survey.score is None)
    assert surveys.filter(answered_at__isnull=False).exists()


def test_every_sent_version_has_an_online_link_that_its_bench_token_opens(result):
    from bench.apps.sales_quotes import quote_link_token

    from koers.sales.models import QuoteLink, QuoteTemplate, QuoteVersion
    from koers.sales.quotes.services.online import link_find

    sent = QuoteVersion.objects.filter(sent_at__isnull=False)
    assert QuoteLink.objects.count() == sent.count() > 0
    version = sent.order_by("pk").first()
    assert link_find(quote_link_token(version.pk)).quote_version == version
    assert QuoteTemplate.objects.count() == 5
