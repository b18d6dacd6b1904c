"""/api/v1/campaigns: marketing creates once per key and changes with a version; the others
read what touches their accounts; the selection's rows with the reason of each exclusion."""

from __future__ import annotations

from typing import Any

from koers.campaigns.models import Campaign
from tests.campaigns.test_campaign_pages import make_campaign


def _body(people: Any, **data: Any) -> dict[str, Any]:
    return {
        "name": "Voorjaarsbeurs",
        "kind": "trade_fair",
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-03",
        "owner_id": people.mark.pk,
        "budget": "12500.00",
        "goal_leads": 40,
        **data,
    }


def test_marketing_creates_a_campaign_once_per_key(people, api, file):
    client = api(people.mark)
    headers = {"Idempotency-Key": "fair-1"}
    body = _body(people, product_group_ids=[file.bakery.pk])

    first = client.post("/campaigns", body, headers=headers)
    retry = client.post("/campaigns", body, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    data = first.json()
    assert (data["budget"], data["goal_leads"], data["product_group_ids"]) == (
        "12500.00",
        40,
        [file.bakery.pk],
    )
    assert data["selection"]["state"] == "live"
    assert Campaign.objects.count() == 1


def test_an_account_manager_may_not_create_one(people, api):
    response = api(people.alice).post("/campaigns", _body(people))

    assert response.status_code == 403
    assert not Campaign.objects.exists()


def test_bad_input_names_the_field(people, api):
    client = api(people.mark)

    period = client.post("/campaigns", _body(people, ends_on="2027-02-01"))
    owner = client.post("/campaigns", _body(people, owner_id=people.ingrid.pk))
    groups = client.post("/campaigns", _body(people, product_group_ids=[999999]))

    assert period.status_code == owner.status_code == groups.status_code == 422
    assert "ends_on" in period.content.decode()
    assert "owner_id" in owner.content.decode()
    assert "product_group_ids" in groups.content.decode()
    assert not Campaign.objects.exists()


def test_a_stale_change_is_a_409(people, api):
    campaign = make_campaign(people)
    client = api(people.mark)

    first = client.patch(f"/campaigns/{campaign.pk}", {"version": 1, "actual_cost": "800.00"})
    stale = client.patch(f"/campaigns/{campaign.pk}", {"version": 1, "name": "Other"})

    assert (first.status_code, first.json()["actual_cost"]) == (200, "800.00")
    assert stale.status_code == 409
    campaign.refresh_from_db()
    assert campaign.name == "Spring mailing"


def test_the_list_shows_what_touches_the_readers_accounts(people, api, file):
    make_campaign(people, "North", segments=[file.noord.segment_id])
    make_campaign(people, "South", statuses=["prospect"])

    def names(user: Any) -> list[str]:
        return [c["name"] for c in api(user).get("/campaigns?ordering=name").json()["results"]]

    assert names(people.alice) == ["North"]
    assert names(people.charlie) == ["South"]
    assert names(people.mark) == ["North", "South"]


def test_the_selection_rows_carry_the_reason(people, api, file):
    campaign = make_campaign(people, segments=[file.noord.segment_id])

    rows = api(people.alice).get(f"/campaigns/{campaign.pk}/selection/members?included=false")

    assert rows.status_code == 200
    reasons = {r["contact_name"]: r["reason"] for r in rows.json()["results"]}
    assert reasons == {
        "Otto Test": "opted_out",
        "Nina Test": "no_consent",
        "Erik Test": "no_email",
    }
    hidden = api(people.charlie).get(f"/campaigns/{campaign.pk}/selection/members")
    assert hidden.status_code == 404


def test_the_list_makes_a_fixed_number_of_queries(people, api, query_baseline):
    for n in range(3):
        make_campaign(people, f"Campaign {n}")
    client = api(people.mark)
    client.get("/campaigns")

    with query_baseline("list"):
        response = client.get("/campaigns")

    assert len(response.json()["results"]) == 3
