"""The indicators in the API: the same figures as the dashboards, through the same scope."""

from __future__ import annotations

import pytest

from tests.insights.world import NOVEMBER


@pytest.fixture
def api(client_for):
    def call(user, path):
        return client_for(user).get(f"/api/v1{path}")

    return call


def test_alice_gets_her_indicators_with_their_definitions(world, api):
    body = api(world.people.alice, f"/insights/indicators?{NOVEMBER}").json()
    assert body["period"] == {
        "kind": "month",
        "start": "2026-11-01",
        "end": "2026-11-30",
        "segment": None,
        "tier": "",
        "product_group": None,
    }
    assert body["previous_period"]["start"] == "2026-10-01"
    found = {i["key"]: i for i in body["indicators"]}
    assert found["revenue"]["value"] == "1500.00"
    assert found["revenue"]["previous"] == "300.00"
    assert found["revenue"]["unit"] == "money"
    assert found["revenue"]["formula"].startswith("Sum of the net amounts")
    assert found["quote_hit_rate"]["value"] == "33.30"
    assert found["target_realisation"]["light"] == "bad"
    assert found["revenue"]["team_median"] is None  # fewer than three colleagues


def test_the_team_is_for_managers(world, api):
    assert api(world.people.alice, "/insights/team").status_code == 403
    body = api(world.people.maria, f"/insights/team?{NOVEMBER}").json()
    revenue = {p["user"]: p["figures"]["revenue"] for p in body["people"]}
    assert revenue == {world.people.alice.pk: "1500.00", world.people.bob.pk: "2000.00"}
    assert body["totals"]["revenue"] == "3500.00"


def test_a_range_without_its_dates_names_the_fields(world, api):
    response = api(world.people.alice, "/insights/indicators?period=range&start=2026-11-01")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["end"]


def test_an_unknown_period_kind_is_a_422(world, api):
    response = api(world.people.alice, "/insights/indicators?period=decade")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "period"


def test_an_unknown_team_is_not_found(world, api):
    response = api(world.people.maria, "/insights/team?team=999999")
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("team", "not_found")]
