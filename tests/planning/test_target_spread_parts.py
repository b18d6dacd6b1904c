"""Spreading an account manager's target over their accounts or product groups (decision 144):
rows pre-filled with last year's shares, the account manager themself or their manager
spreads, all parts or none, the page's message next to the total, the grid with the parts and
the gap afterwards, the API, and a fixed number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.core.errors import NotAllowed
from koers.planning.models import PeriodKind, Target, TargetLevel
from koers.planning.targets import services, spread_parts
from koers.planning.targets.services import TargetRow
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group

D = Decimal
YEAR = 2026


def _target(people, amount="90000", kind=PeriodKind.YEAR, period=1):
    row = TargetRow(
        "revenue", TargetLevel.USER, {"user": people.alice.pk}, YEAR, kind, period, D(amount)
    )
    return services.target_set(actor=people.maria, row=row)


@pytest.fixture
def portfolio(people):
    """Alice's accounts Alpha, Beta (with a branch) and Gamma, with last year's revenue 600,
    300 (200 of it through the branch) and 100; Charlie's Delta is not hers."""
    alpha = make_account(people.alice, "Alpha")
    beta = make_account(people.alice, "Beta")
    beta_branch = make_account(people.alice, "Beta Zwolle", parent=beta)
    gamma = make_account(people.alice, "Gamma")
    delta = make_account(people.charlie, "Delta")
    last_year = date(YEAR - 1, 6, 1)
    delivered(people.alice, alpha, last_year, [(None, "600", "0", "1")])
    delivered(people.alice, beta, last_year, [(None, "100", "0", "1")])
    delivered(people.alice, beta_branch, last_year, [(None, "200", "0", "1")])
    delivered(people.alice, gamma, last_year, [(None, "100", "0", "1")])
    delivered(people.alice, alpha, date(YEAR, 1, 5), [(None, "9999", "0", "1")])  # this year
    return {"alpha": alpha, "beta": beta, "branch": beta_branch, "gamma": gamma, "delta": delta}


def test_the_rows_start_at_last_years_share_of_revenue(people, portfolio):
    rows = spread_parts.spread_rows(_target(people), spread_parts.ACCOUNTS)

    assert [(r.label, r.last_year, r.share) for r in rows] == [
        ("Alpha", D("600.00"), D("60.00")),
        ("Beta", D("300.00"), D("30.00")),
        ("Gamma", D("100.00"), D("10.00")),
    ]


def test_without_revenue_last_year_the_shares_are_even_and_add_up_to_100(people):
    for name in ("A", "B", "C"):
        make_account(people.alice, name)

    rows = spread_parts.spread_rows(_target(people), spread_parts.ACCOUNTS)

    assert [r.share for r in rows] == [D("33.34"), D("33.33"), D("33.33")]


def test_product_groups_start_at_the_account_managers_credited_revenue(people, portfolio):
    bread, pastry = make_group("BROOD"), make_group("BANKET")
    rye = make_group("ROGGE", parent=bread)
    day = date(YEAR - 1, 3, 1)
    delivered(
        people.alice, portfolio["alpha"], day, [(rye, "750", "0", "1"), (pastry, "250", "0", "1")]
    )

    rows = spread_parts.spread_rows(_target(people), spread_parts.GROUPS)

    assert {r.label: r.share for r in rows} == {bread.name: D("75.00"), pastry.name: D("25.00")}


def test_the_account_manager_spreads_their_own_target_over_three_accounts(people, portfolio):
    source = _target(people)
    parts = [
        (TargetLevel.ACCOUNT, {"account": portfolio[name].pk}, D(p))
        for name, p in (("alpha", "50"), ("beta", "33.33"), ("gamma", "16.67"))
    ]

    saved = services.target_spread_parts(actor=people.alice, source=source, parts=parts)

    assert [(t.account.name, t.amount, t.period_kind) for t in saved] == [
        ("Alpha", D("45000.00"), "year"),
        ("Beta", D("29997.00"), "year"),
        ("Gamma", D("15003.00"), "year"),
    ]
    # Again, the same: nothing new.
    services.target_spread_parts(actor=people.alice, source=source, parts=parts)
    assert Target.objects.filter(level=TargetLevel.ACCOUNT).count() == 3


def test_a_quarters_target_spreads_into_the_same_quarter(people, portfolio):
    source = _target(people, "1000", PeriodKind.QUARTER, 2)

    services.target_spread_parts(
        actor=people.maria,
        source=source,
        parts=[(TargetLevel.ACCOUNT, {"account": portfolio["gamma"].pk}, D("100"))],
    )

    assert Target.objects.filter(level=TargetLevel.ACCOUNT).values_list(
        "period_kind", "period", "amount"
    ).get() == ("quarter", 2, D("1000.00"))


@pytest.mark.parametrize(
    ("names", "field"),
    [
        (("alpha", "delta"), "parts.1.account"),  # charlie's account
        (("alpha", "branch"), "parts.1.account"),  # a branch: its chain's target counts it
        (("alpha", "alpha"), "parts.1.account"),  # twice
    ],
)
def test_a_part_that_is_not_the_account_managers_saves_nothing(people, portfolio, names, field):
    parts = [(TargetLevel.ACCOUNT, {"account": portfolio[n].pk}, D("50")) for n in names]

    with pytest.raises(ValidationError) as refused:
        services.target_spread_parts(actor=people.alice, source=_target(people), parts=parts)

    assert list(refused.value.message_dict) == [field]
    assert not Target.objects.filter(level=TargetLevel.ACCOUNT).exists()


@pytest.mark.parametrize("who", ["bob", "charlie", "mark", "ingrid"])
def test_others_may_not_spread_alices_target(people, portfolio, who):
    parts = [(TargetLevel.ACCOUNT, {"account": portfolio["alpha"].pk}, D("100"))]

    with pytest.raises(NotAllowed):
        services.target_spread_parts(
            actor=getattr(people, who), source=_target(people), parts=parts
        )

    assert not Target.objects.filter(level=TargetLevel.ACCOUNT).exists()


def _page(client, target, over="accounts"):
    return client.get(f"{reverse('planning:target_spread_parts', args=[target.pk])}?over={over}")


def test_the_page_refuses_a_total_other_than_100_next_to_the_total(people, portfolio, client_for):
    target = _target(people)
    client = client_for(people.alice)
    url = f"{reverse('planning:target_spread_parts', args=[target.pk])}?over=accounts"
    body = {
        f"pct_{portfolio[n].pk}": p for n, p in (("alpha", "50"), ("beta", "40,5"), ("gamma", ""))
    }

    response = client.post(url, body)

    assert response.status_code == 200
    assert (
        "Together the percentages come to 90.5; they must come to 100." in response.content.decode()
    )
    assert not Target.objects.filter(level=TargetLevel.ACCOUNT).exists()


def test_the_page_refuses_a_percentage_above_100_next_to_its_field(people, portfolio, client_for):
    target = _target(people)
    url = f"{reverse('planning:target_spread_parts', args=[target.pk])}?over=accounts"

    response = client_for(people.alice).post(url, {f"pct_{portfolio['alpha'].pk}": "120"})

    assert response.context["form"].errors == {
        f"pct_{portfolio['alpha'].pk}": ["Give a percentage from 0 to 100."]
    }
    assert not Target.objects.filter(level=TargetLevel.ACCOUNT).exists()


def test_the_manager_spreads_from_the_page_and_the_grid_shows_the_parts_and_the_gap(
    people, portfolio, client_for
):
    target = _target(people)
    client = client_for(people.maria)
    page = _page(client, target)
    assert [f.value() for _r, f in page.context["rows"]] == ["60.00", "30.00", "10.00"]
    url = f"{reverse('planning:target_spread_parts', args=[target.pk])}?over=accounts"
    body = {
        f"pct_{portfolio[n].pk}": p for n, p in (("alpha", "50"), ("beta", "30"), ("gamma", ""))
    }
    body[f"pct_{portfolio['gamma'].pk}"] = "10"
    body[f"pct_{portfolio['alpha'].pk}"] = "60"

    response = client.post(url, body)

    assert response.status_code == 302
    grid = client.get(response["Location"]).context["grid"]
    assert grid.by == "accounts"
    assert [(r.label, r.year) for r in grid.rows] == [
        ("Alpha", D("54000.00")),
        ("Beta", D("27000.00")),
        ("Gamma", D("9000.00")),
    ]
    assert grid.year_gap == D("0")


def test_the_api_gives_the_rows_and_spreads(people, portfolio, api):
    target = _target(people)
    alice = api(people.alice)

    rows = alice.get(f"/targets/{target.pk}/spread", {"over": "accounts"}).json()["results"]
    assert [(r["name"], r["share"]) for r in rows] == [
        ("Alpha", "60.00"),
        ("Beta", "30.00"),
        ("Gamma", "10.00"),
    ]
    parts = [{"account": r["account"], "percentage": r["share"]} for r in rows]
    answer = alice.post(f"/targets/{target.pk}/spread", {"parts": parts})

    assert answer.status_code == 200, answer.content
    assert [t["amount"] for t in answer.json()["targets"]] == ["54000.00", "27000.00", "9000.00"]


@pytest.mark.parametrize(
    ("parts", "field"),
    [
        ([{"account": "delta", "percentage": "100"}], "parts.0.account"),
        ([{"account": "alpha", "percentage": "60"}], "parts"),
        ([{"account": "alpha", "percentage": "1,5"}], "parts.0.percentage"),
        ([{"percentage": "100"}], "parts.0.account"),
    ],
)
def test_the_api_names_the_bad_part_and_saves_nothing(people, portfolio, api, parts, field):
    target = _target(people)
    body = [
        {**p, **({"account": portfolio[p["account"]].pk} if "account" in p else {})} for p in parts
    ]

    answer = api(people.alice).post(f"/targets/{target.pk}/spread", {"parts": body})

    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [field]
    assert not Target.objects.filter(level=TargetLevel.ACCOUNT).exists()


def test_the_page_and_the_api_make_a_fixed_number_of_queries(
    people, portfolio, client_for, api, query_baseline
):
    target = _target(people)
    for n in range(5):
        make_account(people.alice, f"Extra {n}")
    client = client_for(people.alice)
    token = api(people.alice)

    with query_baseline("page"):
        assert _page(client, target).status_code == 200
    with query_baseline("groups page"):
        assert _page(client, target, "product_groups").status_code == 200
    with query_baseline("api"):
        assert token.get(f"/targets/{target.pk}/spread").status_code == 200
