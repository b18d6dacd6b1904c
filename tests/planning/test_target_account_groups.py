"""Targets of an account's product group (decision 149): the actual against hand-computed
orders (a chain with its branch, a main group with its subgroups, whoever sold it), plan
against actual with its drill-down, the roll-up in the grid (the account's target and the
account manager's target of a group against their parts, the gaps), a cell and an XLSX import
in those grids, who reads and sets them, and the API."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.planning.models import Measure, PeriodKind, Target, TargetLevel
from koers.planning.targets import progress, services
from koers.planning.targets.actuals import monthly_actuals, period_actual
from koers.planning.targets.drilldown import actual_drill
from koers.planning.targets.services import TargetRow
from koers.sales.models import OpportunityMember
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_opportunity

D = Decimal
YEAR = 2026
AG = TargetLevel.ACCOUNT_GROUP


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(YEAR, 6, 15), tick=False):
        yield


@pytest.fixture
def world(people):
    """Alice's chain Alpha with its branch Alpha Zwolle, her account Beta, and the groups Bakery
    (with its subgroups Bread and Cake) and Other. This year Alpha bought 300 of bread and 99
    of other in March; its branch 200 of cake in May (ordered as the branch); the chain itself
    50 of Bakery for the branch in July (through the branch field); Beta 1000 of bread in May,
    from a deal split 60 / 40 between alice and bob. Last year's orders do not count."""
    bakery = make_group("BAKKERIJ")
    bread = make_group("BROOD", parent=bakery)
    cake = make_group("GEBAK", parent=bakery)
    other = make_group("OVERIG")
    alpha = make_account(people.alice, "Alpha")
    zwolle = make_account(people.alice, "Alpha Zwolle", parent=alpha)
    beta = make_account(people.alice, "Beta")
    alice = people.alice
    delivered(alice, alpha, date(YEAR, 3, 2), [(bread, "300", "100", "3"), (other, "99", "0", "1")])
    delivered(alice, zwolle, date(YEAR, 5, 4), [(cake, "200", "50", "2")])
    delivered(alice, alpha, date(YEAR, 7, 1), [(bakery, "50", "0", "1")], branch=zwolle)
    delivered(alice, alpha, date(YEAR - 1, 3, 2), [(bread, "777", "0", "1")])
    deal = make_opportunity(people.alice, beta)
    deal.owner_share = D("60")
    deal.save(update_fields=["owner_share"])
    OpportunityMember.objects.create(opportunity=deal, user=people.bob, share=D("40"))
    delivered(alice, beta, date(YEAR, 5, 5), [(bread, "1000", "400", "10")], opportunity=deal)
    return {
        "bakery": bakery,
        "bread": bread,
        "cake": cake,
        "other": other,
        "alpha": alpha,
        "zwolle": zwolle,
        "beta": beta,
    }


def _ids(account, group):
    return {"account": account.pk, "product_group": group.pk}


def _actual(measure, account, group, kind=PeriodKind.YEAR, period=1):
    (monthly,) = monthly_actuals(measure, AG, [_ids(account, group)], YEAR).values()
    return period_actual(monthly, kind, period)


def _set(people, account, group, amount, kind=PeriodKind.YEAR, period=1, actor=None):
    row = TargetRow("revenue", AG, _ids(account, group), YEAR, kind, period, D(amount))
    return services.target_set(actor=actor or people.maria, row=row)


def test_a_parent_group_of_a_chain_counts_its_childrens_orders_and_its_branches(people, world):
    alpha, bakery = world["alpha"], world["bakery"]

    # 300 bread + 200 cake at the branch + 50 bakery for the branch; not the 99 of other.
    assert _actual(Measure.REVENUE, alpha, bakery) == D("550.00")
    assert _actual(Measure.MARGIN, alpha, bakery) == D("400.00")
    assert _actual(Measure.VOLUME, alpha, bakery) == D("6.00")
    assert _actual(Measure.REVENUE, alpha, bakery, PeriodKind.QUARTER, 2) == D("200.00")
    assert _actual(Measure.REVENUE, alpha, bakery, PeriodKind.MONTH, 3) == D("300.00")
    # A subgroup counts only itself; another group only its own lines.
    assert _actual(Measure.REVENUE, alpha, world["bread"]) == D("300.00")
    assert _actual(Measure.REVENUE, alpha, world["other"]) == D("99.00")


def test_an_account_counts_the_whole_order_whoever_is_credited(people, world):
    beta, bakery = world["beta"], world["bakery"]

    # The account bought 1000 of bread, as the account's own target counts it; in their
    # product group alice is credited 600 of it (with Alpha's 550: 1150), bob 400.
    assert _actual(Measure.REVENUE, beta, bakery) == D("1000.00")
    (account,) = monthly_actuals(Measure.REVENUE, "account", [{"account": beta.pk}], YEAR).values()
    assert sum(account) == D("1000.00")
    alice = {"user": people.alice.pk, "product_group": bakery.pk}
    bob = {"user": people.bob.pk, "product_group": bakery.pk}
    found = monthly_actuals(Measure.REVENUE, TargetLevel.USER_GROUP, [alice, bob], YEAR)
    assert sorted(sum(m) for m in found.values()) == [D("400.00"), D("1150.00")]


def test_many_rows_take_the_same_two_queries(people, world, django_assert_num_queries):
    rows = [_ids(a, g) for a in (world["alpha"], world["beta"]) for g in (world["bakery"],)]
    rows += [_ids(world["alpha"], world["other"])]

    with django_assert_num_queries(2):
        found = monthly_actuals(Measure.REVENUE, AG, rows, YEAR)

    assert [sum(m) for m in found.values()] == [D("550.00"), D("1000.00"), D("99.00")]


def test_visits_and_new_customers_have_no_product_group(people, world):
    assert _actual(Measure.VISITS, world["alpha"], world["bakery"]) == D("0")
    assert _actual(Measure.NEW_CUSTOMERS, world["alpha"], world["bakery"]) == D("0")


def test_plan_against_actual_and_its_drill_down_add_up(people, world):
    target = _set(people, world["alpha"], world["bakery"], "1000")

    (figures,) = progress.figures([target])
    drill = actual_drill(target)

    assert (figures.actual, figures.pipeline, figures.deviation) == (
        D("550.00"),
        D("0"),
        D("-450.00"),
    )
    assert figures.label == f"Alpha · {world['bakery'].name}"
    assert drill.total == figures.actual
    assert sum(r["value"] for r in drill.rows) == D("550")
    assert {r["account_name"] for r in drill.rows} == {"Alpha", "Alpha Zwolle"}


def test_the_progress_page_lists_the_level_and_drills_down(people, world, client_for):
    target = _set(people, world["alpha"], world["bakery"], "1000")
    client = client_for(people.alice)

    page = client.get(reverse("planning:target_progress"), {"year": YEAR, "level": AG})
    drill = client.get(reverse("planning:target_drilldown", args=[target.pk, "actual"]))

    assert [(r.target.pk, r.actual) for r in page.context["rows"]] == [(target.pk, D("550.00"))]
    assert drill.status_code == 200
    assert drill.context["drill"].total == D("550.00")


def _grid(client, **params):
    query = {"view": "person", "user": params.pop("user"), "year": YEAR, **params}
    return client.get(reverse("planning:target_grid"), query)


def test_the_grid_of_an_account_rolls_its_groups_up_to_its_target(people, world, client_for):
    alpha = world["alpha"]
    services.target_set(
        actor=people.maria,
        row=TargetRow(
            "revenue", "account", {"account": alpha.pk}, YEAR, PeriodKind.YEAR, 1, D("5000")
        ),
    )
    _set(people, alpha, world["bakery"], "3000")
    _set(people, alpha, world["other"], "1500")
    _set(people, alpha, world["bakery"], "250", PeriodKind.MONTH, 3)

    grid = _grid(
        client_for(people.maria), user=people.alice.pk, by="groups", account=alpha.pk
    ).context["grid"]

    assert (grid.parent.level, grid.parent.label, grid.parent.year) == ("account", "Alpha", 5000)
    assert [(r.level, r.label, r.year) for r in grid.rows] == [
        (AG, world["bakery"].name, D("3000.00")),
        (AG, world["other"].name, D("1500.00")),
    ]
    assert grid.year_gap == D("500.00")
    assert grid.column_sums[2] == D("250.00")
    assert [r.actual_year for r in grid.rows] == [D("550.00"), D("99.00")]
    assert grid.parent.actual_year == D("649.00")


def test_the_grid_of_a_group_rolls_the_accounts_up_to_the_account_managers_target(
    people, world, client_for
):
    bakery = world["bakery"]
    ids = {"user": people.alice.pk, "product_group": bakery.pk}
    services.target_set(
        actor=people.maria,
        row=TargetRow("revenue", "user_group", ids, YEAR, PeriodKind.YEAR, 1, D("4000")),
    )
    _set(people, world["alpha"], bakery, "1000")
    _set(people, world["beta"], bakery, "2500")
    client = client_for(people.maria)

    response = _grid(client, user=people.alice.pk, by="accounts", group=bakery.pk)
    grid = response.context["grid"]

    assert (grid.parent.level, grid.parent.label) == (
        "user_group",
        f"{people.alice} · {bakery.name}",
    )
    assert [(r.label, r.year, r.actual_year) for r in grid.rows] == [
        ("Alpha", D("1000.00"), D("550.00")),
        ("Beta", D("2500.00"), D("1000.00")),
    ]
    assert grid.year_gap == D("500.00")
    # The parent (alice's group) counts her credited 600 of Beta's 1000 and all of Alpha's.
    assert grid.parent.actual_year == D("1150.00")
    assert 'id="target-narrowed"' in response.content.decode()
    assert not response.context["spreadable"]


def test_the_rows_of_an_account_managers_grid_open_their_own_grids(people, world, client_for):
    client = client_for(people.maria)

    by_accounts = _grid(client, user=people.alice.pk, by="accounts").content.decode()
    by_groups = _grid(client, user=people.alice.pk, by="groups").content.decode()

    assert f"by=groups&amp;account={world['alpha'].pk}" in by_accounts
    assert f"by=accounts&amp;group={world['bakery'].pk}" in by_groups


@pytest.mark.parametrize(
    ("who", "params"),
    [
        ("maria", {"by": "groups", "account": "zwolle"}),  # a branch: its chain's grid
        ("charlie", {"by": "groups", "account": "alpha"}),  # not his grid
        ("maria", {"by": "accounts", "group": "bread"}),  # a subgroup
    ],
)
def test_another_account_or_group_is_not_found(people, world, client_for, who, params):
    name = "account" if "account" in params else "group"
    query = {**params, name: world[params[name]].pk}
    user = people.alice.pk

    assert _grid(client_for(getattr(people, who)), user=user, **query).status_code == 404


def test_the_manager_saves_a_cell_and_the_account_manager_may_not(people, world, client_for):
    body = {
        "measure": "revenue",
        "year": YEAR,
        "level": AG,
        "account": world["alpha"].pk,
        "product_group": world["bakery"].pk,
        "period": 0,
        "amount": "1.250,50",
    }

    refused = client_for(people.alice).post(reverse("planning:target_cell"), body)
    assert refused.status_code == 403
    assert not Target.objects.exists()
    saved = client_for(people.maria).post(reverse("planning:target_cell"), body)

    assert saved.status_code == 200
    target = Target.objects.get()
    assert (target.level, target.key, target.amount) == (
        AG,
        f"account_group/account:{world['alpha'].pk}/group:{world['bakery'].pk}",
        D("1250.50"),
    )


def test_the_import_fills_the_grid_of_an_account(people, world, client_for):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Row", *range(1, 13), "Year"])
    sheet.append(["Alpha", *[None] * 12, 6000])
    sheet.append([world["bakery"].name, 100, 200, *[None] * 10, 4000])
    sheet.append([world["other"].name, *[None] * 12, 2000])
    out = io.BytesIO()
    book.save(out)
    query = (
        f"view=person&user={people.alice.pk}&by=groups&account={world['alpha'].pk}"
        f"&year={YEAR}&measure=revenue"
    )

    response = client_for(people.maria).post(
        f"{reverse('planning:target_import')}?{query}",
        {"file": SimpleUploadedFile("t.xlsx", out.getvalue())},
    )

    assert response.status_code == 302
    assert f"account={world['alpha'].pk}" in response["Location"]
    found = Target.objects.order_by("level", "product_group", "period_kind", "period")
    assert [(t.level, t.period_kind, t.period, t.amount) for t in found] == [
        ("account", "year", 1, D("6000.00")),
        (AG, "month", 1, D("100.00")),
        (AG, "month", 2, D("200.00")),
        (AG, "year", 1, D("4000.00")),
        (AG, "year", 1, D("2000.00")),
    ]


def test_the_account_manager_reads_the_targets_of_her_accounts_only(people, world, api):
    mine = _set(people, world["alpha"], world["bakery"], "1000")
    charlies = make_account(people.charlie, "Delta")
    services.target_set(
        actor=people.admin,
        row=TargetRow(
            "revenue", AG, _ids(charlies, world["bakery"]), YEAR, PeriodKind.YEAR, 1, D("9")
        ),
    )

    listed = api(people.alice).get("/targets", {"level": AG}).json()["results"]

    assert [(t["id"], t["account"], t["product_group"]) for t in listed] == [
        (mine.pk, world["alpha"].pk, world["bakery"].pk)
    ]


def test_the_api_sets_an_accounts_group_and_refuses_a_branch(people, world, api):
    client = api(people.maria)
    row = {
        "measure": "revenue",
        "level": AG,
        "year": YEAR,
        "period_kind": "year",
        "amount": "1000",
        "product_group": world["bakery"].pk,
    }

    saved = client.post("/targets/bulk", {"targets": [{**row, "account": world["alpha"].pk}]})
    branch = client.post("/targets/bulk", {"targets": [{**row, "account": world["zwolle"].pk}]})
    missing = client.post("/targets/bulk", {"targets": [{**row, "product_group": None}]})

    assert saved.json()["created"] == 1
    assert branch.status_code == 422
    assert [(e["field"], e["code"]) for e in branch.json()["errors"]] == [
        ("targets.0.account", "branch")
    ]
    assert missing.status_code == 422
    assert Target.objects.count() == 1
    progress_rows = client.get("/targets/actuals", {"year": YEAR, "level": AG}).json()["results"]
    assert [(r["actual"], r["pipeline"]) for r in progress_rows] == [("550.00", "0.00")]


@pytest.mark.parametrize("extra", [0, 12])
def test_the_narrowed_grids_make_a_fixed_number_of_queries(
    people, world, client_for, query_baseline, extra
):
    for n in range(extra):
        account = make_account(people.alice, f"Extra {n:02d}")
        delivered(people.alice, account, date(YEAR, 2, 1), [(world["bread"], "5", "0", "1")])
        _set(people, account, world["bakery"], "100")
    client = client_for(people.maria)

    with query_baseline("a group per account"):
        by_group = _grid(client, user=people.alice.pk, by="accounts", group=world["bakery"].pk)
    with query_baseline("an account per group"):
        by_account = _grid(client, user=people.alice.pk, by="groups", account=world["alpha"].pk)

    assert len(by_group.context["grid"].rows) == 2 + extra
    assert by_account.status_code == 200
