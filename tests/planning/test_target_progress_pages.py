"""The plan-against-actual page per persona, the drill-down page, recording the cause of a
deviation (by its owner only, history kept, counted per cause), the API's figures and causes,
and a fixed number of queries for the page and the API list."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from koers.core.models import User
from koers.planning.models import PeriodKind, TargetDeviation, TargetLevel
from koers.planning.targets import deviations
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.planning.test_target_progress import make_target

D = Decimal
YEAR = 2026


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(YEAR, 6, 15), tick=False):
        yield


@pytest.fixture
def targets(people):
    account = make_account(people.alice, "Alpha")
    delivered(people.alice, account, date(YEAR, 2, 3), [(None, "1000.00", "600.00", "1")])
    team = people.alice.teams.get()
    return {
        "alice": make_target(people, TargetLevel.USER, {"user": people.alice.pk}, "4000"),
        "bob": make_target(people, TargetLevel.USER, {"user": people.bob.pk}, "3000"),
        "team": make_target(people, TargetLevel.TEAM, {"team": team.pk}, "9000"),
        "company": make_target(people, TargetLevel.COMPANY, {}, "20000"),
    }


def _page(client, **params):
    return client.get(reverse("planning:target_progress"), {"year": YEAR, **params})


def _shown(response):
    return {row.target.pk: row for row in response.context["rows"]}


def test_an_account_manager_sees_their_own_progress_and_what_is_still_to_close(
    people, client_for, targets
):
    response = _page(client_for(people.alice))

    assert response.status_code == 200
    shown = _shown(response)
    assert list(shown) == [targets["alice"].pk]
    row = shown[targets["alice"].pk]
    assert (row.actual, row.still_to_close) == (D("1000.00"), D("3000.00"))


def test_the_manager_sees_the_teams_and_the_company_view(people, client_for, targets):
    client = client_for(people.maria)

    teams = _shown(_page(client))
    people_level = _shown(_page(client, level="user"))
    company = _shown(_page(client, level="company"))

    assert list(teams) == [targets["team"].pk]
    assert set(people_level) == {targets["alice"].pk, targets["bob"].pk}
    assert list(company) == [targets["company"].pk]


def test_marketing_reads_the_company_view_but_records_no_cause(people, client_for, targets):
    client = client_for(people.mark)

    shown = _shown(_page(client))
    response = client.post(
        reverse("planning:target_deviation", args=[targets["company"].pk]), {"cause": "market"}
    )

    assert list(shown) == [targets["company"].pk]
    assert response.status_code == 403
    assert not TargetDeviation.objects.exists()


def test_the_drill_down_page_lists_the_orders_and_their_total(people, client_for, targets):
    url = reverse("planning:target_drilldown", args=[targets["alice"].pk, "actual"])

    response = client_for(people.alice).get(url)
    bobs = client_for(people.bob).get(url)

    assert response.status_code == 200
    assert [r["value"] for r in response.context["rows"]] == [D("1000")]
    assert response.context["drill"].total == D("1000")
    assert bobs.status_code == 404


def test_the_owner_records_the_cause_and_it_is_counted(people, client_for, targets):
    client = client_for(people.alice)
    url = reverse("planning:target_deviation", args=[targets["alice"].pk])

    response = client.post(
        url, {"cause": "competitor", "comment": "Rivaal BV cut prices", "action": "Visit them"}
    )
    changed = client.post(url, {"cause": "price", "comment": "Rivaal BV cut prices"})

    assert response.status_code == changed.status_code == 302
    recorded = TargetDeviation.objects.get()
    assert (recorded.cause, recorded.action, recorded.recorded_by) == ("price", "", people.alice)
    assert recorded.history.count() == 2
    counts = {c.cause: c.count for c in _page(client).context["causes"].rows}
    assert counts["price"] == 1 and counts["competitor"] == 0
    assert "Rivaal BV" in client.get(url).content.decode()


def test_the_team_manager_records_the_cause_of_the_teams_target(people, client_for, targets):
    url = reverse("planning:target_deviation", args=[targets["team"].pk])

    sam = User.objects.get(username="sam")  # manager of the other team
    refused = client_for(sam).post(url, {"cause": "market"})
    response = client_for(people.maria).post(url, {"cause": "capacity", "comment": "Two ill"})

    assert refused.status_code == 404
    assert response.status_code == 302
    assert TargetDeviation.objects.get().cause == "capacity"


def test_a_colleague_may_not_record_the_cause_of_my_target(people, client_for, targets):
    url = reverse("planning:target_deviation", args=[targets["alice"].pk])

    response = client_for(people.bob).post(url, {"cause": "market"})

    assert response.status_code == 404
    assert not TargetDeviation.objects.exists()


def test_another_cause_needs_a_comment_next_to_the_field(people, client_for, targets):
    url = reverse("planning:target_deviation", args=[targets["alice"].pk])

    response = client_for(people.alice).post(url, {"cause": "other", "comment": " "})

    assert response.status_code == 200
    assert "comment" in response.context["form"].errors
    assert not TargetDeviation.objects.exists()


def test_the_api_lists_the_figures_of_the_targets_i_read(people, api, targets):
    response = api(people.alice).get("/targets/actuals", {"year": YEAR, "level": "user"})

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["target"] == targets["alice"].pk
    assert (row["amount"], row["actual"], row["deviation"]) == ("4000.00", "1000.00", "-3000.00")
    assert (row["deviation_percent"], row["forecast"], row["still_to_close"]) == (
        "-75.0",
        "1000.00",
        "3000.00",
    )


def test_the_api_records_and_lists_causes(people, api, targets):
    client = api(people.alice)

    created = client.post(
        f"/targets/{targets['alice'].pk}/deviation", {"cause": "market", "comment": "Quiet"}
    )
    bad = client.post(f"/targets/{targets['alice'].pk}/deviation", {"cause": "weather"})
    hidden = client.post(f"/targets/{targets['bob'].pk}/deviation", {"cause": "market"})
    unknown = client.post("/targets/999999/deviation", {"cause": "market"})
    listed = client.get("/targets/deviations", {"cause": "market"})

    assert created.status_code == 200
    assert created.json()["cause"] == "market"
    assert bad.status_code == 422 and "cause" in str(bad.json())
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()
    assert [d["target"] for d in listed.json()["results"]] == [targets["alice"].pk]


def test_a_quarter_is_chosen_by_its_number(people, client_for, targets):
    quarter = make_target(
        people, TargetLevel.USER, {"user": people.alice.pk}, "1500", PeriodKind.QUARTER, 1
    )

    shown = _shown(_page(client_for(people.alice), period_kind="quarter", period=1))

    assert list(shown) == [quarter.pk]
    assert shown[quarter.pk].actual == D("1000.00")


def test_the_page_and_the_api_make_a_fixed_number_of_queries(
    people, client_for, api, targets, query_baseline
):
    deviations.deviation_record(actor=people.maria, target=targets["team"], cause="market")
    client = client_for(people.maria)

    with query_baseline("page"):
        _page(client, level="user")
    with query_baseline("api"):
        api(people.maria).get("/targets/actuals", {"year": YEAR, "level": "user"})
