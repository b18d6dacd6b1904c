"""Spreading over accounts and product groups, and the spreading page one page of rows at a
time (decision 149): the rows start at last year's share of what each account bought of each
group (empty where it bought nothing), the parts become targets of the accounts' product
groups, the page pages and filters while the percentages of the rows not shown stay in the
total and are saved with the rest, the API, and a fixed number of queries whatever the rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.planning.models import PeriodKind, Target, TargetLevel
from koers.planning.targets import services, spread_parts
from koers.planning.targets.services import TargetRow
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group

D = Decimal
YEAR = 2026
AG = TargetLevel.ACCOUNT_GROUP
PAGE = 25


def _target(people, amount="10000"):
    row = TargetRow(
        "revenue", TargetLevel.USER, {"user": people.alice.pk}, YEAR, PeriodKind.YEAR, 1, D(amount)
    )
    return services.target_set(actor=people.maria, row=row)


@pytest.fixture
def cross(people):
    """Alice's accounts Alpha (with a branch) and Beta, the main groups Bakery (with its
    subgroup Bread) and Dairy. Last year Alpha bought 600 of bread (200 of it through its
    branch) and Beta 400 of dairy; nothing else."""
    bakery, dairy = make_group("BAKKERIJ"), make_group("ZUIVEL")
    bread = make_group("BROOD", parent=bakery)
    alpha, beta = make_account(people.alice, "Alpha"), make_account(people.alice, "Beta")
    branch = make_account(people.alice, "Alpha Zwolle", parent=alpha)
    last_year = date(YEAR - 1, 4, 1)
    delivered(people.alice, alpha, last_year, [(bread, "400", "0", "1")])
    delivered(people.alice, branch, last_year, [(bread, "200", "0", "1")])
    delivered(people.alice, beta, last_year, [(dairy, "400", "0", "1")])
    return {"alpha": alpha, "beta": beta, "branch": branch, "bakery": bakery, "dairy": dairy}


def test_the_rows_are_each_account_with_each_group_at_last_years_share(people, cross):
    rows = spread_parts.spread_rows(_target(people), spread_parts.ACCOUNT_GROUPS)

    bakery, dairy = cross["bakery"].name, cross["dairy"].name
    assert [(r.label, r.group_label, r.last_year, r.share, r.start) for r in rows] == [
        ("Alpha", bakery, D("600.00"), D("60.00"), D("60.00")),
        ("Alpha", dairy, D("0"), D("0.00"), None),
        ("Beta", bakery, D("0"), D("0.00"), None),
        ("Beta", dairy, D("400.00"), D("40.00"), D("40.00")),
    ]


def _part(cross, account, group, percentage):
    ids = {"account": cross[account].pk, "product_group": cross[group].pk}
    return (AG, ids, D(percentage))


def test_the_spread_makes_targets_of_the_accounts_product_groups(people, cross):
    source = _target(people)
    parts = [
        _part(cross, "alpha", "bakery", "55"),
        _part(cross, "alpha", "dairy", "5"),
        _part(cross, "beta", "dairy", "40"),
    ]

    saved = services.target_spread_parts(actor=people.alice, source=source, parts=parts)

    assert [(t.level, t.account.name, t.product_group.code, t.amount) for t in saved] == [
        (AG, "Alpha", "BAKKERIJ", D("5500.00")),
        (AG, "Alpha", "ZUIVEL", D("500.00")),
        (AG, "Beta", "ZUIVEL", D("4000.00")),
    ]
    services.target_spread_parts(actor=people.alice, source=source, parts=parts)
    assert Target.objects.filter(level=AG).count() == 3


@pytest.mark.parametrize(
    ("part", "field"),
    [
        (("branch", "bakery"), "parts.1.account"),  # a branch: the chain's counts it
        (("alpha", "bread"), "parts.1.product_group"),  # a subgroup
        (("alpha", "bakery"), "parts.1.account"),  # twice
    ],
)
def test_a_part_that_is_not_the_account_managers_own_saves_nothing(people, cross, part, field):
    cross["bread"] = cross["bakery"].children.get()
    parts = [_part(cross, "alpha", "bakery", "50"), _part(cross, *part, "50")]

    with pytest.raises(ValidationError) as refused:
        services.target_spread_parts(actor=people.alice, source=_target(people), parts=parts)

    assert list(refused.value.message_dict) == [field]
    assert not Target.objects.filter(level=AG).exists()


def test_parts_of_two_kinds_save_nothing(people, cross):
    parts = [
        _part(cross, "alpha", "bakery", "50"),
        (TargetLevel.ACCOUNT, {"account": cross["beta"].pk}, D("50")),
    ]

    with pytest.raises(ValidationError) as refused:
        services.target_spread_parts(actor=people.alice, source=_target(people), parts=parts)

    assert refused.value.message_dict == {
        "parts": ["Spread over accounts, over product groups or over both."]
    }


def _url(target, over="account_groups"):
    return f"{reverse('planning:target_spread_parts', args=[target.pk])}?over={over}"


@pytest.fixture
def many(people):
    """Alice's thirty accounts "Account 01" to "Account 30"; last year each bought as much as
    its number (465 in all)."""
    accounts = []
    for n in range(1, 31):
        account = make_account(people.alice, f"Account {n:02d}")
        delivered(people.alice, account, date(YEAR - 1, 2, 1), [(None, f"{n}", "0", "1")])
        accounts.append(account)
    return accounts


def _fields(response):
    return {field.html_name: field.value() for _row, field in response.context["rows"]}


def test_the_page_shows_one_page_and_keeps_the_others_in_the_total(people, many, client_for):
    target = _target(people, "46500")
    client = client_for(people.alice)

    first = client.get(_url(target, "accounts"))

    assert list(_fields(first)) == [f"pct_{a.pk}" for a in many[:PAGE]]
    assert first.context["page_obj"].paginator.num_pages == 2
    # The five not shown: 26 + ... + 30 = 140 of 465.
    assert first.context["others"] == 5
    assert first.context["others_total"] == sum(
        (spread_parts.spread_rows(target, "accounts")[i].share for i in range(25, 30)), D("0")
    )
    assert 'data-others="' in first.content.decode()


def test_paging_keeps_what_was_typed_and_saving_counts_every_row(people, many, client_for):
    target = _target(people, "10000")
    client = client_for(people.alice)
    page_one = client.get(_url(target, "accounts"))
    body = dict.fromkeys(_fields(page_one), "")
    body[f"pct_{many[0].pk}"] = "40"
    body.update(kept=page_one.context["form"]["kept"].value(), page="1", goto="2")

    # Page one: forty percent for the first account, nothing for the other 24; then page two.
    page_two = client.post(_url(target, "accounts"), body)

    assert page_two.status_code == 200
    assert list(_fields(page_two)) == [f"pct_{a.pk}" for a in many[PAGE:]]
    assert page_two.context["others"] == 1
    assert page_two.context["others_total"] == D("40")
    body = dict.fromkeys(_fields(page_two), "12")
    body.update(kept=page_two.context["form"]["kept"].value(), page="2")

    saved = client.post(_url(target, "accounts"), body)  # 40 + 5 x 12 = 100

    assert saved.status_code == 302
    found = dict(Target.objects.filter(level="account").values_list("account__name", "amount"))
    assert found == {
        "Account 01": D("4000.00"),
        **{f"Account {n}": D("1200.00") for n in range(26, 31)},
    }


def test_a_refused_total_stays_on_the_page_it_came_from(people, many, client_for):
    target = _target(people)
    client = client_for(people.alice)
    page_one = client.get(_url(target, "accounts"))
    body = dict(_fields(page_one))
    body.update(kept=page_one.context["form"]["kept"].value(), page="1", goto="2")
    page_two = client.post(_url(target, "accounts"), body)
    body = dict.fromkeys(_fields(page_two), "0")
    body.update(kept=page_two.context["form"]["kept"].value(), page="2")

    refused = client.post(_url(target, "accounts"), body)

    assert refused.status_code == 200
    assert refused.context["page_obj"].number == 2
    assert refused.context["form"].total_errors()[0].startswith("Together the percentages come")
    assert not Target.objects.filter(level="account").exists()


def test_a_bad_percentage_keeps_the_page_from_turning(people, many, client_for):
    target = _target(people)
    client = client_for(people.alice)
    page_one = client.get(_url(target, "accounts"))
    body = {**_fields(page_one), f"pct_{many[3].pk}": "abc", "page": "1", "goto": "2"}
    body["kept"] = page_one.context["form"]["kept"].value()

    response = client.post(_url(target, "accounts"), body)

    assert response.context["page_obj"].number == 1
    assert response.context["form"].errors == {
        f"pct_{many[3].pk}": ["Give a percentage from 0 to 100."]
    }


def test_the_filter_narrows_the_rows_and_keeps_the_page_typed(people, cross, client_for):
    target = _target(people)
    client = client_for(people.alice)
    first = client.get(_url(target))
    body = {**_fields(first), "kept": first.context["form"]["kept"].value(), "page": "1"}
    body[f"pct_{cross['alpha'].pk}-{cross['dairy'].pk}"] = "10"
    body[f"pct_{cross['alpha'].pk}-{cross['bakery'].pk}"] = "50"
    body.update(q="", group=str(cross["dairy"].pk), action="show")

    dairy = client.post(_url(target), body)

    assert [(r.label, r.group_label) for r, _f in dairy.context["rows"]] == [
        ("Alpha", cross["dairy"].name),
        ("Beta", cross["dairy"].name),
    ]
    assert _fields(dairy) == {
        f"pct_{cross['alpha'].pk}-{cross['dairy'].pk}": "10.00",
        f"pct_{cross['beta'].pk}-{cross['dairy'].pk}": "40.00",
    }
    assert (dairy.context["others"], dairy.context["others_total"]) == (1, D("50"))
    body = {**_fields(dairy), "kept": dairy.context["form"]["kept"].value()}
    body.update(shown_group=str(cross["dairy"].pk), group=str(cross["dairy"].pk), q="bet")
    body["action"] = "show"

    beta = client.post(_url(target), body)

    assert [r.label for r, _f in beta.context["rows"]] == ["Beta"]


def test_the_page_saves_over_accounts_and_groups_and_opens_the_groups_grid(
    people, cross, client_for
):
    target = _target(people)
    client = client_for(people.maria)
    page = client.get(_url(target))
    # Alpha's bakery and Beta's dairy start at 60 and 40; the others start empty.
    assert list(_fields(page).values()) == ["60.00", "", "", "40.00"]

    saved = client.post(_url(target), {**_fields(page), "kept": "", "action": "save"})

    assert saved.status_code == 302
    grid = client.get(saved["Location"]).context["grid"]
    assert (grid.by, grid.group) == ("accounts", cross["bakery"])
    assert [(r.label, r.year) for r in grid.rows] == [("Alpha", D("6000.00")), ("Beta", None)]
    found = Target.objects.filter(level=AG).order_by("account__name")
    assert [(t.account.name, t.product_group.code, t.amount) for t in found] == [
        ("Alpha", "BAKKERIJ", D("6000.00")),
        ("Beta", "ZUIVEL", D("4000.00")),
    ]


def test_the_api_gives_the_rows_and_spreads_over_both(people, cross, api):
    target = _target(people)
    client = api(people.alice)

    rows = client.get(f"/targets/{target.pk}/spread", {"over": "account_groups"}).json()["results"]
    parts = [
        {"account": r["account"], "product_group": r["product_group"], "percentage": r["share"]}
        for r in rows
        if r["share"] != "0.00"
    ]
    answer = client.post(f"/targets/{target.pk}/spread", {"parts": parts})

    assert [(r["name"], r["share"]) for r in rows] == [
        (f"Alpha · {cross['bakery'].name}", "60.00"),
        (f"Alpha · {cross['dairy'].name}", "0.00"),
        (f"Beta · {cross['bakery'].name}", "0.00"),
        (f"Beta · {cross['dairy'].name}", "40.00"),
    ]
    assert answer.status_code == 200, answer.content
    assert [(t["level"], t["amount"]) for t in answer.json()["targets"]] == [
        (AG, "6000.00"),
        (AG, "4000.00"),
    ]


@pytest.mark.parametrize("accounts", [3, 40])
def test_the_page_and_its_pages_make_a_fixed_number_of_queries(
    people, client_for, api, query_baseline, accounts
):
    for n in range(accounts):
        account = make_account(people.alice, f"Account {n:02d}")
        delivered(people.alice, account, date(YEAR - 1, 2, 1), [(None, "10", "0", "1")])
    for code in ("A", "B", "C"):
        make_group(code)
    target = _target(people)
    client = client_for(people.alice)

    with query_baseline("accounts and groups"):
        first = client.get(_url(target))
    body = {**_fields(first), "kept": first.context["form"]["kept"].value(), "page": "1"}
    with query_baseline("next page"):
        assert client.post(_url(target), {**body, "goto": "2"}).status_code == 200
    with query_baseline("accounts"):
        assert client.get(_url(target, "accounts")).status_code == 200
    with query_baseline("api"):
        response = api(people.alice).get(f"/targets/{target.pk}/spread?over=account_groups")
        assert response.status_code == 200
