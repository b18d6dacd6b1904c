"""/api/v1/gifts: recorded once per key, the limit decides whether approval is asked, only the
giver's team manager decides, stale changes are a 409, filters as on the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from koers.gifts.models import Gift, GiftStatus
from tests.factories import make_account, make_contact
from tests.gifts.factories import record

TODAY = "2026-12-05T09:00:00+01:00"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def _body(account, contact, **data):
    return {
        "account_id": account.pk,
        "contact_id": contact.pk,
        "direction": "given",
        "kind": "gift",
        "description": "Golfballen",
        "value": "120.00",
        "date": "2026-12-04",
        **data,
    }


def test_a_gift_above_the_limit_is_requested_once_per_key(people, api, account, anna):
    client = api(people.alice)
    headers = {"Idempotency-Key": "gift-1"}

    first = client.post("/gifts", _body(account, anna), headers=headers)
    retry = client.post("/gifts", _body(account, anna), headers=headers)

    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert (first.json()["status"], first.json()["value"], first.json()["limit"]) == (
        "requested",
        "120.00",
        "50.00",
    )
    assert Gift.objects.count() == 1


def test_a_gift_at_the_limit_is_given_at_once(people, api, account, anna):
    response = api(people.alice).post("/gifts", _body(account, anna, value="50"))

    assert (response.status_code, response.json()["status"]) == (201, "given")


@pytest.mark.parametrize(
    ("value", "code"), [("-1", "schema"), ("12,50", "schema"), ("1.234", "schema")]
)
def test_a_bad_amount_is_a_422_naming_the_field(people, api, account, anna, value, code):
    response = api(people.alice).post("/gifts", _body(account, anna, value=value))

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("value", code)]
    assert Gift.objects.count() == 0


def test_a_contact_elsewhere_is_a_422(people, api, account):
    other = make_contact(make_account(people.alice, "Other"))

    response = api(people.alice).post("/gifts", _body(account, other))

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("contact_id", "not_at_account")
    ]


def test_only_the_team_manager_approves(people, api, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("120"))

    assert api(people.alice).post(f"/gifts/{gift.pk}/approve", {}).status_code == 403
    assert api(people.bob).post(f"/gifts/{gift.pk}/approve", {}).status_code == 404
    assert api(people.mark).post(f"/gifts/{gift.pk}/approve", {}).status_code == 403
    assert Gift.objects.get(pk=gift.pk).status == GiftStatus.REQUESTED

    approved = api(people.maria).post(f"/gifts/{gift.pk}/approve", {"comment": "Prima"})

    assert approved.status_code == 200
    assert (approved.json()["status"], approved.json()["decided_by_id"]) == (
        "approved",
        people.maria.pk,
    )
    given = api(people.alice).post(f"/gifts/{gift.pk}/given")
    assert given.json()["status"] == "given"


def test_a_refusal_without_a_reason_is_a_409_and_changes_nothing(people, api, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("120"))

    response = api(people.maria).post(f"/gifts/{gift.pk}/refuse", {"comment": ""})

    assert response.status_code == 409
    assert response.json()["detail"] == "Say why the gift is refused."
    assert Gift.objects.get(pk=gift.pk).status == GiftStatus.REQUESTED


def test_a_stale_change_is_a_409_with_the_current_gift(people, api, account, anna):
    gift = record(people.alice, account, anna)
    client = api(people.alice)
    client.patch(f"/gifts/{gift.pk}", {"version": 1, "occasion": "Kerst"})

    response = client.patch(f"/gifts/{gift.pk}", {"version": 1, "occasion": "Verjaardag"})

    assert response.status_code == 409
    assert response.json()["current"]["occasion"] == "Kerst"


def test_the_list_filters_like_the_page(people, api, account, anna):
    record(people.alice, account, anna, description="Wine")
    record(people.alice, account, anna, description="Cake", direction="received")
    record(people.alice, account, anna, description="Old", date=date(2025, 5, 1))
    client = api(people.alice)

    everything = client.get("/gifts")
    received = client.get("/gifts", {"direction": "received"})
    last_year = client.get("/gifts", {"year": 2025})

    assert [g["description"] for g in everything.json()["results"]] == ["Cake", "Wine", "Old"]
    assert [g["description"] for g in received.json()["results"]] == ["Cake"]
    assert [g["description"] for g in last_year.json()["results"]] == ["Old"]
    assert client.get("/gifts", {"account": 999999}).status_code == 422


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_makes_a_fixed_number_of_queries(people, api, account, anna, query_baseline, size):
    for n in range(size):
        record(people.alice, account, anna, description=f"Gift {n}", value=Decimal(20 + 30 * n))
    client = api(people.maria)
    client.get("/gifts")  # the token's first use

    with query_baseline("list"):
        response = client.get("/gifts")

    assert len(response.json()["results"]) == size
