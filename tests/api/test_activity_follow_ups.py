"""Issue 12 in the API: `POST /activities` takes `follow_up_of_id`, an activity of the same
account that the user may read, and the new activity joins its chain."""

from __future__ import annotations

import pytest

from koers.relations.models import Activity
from tests.factories import make_account
from tests.relations.factories import plan


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def _body(account, **extra) -> dict:
    return {
        "account_id": account.pk,
        "kind": "phone_call",
        "subject": "Nabellen",
        "planned_start": "2026-12-23T10:00:00+01:00",
        **extra,
    }


def test_the_api_plans_a_follow_up_by_hand(people, account, api):
    visit = plan(people.alice, account, subject="Oven demo")
    client = api(people.alice)

    made = client.post("/activities", _body(account, follow_up_of_id=visit.pk))

    assert made.status_code == 201, made.json()
    assert made.json()["follow_up_of_id"] == visit.pk
    assert Activity.objects.get(pk=made.json()["id"]).follow_up_of == visit


def test_the_api_refuses_an_unreadable_or_foreign_activity_as_follow_up_of(people, account, api):
    theirs = plan(people.charlie, make_account(people.charlie, "Elders B.V."))
    mine_elsewhere = plan(people.alice, make_account(people.alice, "Slagerij Smit"))
    client = api(people.alice)

    unreadable = client.post("/activities", _body(account, follow_up_of_id=theirs.pk))
    foreign = client.post("/activities", _body(account, follow_up_of_id=mine_elsewhere.pk))

    assert unreadable.status_code == foreign.status_code == 422
    assert {e["field"] for e in unreadable.json()["errors"]} == {"follow_up_of_id"}
    assert {e["field"] for e in foreign.json()["errors"]} == {"follow_up_of_id"}
    assert not Activity.objects.filter(account=account).exists()
