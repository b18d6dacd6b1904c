"""The forecast: per month of expected close, value and weighted value of the open deals, the
committed part (negotiation and won) apart, won per month beside it, the overdue ones; per
owner for a manager's team; two grouped queries whatever the number of deals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from koers.sales.models import Opportunity, Stage
from koers.sales.opportunities.forecast import add_months
from tests.factories import make_account
from tests.sales.opportunity_factories import make_opportunity

# Today is 2026-06-15 (tests/sales/conftest.py).


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def _lines(table) -> dict[str, object]:
    return {line.key: line for line in table.lines}


def test_months_are_counted_from_the_first_of_the_month():
    assert add_months(date(2026, 6, 15), 0) == date(2026, 6, 1)
    assert add_months(date(2026, 11, 30), 2) == date(2027, 1, 1)
    assert add_months(date(2026, 1, 31), -3) == date(2025, 10, 1)


def test_it_sums_per_month_with_the_committed_part_and_won_beside_it(account, people, client_for):
    make_opportunity(people.alice, account, amount=Decimal("1000"), close_on=date(2026, 7, 10))
    make_opportunity(
        people.alice,
        account,
        Stage.NEGOTIATION,
        amount=Decimal("2000"),
        close_on=date(2026, 7, 20),
    )
    make_opportunity(
        people.alice, account, amount=Decimal("400"), probability=50, close_on=date(2026, 8, 1)
    )
    make_opportunity(people.alice, account, amount=Decimal("300"), close_on=date(2026, 6, 1))
    make_opportunity(people.alice, account, amount=Decimal("9999"), close_on=date(2027, 6, 1))
    make_opportunity(people.alice, account, Stage.WON, amount=Decimal("800"))  # won today
    won_before = make_opportunity(people.alice, account, Stage.WON, amount=Decimal("50"))
    Opportunity.objects.filter(pk=won_before.pk).update(won_on=date(2026, 4, 2))
    make_opportunity(people.alice, account, Stage.LOST, amount=Decimal("5000"))

    response = client_for(people.alice).get(reverse("sales:forecast"))

    assert response.status_code == 200
    total = response.context["forecast"].total
    lines = _lines(total)
    assert list(lines) == [
        "overdue",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
        "2026-07",
        "2026-08",
        "2026-09",
        "2026-10",
        "2026-11",
    ]
    july = lines["2026-07"]
    assert (july.count, july.value, july.weighted, july.committed, july.won) == (
        2,
        Decimal("3000.00"),
        Decimal("1450.00"),  # 5 % of 1,000 and 70 % of 2,000
        Decimal("2000.00"),
        Decimal("0.00"),
    )
    assert (lines["2026-08"].value, lines["2026-08"].weighted) == (
        Decimal("400.00"),
        Decimal("200.00"),
    )
    assert (lines["overdue"].count, lines["overdue"].value) == (1, Decimal("300.00"))
    june = lines["2026-06"]
    assert (june.count, june.won, june.committed) == (0, Decimal("800.00"), Decimal("800.00"))
    assert (lines["2026-04"].past, lines["2026-04"].won) == (True, Decimal("50.00"))
    assert total.total.value == Decimal("3700.00")
    page = response.content.decode()
    assert "July 2026" in page and "Overdue" in page

    twelve = client_for(people.alice).get(reverse("sales:forecast") + "?months=12")
    assert "2027-05" in _lines(twelve.context["forecast"].total)
    assert _lines(twelve.context["forecast"].total)["2027-05"].value == Decimal("0.00")


def test_a_manager_sees_it_per_owner_and_an_account_manager_their_own(account, people, client_for):
    make_opportunity(people.alice, account, amount=Decimal("1000"))
    bobs = make_account(people.bob)
    make_opportunity(people.bob, bobs, amount=Decimal("500"))
    south = make_account(people.charlie)
    make_opportunity(people.charlie, south, amount=Decimal("7000"))

    team = client_for(people.maria).get(reverse("sales:forecast")).context["forecast"]
    assert team.total.total.value == Decimal("1500.00")
    assert {t.owner.username: t.total.value for t in team.owners} == {
        "alice": Decimal("1000.00"),
        "bob": Decimal("500.00"),
    }
    own = client_for(people.bob).get(reverse("sales:forecast")).context["forecast"]
    assert own.total.total.value == Decimal("500.00")


def test_a_bad_number_of_months_gives_the_default(people, client_for):
    response = client_for(people.alice).get(reverse("sales:forecast") + "?months=99")
    assert response.status_code == 200 and response.context["months"] == 6


@pytest.mark.parametrize("deals", [1, 5])
def test_the_forecast_makes_a_fixed_number_of_queries(
    account, people, client_for, query_baseline, deals
):
    bobs = make_account(people.bob)
    for i in range(deals):
        make_opportunity(people.alice, account, amount=Decimal("10"), close_on=date(2026, 7, i + 1))
        make_opportunity(people.bob, bobs, Stage.WON, amount=Decimal("10"))
    client = client_for(people.maria)
    client.get(reverse("sales:forecast"))
    with query_baseline("page"):
        client.get(reverse("sales:forecast"))
