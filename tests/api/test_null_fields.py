"""A null where the schema says string, number, array or object is a 422 naming the field, in
every body of every POST and PATCH; never a 500 (issue 8, fault 5: `"tags": null`)."""

from __future__ import annotations

from typing import Any, get_args

import pytest

from koers.accounts.api.account_schemas import AccountIn, AccountPatch, TeamMemberIn
from koers.accounts.api.contact_schemas import (
    ContactIn,
    ContactPatch,
    PositionCreateIn,
    PositionEndIn,
    PositionPatch,
)
from koers.api.versioning import PatchIn
from tests.factories import make_account, make_contact

# (method, path, a valid body, its schema); paths name the objects of the `world` fixture.
BODIES: list[tuple[str, str, dict[str, Any], Any]] = [
    ("post", "/accounts", {"name": "New BV"}, AccountIn),
    ("patch", "/accounts/{account}", {"version": 1}, AccountPatch),
    ("post", "/accounts/{account}/team", {"user_id": "{bob}", "role": "specialist"}, TeamMemberIn),
    ("post", "/contacts", {"last_name": "Visser"}, ContactIn),
    ("patch", "/contacts/{contact}", {"version": 1}, ContactPatch),
    ("post", "/contacts/{contact}/positions", {"account_id": "{account}"}, PositionCreateIn),
    ("patch", "/contacts/{contact}/positions/{position}", {}, PositionPatch),
    (
        "post",
        "/contacts/{contact}/positions/{position}/end",
        {"end_date": "2026-01-31"},
        PositionEndIn,
    ),
]


def _takes_null(schema: Any, field: str) -> bool:
    """Whether the schema allows null for `field` (a PATCH: only its `nullable_fields`)."""
    if issubclass(schema, PatchIn):
        return field in schema.nullable_fields
    return type(None) in get_args(schema.model_fields[field].annotation)


CASES = [
    pytest.param(
        method, path, body, field, _takes_null(schema, field), id=f"{method} {path} {field}"
    )
    for method, path, body, schema in BODIES
    for field in schema.model_fields
]


@pytest.fixture
def world(people) -> dict[str, int]:
    account = make_account(people.alice, "Alpha")
    contact = make_contact(account)
    return {
        "account": account.pk,
        "contact": contact.pk,
        "position": contact.positions.get().pk,
        "bob": people.bob.pk,
    }


def _fill(value: Any, world: dict[str, int]) -> Any:
    if isinstance(value, str) and value.startswith("{"):
        return value.format(**world) if "/" in value else int(value.format(**world))
    return value


@pytest.mark.parametrize(("method", "path", "body", "field", "nullable"), CASES)
@pytest.mark.parametrize("bad", [None, [None], {"x": None}], ids=["null", "[null]", "{x: null}"])
def test_a_null_or_a_wrong_shape_is_never_a_server_error(
    people, api, world, method, path, body, field, nullable, bad
):
    url = path.format(**world)
    data = {key: _fill(value, world) for key, value in body.items()} | {field: bad}

    response = getattr(api(people.alice), method)(url, data)

    assert response.status_code < 500
    if bad is not None or not nullable:
        assert response.status_code == 422
        assert field in {(e["field"] or "").split(".")[0] for e in response.json()["errors"]}


def test_tags_null_in_a_patch_names_tags_and_changes_nothing(people, api, world):
    response = api(people.alice).patch(
        f"/accounts/{world['account']}", {"version": 1, "tags": None}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "tags",
            "message": "This field may not be null; leave it out to keep its value.",
            "code": "schema",
        }
    ]
    assert api(people.alice).get(f"/accounts/{world['account']}").json()["version"] == 1
