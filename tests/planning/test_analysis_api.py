"""/api/v1/account-analyses: made once per key with its years and ratios, read with the figures
from our orders, changed with a version (a stale one is a 409), bad figures a 422 naming the
field, listed per account in a fixed number of queries, and read like the account."""

from __future__ import annotations

from datetime import date

import pytest

from koers.planning.models import AccountAnalysis
from tests.factories import make_account
from tests.planning.analysis_factories import make_analysis


def _body(account, **data):
    return {
        "account_id": account.pk,
        "analysed_on": "2026-12-05",
        "years": [
            {
                "year": 2025,
                "current_assets": "700000",
                "current_liabilities": "400000",
                "net_profit": "-48000",
                "revenue": "2400000",
            },
            {"year": 2024, "current_assets": "600000", "current_liabilities": "0"},
        ],
        "strengths": "Strong brand",
        "fit_needs": 2,
        "verdict": "worth",
        **data,
    }


def test_an_analysis_is_made_once_per_key_with_its_ratios(people, api, account):
    client = api(people.alice)
    headers = {"Idempotency-Key": "analysis-1"}

    first = client.post("/account-analyses", _body(account), headers=headers)
    retry = client.post("/account-analyses", _body(account), headers=headers)

    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert AccountAnalysis.objects.count() == 1
    body = first.json()
    assert [y["year"] for y in body["years"]] == [2024, 2025]
    # 600,000 / 0: not available; 700,000 / 400,000 = 1.75; -48,000 / 2,400,000 = -2.0 %
    assert body["years"][0]["ratios"]["current_ratio"] == {
        "value": None,
        "reason": "Not available: current liabilities is zero.",
    }
    assert body["years"][1]["ratios"]["current_ratio"]["value"] == "1.75"
    assert body["years"][1]["ratios"]["net_margin"]["value"] == "-2.0"
    assert body["years"][1]["net_profit"] == "-48000.00"
    assert (body["fit_score"], body["verdict"]) == (2, "worth")
    assert body["ours"]["return_on_investment"]["value"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"purchase_volume": "-5"}, "purchase_volume"),
        ({"fit_needs": 3}, "fit_needs"),
        ({"analysed_on": "5-12-2026"}, "analysed_on"),
    ],
)
def test_a_bad_value_is_a_422_naming_the_field(people, api, account, change, field):
    response = api(people.alice).post("/account-analyses", _body(account, **change))

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert AccountAnalysis.objects.count() == 0


def test_a_year_given_twice_is_a_422(people, api, account):
    body = _body(account, years=[{"year": 2025}, {"year": 2025}])

    response = api(people.alice).post("/account-analyses", body)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["years"]


def test_marketing_may_not_make_one(people, api, account):
    response = api(people.mark).post("/account-analyses", _body(account))

    assert response.status_code == 403
    assert AccountAnalysis.objects.count() == 0


def test_a_change_replaces_the_years_and_a_stale_one_is_a_409(people, api, account):
    analysis = make_analysis(people.alice, account)
    client = api(people.alice)
    path = f"/account-analyses/{analysis.pk}"

    changed = client.patch(path, {"version": 1, "advice": "Grow", "years": [{"year": 2026}]})
    stale = client.patch(path, {"version": 1, "advice": "Shrink"})

    assert changed.status_code == 200
    assert (changed.json()["advice"], changed.json()["version"]) == ("Grow", 2)
    assert [y["year"] for y in changed.json()["years"]] == [2026]
    assert stale.status_code == 409
    assert stale.json()["current"]["advice"] == "Grow"
    assert AccountAnalysis.objects.get().advice == "Grow"


def test_a_colleague_of_another_team_does_not_find_it(people, api, account):
    analysis = make_analysis(people.alice, account)

    assert api(people.charlie).get(f"/account-analyses/{analysis.pk}").status_code == 404
    assert api(people.charlie).get("/account-analyses").json()["count"] == 0


@pytest.mark.parametrize("count", [1, 5])
def test_the_list_makes_a_fixed_number_of_queries(people, api, account, query_baseline, count):
    other = make_account(people.alice, "Beta")
    make_analysis(people.alice, other)
    for i in range(count):
        make_analysis(people.alice, account, analysed_on=date(2026, 1 + i, 1))
    client = api(people.maria)

    with query_baseline("list"):
        response = client.get("/account-analyses", {"account": account.pk})

    assert response.json()["count"] == count
    assert {r["account_id"] for r in response.json()["results"]} == {account.pk}
