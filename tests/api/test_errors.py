"""Garbage in never gives a 500: every write endpoint answers a JSON 4xx naming the problem."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

from koers.accounts.models import Account, Contact, Position
from koers.api.errors import api_field_name, foreign_key_names
from tests.factories import make_account, make_contact

GARBAGE = [
    pytest.param("{not json", id="invalid-json"),
    pytest.param(b"\xff\xfe\x00binary", id="not-utf8"),
    pytest.param("", id="empty"),
    pytest.param("null", id="null"),
    pytest.param("[1, 2, 3]", id="a-list"),
    pytest.param('"just a string"', id="a-string"),
    pytest.param("1e400", id="an-infinite-number"),
    pytest.param({"name": 12345, "last_name": ["x"], "version": "two"}, id="wrong-types"),
    pytest.param(
        {"version": 10**40, "segment_id": 10**30, "account_id": 2**64, "user_id": -1},
        id="huge-ints",
    ),
    pytest.param(
        {"version": 1, "tier": "Z", "status": "dead", "role": "boss", "buying_role": "x"},
        id="unknown-enums",
    ),
    pytest.param(
        {"version": 1, "name": "nul\x00byte", "last_name": "nul\x00", "job_title": "\x00"},
        id="nul-characters",
    ),
    pytest.param('{"version": 1, "name": "\\ud800", "last_name": "\\udfff"}', id="lone-surrogate"),
    pytest.param({"version": 1, "name": "x" * 100_000, "notes": "y" * 100_000}, id="too-long"),
    pytest.param(
        {"version": 1, "end_date": "2024-13-45", "consent_date": "yesterday", "start_date": 5},
        id="bad-dates",
    ),
    pytest.param({"version": 1, "tags": "not-a-list", "position": "x"}, id="wrong-shapes"),
    pytest.param({"version": 1, "visit_country": "Netherlands", "website": "ftp:/x"}, id="bad"),
]


@pytest.fixture
def targets(people):
    account = make_account(people.alice, "Alpha")
    contact = make_contact(account, last_name="Aarts")
    position = contact.positions.get()
    return [
        ("post", "/accounts"),
        ("patch", f"/accounts/{account.pk}"),
        ("post", f"/accounts/{account.pk}/team"),
        ("post", "/contacts"),
        ("patch", f"/contacts/{contact.pk}"),
        ("post", f"/contacts/{contact.pk}/positions"),
        ("patch", f"/contacts/{contact.pk}/positions/{position.pk}"),
        ("post", f"/contacts/{contact.pk}/positions/{position.pk}/end"),
    ]


@pytest.mark.parametrize("body", GARBAGE)
def test_garbage_to_every_write_endpoint_is_a_json_4xx(people, api, targets, body):
    client = api(people.admin)

    for method, path in targets:
        response = getattr(client, method)(path, body)

        assert response.status_code in (400, 422), (method, path, response.content)
        assert response["Content-Type"].startswith("application/json")
        assert response.json()["detail"]
        if response.status_code == 422:
            assert all(e["message"] for e in response.json()["errors"])

    assert Account.objects.count() == 1
    assert Contact.objects.get().version == 1
    assert Position.objects.get().end_date is None


def test_invalid_json_is_a_400(people, api):
    response = api(people.alice).post("/accounts", "{not json")

    assert response.status_code == 400
    assert response.json() == {"detail": "The request body must be a JSON object."}


def test_a_field_error_names_the_nested_field(people, api):
    account = make_account(people.alice, "Alpha")

    response = api(people.alice).post(
        "/contacts",
        {"last_name": "A", "account_id": account.pk, "position": {"buying_role": "boss"}},
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["position.buying_role"]


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/abc",
        f"/accounts/{2**70}",
        "/accounts/0",
        "/contacts/-1/positions",
        "/no-such-endpoint",
    ],
)
def test_a_bad_path_is_a_json_answer(people, api, path):
    response = api(people.alice).get(path)

    assert response.status_code in (404, 422)
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_every_foreign_key_is_named_by_its_id_and_no_plain_field_shares_such_a_name():
    """The API reports a service error on a foreign key `segment` as `segment_id`, one rule for
    every model. A plain field called like a foreign key of another model would be renamed by
    mistake: this fails as soon as a model adds one."""
    koers_models = [m for m in apps.get_models() if m.__module__.startswith("koers.")]
    plain = {
        f.name
        for model in koers_models
        for f in model._meta.concrete_fields
        if not isinstance(f, models.ForeignKey)
    }

    assert {"account", "contact", "owner", "parent", "segment", "user"} <= foreign_key_names()
    assert foreign_key_names() & plain == set()
    assert (api_field_name("parent"), api_field_name("name")) == ("parent_id", "name")
