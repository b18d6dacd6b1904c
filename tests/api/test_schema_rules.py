"""The server refuses what the OpenAPI document refuses, with a 422 naming the field, and the
document states the rules the server checks (issue 8, fault 9)."""

from __future__ import annotations

import datetime

import pytest

from koers.accounts.models import Account, Contact
from tests.factories import make_account, make_contact


@pytest.fixture
def contact(people):
    return make_contact(make_account(people.alice, "Alpha"), start_date=datetime.date(2020, 1, 1))


def errors(response) -> list[tuple[str | None, str]]:
    assert response.status_code == 422, response.content
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


@pytest.mark.parametrize("value", [0, 1700000000, "1700000000", "2026-03-01T00:00:00", True])
def test_a_date_is_only_the_text_of_a_date(people, api, contact, value):
    response = api(people.alice).patch(
        f"/contacts/{contact.pk}", {"version": contact.version, "opted_out_at": value}
    )

    assert errors(response) == [("opted_out_at", "schema")]
    contact.refresh_from_db()
    assert contact.opted_out_at is None
    assert contact.version == 1


def test_the_integer_0_is_no_start_date_of_a_position(people, api, contact):
    position = contact.positions.get()

    response = api(people.alice).patch(
        f"/contacts/{contact.pk}/positions/{position.pk}", {"start_date": 0}
    )

    assert errors(response) == [("start_date", "schema")]
    position.refresh_from_db()
    assert position.start_date == datetime.date(2020, 1, 1)


def test_0_is_no_boolean_and_text_no_number(people, api, contact):
    client = api(people.alice)

    flag = client.patch(f"/contacts/{contact.pk}", {"version": 1, "opted_out": 0})
    version = client.patch(f"/contacts/{contact.pk}", {"version": "1", "notes": "x"})
    whole = client.patch(f"/contacts/{contact.pk}", {"version": 1.0, "notes": "x"})

    assert errors(flag) == [("opted_out", "schema")]
    assert errors(version) == [("version", "schema")]
    assert whole.status_code == 200  # 1.0 is an integer in JSON Schema


def test_the_schema_states_strict_dates_patterns_lengths_examples_and_rules(client):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    account = schemas["AccountIn"]["properties"]
    contact = schemas["ContactIn"]

    assert account["kvk_number"]["pattern"] == "^(?=.{0,20}$)(?:(?:[ .-]*[0-9]){8})?[ .-]*$"
    assert account["name"]["maxLength"] == Account._meta.get_field("name").max_length
    assert account["name"]["examples"] == ["Bakkerij De Korenschoof"]
    assert account["notes"]["pattern"] == "^[^\\x00]*$"
    assert account["tier"] == {"allOf": [{"$ref": "#/components/schemas/Tier"}], "default": "C"}
    assert schemas["Tier"]["enum"] == ["A", "B", "C"]
    email = Contact._meta.get_field("email")
    assert contact["properties"]["email"]["pattern"].startswith(f"^(?=.{{0,{email.max_length}}}$)")
    date = {"format": "date", "type": "string", "examples": ["2026-03-01"]}
    assert date in contact["properties"]["consent_date"]["anyOf"]
    assert {
        "if": {"properties": {"mailing_consent": {"const": True}}, "required": ["mailing_consent"]},
        "then": {"properties": {"consent_date": {"type": "string"}}, "required": ["consent_date"]},
    } in contact["allOf"]
    assert "consent_date" in str(schemas["ContactPatch"]["allOf"])
    assert "not_found" in schemas["FieldErrorOut"]["properties"]["code"]["description"]


def test_a_kvk_number_is_8_digits_with_separators_if_you_like(people, api):
    client = api(people.alice)

    short = client.post("/accounts", {"name": "Kort", "kvk_number": "1234"})
    typed = client.post("/accounts", {"name": "Getypt", "kvk_number": "12.34 56-78"})

    assert errors(short) == [("kvk_number", "schema")]
    assert typed.status_code == 201
    assert typed.json()["kvk_number"] == "12345678"


def test_a_blank_name_and_a_nul_are_refused_by_the_schema(people, api):
    client = api(people.alice)

    blank = client.post("/accounts", {"name": "   "})
    nul = client.post("/accounts", {"name": "Nul", "notes": "a\x00b"})

    assert errors(blank) == [("name", "schema")]
    assert errors(nul) == [("notes", "schema")]


def test_a_search_with_a_control_character_is_refused_by_the_schema(people, api):
    response = api(people.alice).get("/contacts", {"q": "a\x15b"})

    assert errors(response) == [("q", "schema")]


def test_consent_needs_its_date_in_the_same_request(people, api, contact):
    response = api(people.alice).patch(
        f"/contacts/{contact.pk}", {"version": 1, "mailing_consent": True}
    )

    assert errors(response) == [("consent_date", "consent_date")]


def test_a_position_ending_before_it_starts_names_the_end_date(people, api, contact):
    position = contact.positions.get()

    response = api(people.alice).patch(
        f"/contacts/{contact.pk}/positions/{position.pk}", {"end_date": "2019-12-31"}
    )

    assert errors(response) == [("end_date", "dates_order")]


def test_an_unknown_id_in_the_body_is_not_found(people, api):
    response = api(people.alice).post("/accounts", {"name": "Tak", "parent_id": 999999})

    assert errors(response) == [("parent_id", "not_found")]


def test_an_unknown_team_in_a_filter_is_not_found(people, api):
    response = api(people.alice).get("/accounts", {"team": 999999})

    assert errors(response) == [("team", "not_found")]


@pytest.mark.parametrize(
    ("patch", "create", "fields"),
    [
        ("AccountPatch", "AccountIn", ["visit_postcode", "postal_postcode", "phone", "website"]),
        ("ContactPatch", "ContactIn", ["phone", "mobile", "email", "last_name"]),
        ("ActivityPatch", "ActivityIn", ["subject"]),
        ("CommitmentPatch", "CommitmentIn", ["description"]),
    ],
)
def test_a_patch_body_states_the_patterns_of_the_create_body(client, patch, create, fields):
    """A client generated from the document must not send a phone of letters in a PATCH that
    the server then refuses: the PATCH field states what the create field states."""
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    for name in fields:
        created = schemas[create]["properties"][name]
        patched = schemas[patch]["properties"][name]
        assert patched["pattern"] == created["pattern"], name
        assert patched.get("examples") == created.get("examples"), name
