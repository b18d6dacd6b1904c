"""The whitespace grid of a chain: revenue of the last twelve months, estimates and open
opportunities per branch and main product group; an empty cell made a goal of the draft plan
or an opportunity; the pages, the API and their query counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.planning.models import PlanGoal, WhitespaceDeal, WhitespaceEstimate
from koers.planning.plans import whitespace
from koers.planning.plans.whitespace_services import whitespace_estimate_set
from koers.sales.models import Opportunity, Order
from tests.factories import make_account
from tests.planning.plan_factories import make_plan
from tests.sales.factories import make_group, make_product
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.order_factories import make_order


def _delivered(people, account, product, days_ago, **data):
    order = make_order(
        account.owner, account, "delivered", product=product, processor=people.admin, **data
    )
    Order.objects.filter(pk=order.pk).update(
        delivered_on=timezone.localdate() - timedelta(days=days_ago)
    )
    return Order.objects.get(pk=order.pk)


@pytest.fixture
def chain(people):
    """Alice's chain Keten with branches Noord and Zuid; main groups Koffie (with the subgroup
    Bonen), Thee and Water. Noord bought beans twice this year and once two years ago; Zuid has
    an open deal for tea and a lost one; Charlie's Los BV bought tea."""
    top = make_account(people.alice, "Keten")
    noord = make_account(people.alice, "Keten Noord", parent=top)
    zuid = make_account(people.alice, "Keten Zuid", parent=top)
    koffie = make_group("KOF", name_en="Coffee", position=1)
    bonen = make_group("KOF-B", parent=koffie, name_en="Beans")
    thee = make_group("THE", name_en="Tea", position=2)
    water = make_group("WAT", name_en="Water", position=3)
    beans = make_product("BEAN", group=bonen)
    tea = make_product("TEA", group=thee)
    first = _delivered(people, noord, beans, 30)
    second = _delivered(people, top, beans, 200, branch=noord)
    _delivered(people, noord, beans, 700)
    _delivered(people, make_account(people.charlie, "Los BV"), tea, 10)
    make_opportunity(people.alice, top, branch=zuid, lines=[(tea, Decimal(5))])
    make_opportunity(people.alice, top, branch=zuid, stage="lost", lines=[(tea, Decimal(9))])
    return {
        "top": top,
        "noord": noord,
        "zuid": zuid,
        "koffie": koffie,
        "thee": thee,
        "water": water,
        "revenue": first.net_total + second.net_total,
    }


def _cells(grid):
    return {
        (row.account.name, cell.group.code): (
            cell.revenue,
            cell.estimate,
            cell.open_count,
            cell.open_amount,
        )
        for row in grid.rows
        for cell in row.cells
        if not cell.empty or cell.estimate is not None
    }


def test_the_grid_shows_revenue_estimates_and_open_deals_per_branch_and_main_group(people, chain):
    whitespace_estimate_set(
        actor=people.alice,
        account=chain["zuid"],
        product_group=chain["koffie"],
        amount=Decimal("12000"),
    )

    grid = whitespace.grid_of(people.alice, chain["top"])

    assert [r.account.name for r in grid.rows] == ["Keten", "Keten Noord", "Keten Zuid"]
    assert [g.code for g in grid.groups] == ["KOF", "THE", "WAT"]
    # Beans count for coffee (their main group); the order two years ago and the lost deal do
    # not count; an order of the chain delivered to Noord is Noord's.
    assert _cells(grid) == {
        ("Keten Noord", "KOF"): (chain["revenue"], None, 0, Decimal("0.00")),
        ("Keten Zuid", "KOF"): (Decimal("0.00"), Decimal("12000.00"), 0, Decimal("0.00")),
        ("Keten Zuid", "THE"): (Decimal("0.00"), None, 1, Decimal("50.00")),
    }
    assert grid.cell(chain["zuid"].pk, chain["koffie"].pk).gap == Decimal("12000.00")


def test_a_user_sees_only_the_rows_they_may_read(people, chain):
    make_account(people.charlie, "Keten West", parent=chain["top"])

    assert [r.account.name for r in whitespace.grid_of(people.alice, chain["top"]).rows] == [
        "Keten",
        "Keten Noord",
        "Keten Zuid",
    ]


def test_an_empty_cell_becomes_an_opportunity_shown_in_the_cell(people, client_for, chain):
    client = client_for(people.alice)
    url = reverse(
        "planning:whitespace_opportunity",
        args=[chain["top"].pk, chain["noord"].pk, chain["water"].pk],
    )
    form = client.get(url)
    assert form.status_code == 200
    assert b"Water \xc2\xb7 Keten Noord" in form.content  # the title, prefilled

    close_on = (timezone.localdate() + timedelta(days=60)).isoformat()
    answer = client.post(url, {"title": "Water dispensers", "amount": "2500", "close_on": close_on})

    assert answer.status_code == 302
    deal = Opportunity.objects.get(title="Water dispensers")
    assert (deal.account, deal.branch, deal.amount) == (
        chain["top"],
        chain["noord"],
        Decimal("2500.00"),
    )
    assert WhitespaceDeal.objects.get(opportunity=deal).product_group == chain["water"]
    cell = whitespace.grid_of(people.alice, chain["top"]).cell(chain["noord"].pk, chain["water"].pk)
    assert (cell.open_count, cell.open_amount, cell.empty) == (1, Decimal("2500.00"), False)


def test_a_bad_opportunity_is_refused_next_to_its_field_and_saves_nothing(
    people, client_for, chain
):
    url = reverse(
        "planning:whitespace_opportunity",
        args=[chain["top"].pk, chain["noord"].pk, chain["water"].pk],
    )

    answer = client_for(people.alice).post(url, {"title": "", "amount": "-5", "close_on": ""})

    assert answer.status_code == 422
    assert b'id="id_title_error"' in answer.content
    assert b'id="id_close_on_error"' in answer.content
    assert not WhitespaceDeal.objects.exists()


def test_an_empty_cell_becomes_a_goal_of_the_draft_plan(people, client_for, chain):
    plan = make_plan(people.alice, chain["top"], year=2027)
    whitespace_estimate_set(
        actor=people.alice,
        account=chain["zuid"],
        product_group=chain["water"],
        amount=Decimal("8000"),
    )
    url = reverse(
        "planning:whitespace_goal", args=[chain["top"].pk, chain["zuid"].pk, chain["water"].pk]
    )

    answer = client_for(people.alice).post(url)

    assert answer.status_code == 302
    goal = PlanGoal.objects.get(plan=plan, product_group=chain["water"])
    assert (goal.title, goal.metric, goal.branch, goal.target) == (
        "Revenue in Water at Keten Zuid",
        "revenue",
        chain["zuid"],
        Decimal("8000.00"),
    )


def test_without_a_draft_plan_no_goal_is_made(people, client_for, chain):
    url = reverse(
        "planning:whitespace_goal", args=[chain["top"].pk, chain["zuid"].pk, chain["water"].pk]
    )

    client_for(people.alice).post(url)

    assert not PlanGoal.objects.exists()


def test_the_estimate_is_kept_and_an_empty_one_removes_it(people, client_for, chain):
    client = client_for(people.alice)
    url = reverse(
        "planning:whitespace_estimate",
        args=[chain["top"].pk, chain["noord"].pk, chain["thee"].pk],
    )

    assert client.post(url, {"amount": "4500.50"}).status_code == 302
    assert WhitespaceEstimate.objects.get().amount == Decimal("4500.50")
    assert client.post(url, {"amount": "-1"}).status_code == 422
    assert client.post(url, {"amount": ""}).status_code == 302
    assert not WhitespaceEstimate.objects.exists()


def test_marketing_reads_the_grid_but_may_not_estimate(people, client_for, chain):
    client = client_for(people.mark)
    url = reverse(
        "planning:whitespace_estimate",
        args=[chain["top"].pk, chain["noord"].pk, chain["thee"].pk],
    )

    assert client.get(reverse("planning:whitespace", args=[chain["top"].pk])).status_code == 200
    assert client.post(url, {"amount": "100"}).status_code == 403
    assert not WhitespaceEstimate.objects.exists()


def test_the_page_and_the_api_show_the_grid(people, client_for, api, chain):
    page = client_for(people.alice).get(reverse("planning:whitespace", args=[chain["top"].pk]))

    assert page.status_code == 200
    assert f'id="cell-{chain["zuid"].pk}-{chain["thee"].pk}"'.encode() in page.content
    assert b"1 open" in page.content

    body = api(people.alice).get(f"/accounts/{chain['top'].pk}/whitespace").json()
    zuid = next(r for r in body["rows"] if r["name"] == "Keten Zuid")
    tea = next(c for c in zuid["cells"] if c["product_group_id"] == chain["thee"].pk)
    assert tea == {
        "product_group_id": chain["thee"].pk,
        "revenue": "0.00",
        "estimate": None,
        "open_count": 1,
        "open_amount": "50.00",
        "empty": False,
    }
    assert api(people.charlie).get(f"/accounts/{chain['top'].pk}/whitespace").status_code == 404


@pytest.mark.parametrize("branches", [1, 5])
def test_the_grid_makes_a_fixed_number_of_queries(
    people, client_for, api, query_baseline, chain, branches
):
    tea = make_product(group=chain["thee"])
    for i in range(branches):
        branch = make_account(people.alice, f"Filiaal {i}", parent=chain["top"])
        make_opportunity(people.alice, chain["top"], branch=branch, lines=[(tea, Decimal(1))])
        whitespace_estimate_set(
            actor=people.alice, account=branch, product_group=chain["water"], amount=Decimal(i)
        )

    client, rest = client_for(people.alice), api(people.alice)
    url = reverse("planning:whitespace", args=[chain["top"].pk])
    client.get(url)  # signed in before counting

    with query_baseline("grid"):
        client.get(url)
    with query_baseline("api"):
        rest.get(f"/accounts/{chain['top'].pk}/whitespace")
