"""Idempotency-Key on POST: a retry returns the first response instead of a duplicate."""

from __future__ import annotations

from datetime import timedelta

import pytest

from koers.accounts.models import Account, Contact
from koers.api.models import IdempotencyKey
from tests.factories import make_account

KEY = {"Idempotency-Key": "3f0c2a4e-order-42"}


def test_a_retried_post_returns_the_first_response_and_creates_nothing_new(people, api):
    client = api(people.alice)

    first = client.post("/accounts", {"name": "Alpha", "tier": "B"}, headers=KEY)
    retry = client.post("/accounts", {"tier": "B", "name": "Alpha"}, headers=KEY)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert Account.objects.count() == 1
    stored = IdempotencyKey.objects.get()
    assert (stored.user, stored.key, stored.method, stored.path, stored.status_code) == (
        people.alice,
        "3f0c2a4e-order-42",
        "POST",
        "/api/v1/accounts",
        201,
    )
    assert stored.response_body["id"] == first.json()["id"]


def test_the_same_key_with_another_body_is_refused_naming_the_header(people, api):
    client = api(people.alice)
    client.post("/accounts", {"name": "Alpha"}, headers=KEY)

    response = client.post("/accounts", {"name": "Beta"}, headers=KEY)

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "Idempotency-Key",
            "message": "This key was already used for a different request; use a new key.",
            "code": "key_reused",
        }
    ]
    assert list(Account.objects.values_list("name", flat=True)) == ["Alpha"]


def test_the_same_key_on_another_endpoint_is_refused(people, api):
    client = api(people.alice)
    account = make_account(people.alice, "Alpha")
    client.post("/accounts", {"name": "Beta"}, headers=KEY)

    response = client.post("/contacts", {"name": "Beta"}, headers=KEY)
    contact = client.post("/contacts", {"last_name": "Beta", "account_id": account.pk}, headers=KEY)

    assert response.status_code == contact.status_code == 422
    assert not Contact.objects.exists()


def test_keys_belong_to_one_user(people, api):
    api(people.alice).post("/accounts", {"name": "Alpha"}, headers=KEY)

    response = api(people.bob).post("/accounts", {"name": "Alpha"}, headers=KEY)

    assert response.status_code == 201
    assert sorted(Account.objects.values_list("owner__username", flat=True)) == ["alice", "bob"]


def test_a_failed_post_stores_no_key_so_the_corrected_retry_creates(people, api):
    client = api(people.alice)

    failed = client.post("/accounts", {"name": "Alpha", "kvk_number": "1"}, headers=KEY)
    fixed = client.post("/accounts", {"name": "Alpha", "kvk_number": "12345678"}, headers=KEY)

    assert failed.status_code == 422
    assert fixed.status_code == 201
    assert IdempotencyKey.objects.get().response_body["kvk_number"] == "12345678"
    assert Account.objects.count() == 1


def test_a_key_expires_after_a_day(people, api):
    client = api(people.alice)
    client.post("/accounts", {"name": "Alpha"}, headers=KEY)
    IdempotencyKey.objects.update(
        created_at=IdempotencyKey.objects.get().created_at - timedelta(hours=25)
    )

    response = client.post("/accounts", {"name": "Alpha"}, headers=KEY)

    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert Account.objects.count() == 2


@pytest.mark.parametrize("key", ["has space", "x" * 256, "tab\there"])
def test_a_malformed_key_is_refused_naming_the_header(people, api, key):
    response = api(people.alice).post(
        "/accounts", {"name": "Alpha"}, headers={"Idempotency-Key": key}
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["Idempotency-Key"]
    assert not Account.objects.exists()


def test_every_kind_of_post_is_idempotent(people, api):
    account = make_account(people.alice, "Alpha")
    client = api(people.alice)

    for path, body in [
        ("/contacts", {"last_name": "Aarts", "account_id": account.pk}),
        (f"/accounts/{account.pk}/team", {"user_id": people.ingrid.pk, "role": "service"}),
    ]:
        key = {"Idempotency-Key": f"key-{path}"}
        first = client.post(path, body, headers=key)
        retry = client.post(path, body, headers=key)
        assert first.status_code == retry.status_code == 201
        assert retry.json() == first.json()

    assert Contact.objects.count() == 1
