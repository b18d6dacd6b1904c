"""/api/v1/contacts and their positions: per role, filters, writes, conflicts, query counts."""

from __future__ import annotations

import datetime

import pytest

from koers.accounts import services
from koers.accounts.models import Contact, Position
from tests.factories import make_account, make_contact

NOT_FOUND = {"detail": "Not found."}


def last_names(response) -> list[str]:
    return [row["last_name"] for row in response.json()["results"]]


@pytest.fixture
def accounts(people):
    return {
        "alice": make_account(people.alice, "Alpha"),
        "bob": make_account(people.bob, "Bravo"),
        "charlie": make_account(people.charlie, "Charlie"),
    }


# --- reading, per role ----------------------------------------------------------------------


def test_an_account_manager_lists_the_contacts_of_readable_accounts_only(people, api, accounts):
    make_contact(accounts["alice"], last_name="Aarts")
    make_contact(accounts["charlie"], last_name="Claes")

    response = api(people.alice).get("/contacts")

    assert response.status_code == 200
    assert last_names(response) == ["Aarts"]


def test_a_contact_at_another_teams_account_is_a_404_for_every_method(people, api, accounts):
    contact = make_contact(accounts["charlie"], last_name="Claes")
    client = api(people.alice)

    assert client.get(f"/contacts/{contact.pk}").json() == NOT_FOUND
    changed = client.patch(f"/contacts/{contact.pk}", {"version": 1, "last_name": "Mine"})
    deleted = client.delete(f"/contacts/{contact.pk}")
    positions = client.get(f"/contacts/{contact.pk}/positions")

    assert changed.status_code == deleted.status_code == positions.status_code == 404
    contact.refresh_from_db()
    assert (contact.last_name, contact.version) == ("Claes", 1)


def test_positions_at_accounts_the_user_may_not_read_are_left_out(people, api, accounts):
    contact = make_contact(accounts["alice"], last_name="Mover", buying_role="decider")
    services.position_add(
        actor=people.charlie,
        contact=contact,
        account=accounts["charlie"],
        data={"start_date": datetime.date(2020, 1, 1), "end_date": datetime.date(2022, 1, 1)},
    )

    mine = api(people.alice).get(f"/contacts/{contact.pk}").json()
    everything = api(people.admin).get(f"/contacts/{contact.pk}").json()

    assert [p["account_name"] for p in mine["positions"]] == ["Alpha"]
    assert [(p["account_name"], p["is_current"]) for p in everything["positions"]] == [
        ("Alpha", True),
        ("Charlie", False),
    ]
    assert mine["positions"][0] == {
        "id": contact.positions.get(account=accounts["alice"]).pk,
        "account_id": accounts["alice"].pk,
        "account_name": "Alpha",
        "job_title": "",
        "buying_role": "decider",
        "attitude": "neutral",
        "start_date": None,
        "end_date": None,
        "is_current": True,
    }


def test_a_manager_reads_the_teams_contacts_and_marketing_reads_all(people, api, accounts):
    make_contact(accounts["alice"], last_name="Aarts")
    make_contact(accounts["bob"], last_name="Bos")
    make_contact(accounts["charlie"], last_name="Claes")

    assert last_names(api(people.maria).get("/contacts")) == ["Aarts", "Bos"]
    assert last_names(api(people.mark).get("/contacts")) == ["Aarts", "Bos", "Claes"]
    assert last_names(api(people.admin).get("/contacts")) == ["Aarts", "Bos", "Claes"]


# --- filters --------------------------------------------------------------------------------


@pytest.fixture
def dmu(people, accounts):
    make_contact(
        accounts["alice"],
        last_name="Aarts",
        email="aarts@example.nl",
        buying_role="decider",
        attitude="supporter",
        mailing_consent=True,
        consent_date=datetime.date(2025, 1, 1),
    )
    make_contact(accounts["alice"], last_name="Bakker", buying_role="buyer", attitude="critic")
    former = make_contact(accounts["bob"], last_name="Cools", buying_role="decider")
    services.position_end(
        actor=people.bob, position=former.positions.get(), end_date=datetime.date(2025, 6, 1)
    )
    return accounts


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "aar"}, ["Aarts"]),
        ({"q": "example.nl"}, ["Aarts"]),
        ({"buying_role": "decider"}, ["Aarts"]),
        ({"buying_role": "decider", "include_former": "true"}, ["Aarts", "Cools"]),
        ({"attitude": "critic"}, ["Bakker"]),
        ({"may_receive_mailings": "true"}, ["Aarts"]),
        ({"may_receive_mailings": "false"}, ["Bakker", "Cools"]),
        ({"ordering": "-name"}, ["Cools", "Bakker", "Aarts"]),
    ],
)
def test_the_contact_list_filters(people, api, dmu, params, expected):
    response = api(people.maria).get("/contacts", params)

    assert response.status_code == 200
    assert last_names(response) == expected


def test_contacts_of_one_account(people, api, dmu):
    client = api(people.maria)

    assert last_names(client.get("/contacts", {"account": dmu["alice"].pk})) == ["Aarts", "Bakker"]
    assert last_names(client.get("/contacts", {"account": dmu["bob"].pk})) == []
    assert last_names(
        client.get("/contacts", {"account": dmu["bob"].pk, "include_former": "true"})
    ) == ["Cools"]


def test_an_unknown_buying_role_is_a_422(people, api):
    response = api(people.alice).get("/contacts", {"buying_role": "boss"})

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "buying_role"


# --- writes ---------------------------------------------------------------------------------


def test_an_account_manager_creates_a_contact_with_a_position(people, api, accounts):
    response = api(people.alice).post(
        "/contacts",
        {
            "first_name": "Anna",
            "last_name": "de Vries",
            "phone": "030 123 4567",
            "account_id": accounts["alice"].pk,
            "position": {
                "job_title": "Inkoper",
                "buying_role": "buyer",
                "start_date": "2024-03-01",
            },
        },
    )

    assert response.status_code == 201
    body = response.json()
    contact = Contact.objects.get()
    assert body["id"] == contact.pk
    assert (body["phone"], body["version"]) == ("+31301234567", 1)
    assert [
        (p["account_id"], p["job_title"], p["buying_role"], p["start_date"])
        for p in body["positions"]
    ] == [(accounts["alice"].pk, "Inkoper", "buyer", "2024-03-01")]
    assert contact.created_by == people.alice


def test_a_contact_at_an_account_the_user_may_not_read_is_refused(people, api, accounts):
    response = api(people.alice).post(
        "/contacts", {"last_name": "Spy", "account_id": accounts["charlie"].pk}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "account_id",
            "message": "There is no account with this id.",
            "code": "not_found",
        }
    ]
    assert not Contact.objects.exists()


def test_marketing_cannot_create_change_or_delete_contacts(people, api, accounts):
    contact = make_contact(accounts["alice"], last_name="Aarts")
    client = api(people.mark)

    created = client.post("/contacts", {"last_name": "New"})
    created_at = client.post("/contacts", {"last_name": "New", "account_id": accounts["alice"].pk})
    changed = client.patch(f"/contacts/{contact.pk}", {"version": 1, "last_name": "X"})
    deleted = client.delete(f"/contacts/{contact.pk}")

    assert {r.status_code for r in (created, created_at, changed, deleted)} == {403}
    assert list(Contact.objects.values_list("last_name", "version")) == [("Aarts", 1)]


def test_consent_needs_its_date_and_a_bad_position_names_the_position_field(people, api, accounts):
    no_date = api(people.alice).post("/contacts", {"last_name": "X", "mailing_consent": True})
    bad_dates = api(people.alice).post(
        "/contacts",
        {
            "last_name": "Y",
            "account_id": accounts["alice"].pk,
            "position": {"start_date": "2024-05-01", "end_date": "2024-01-01"},
        },
    )

    assert no_date.status_code == 422
    assert no_date.json()["errors"] == [
        {
            "field": "consent_date",
            "message": "Record when the consent was given.",
            "code": "consent_date",
        }
    ]
    assert bad_dates.status_code == 422
    assert [e["field"] for e in bad_dates.json()["errors"]] == ["position.end_date"]
    assert not Contact.objects.exists()


def test_a_contact_patch_and_its_stale_retry(people, api, accounts):
    contact = make_contact(accounts["alice"], last_name="Aarts", email="old@example.nl")
    client = api(people.alice)

    changed = client.patch(f"/contacts/{contact.pk}", {"version": 1, "email": "new@example.nl"})
    stale = client.patch(f"/contacts/{contact.pk}", {"version": 1, "last_name": "Oops"})

    assert changed.status_code == 200
    assert (changed.json()["email"], changed.json()["version"]) == ("new@example.nl", 2)
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert stale.json()["current"]["email"] == "new@example.nl"
    assert [c["field"] for c in stale.json()["changes"]] == ["email"]
    contact.refresh_from_db()
    assert (contact.last_name, contact.version) == ("Aarts", 2)


def test_only_managers_and_administrators_delete_contacts(people, api, accounts):
    contact = make_contact(accounts["alice"], last_name="Aarts")

    refused = api(people.alice).delete(f"/contacts/{contact.pk}")
    assert refused.status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()

    deleted = api(people.maria).delete(f"/contacts/{contact.pk}")
    assert deleted.status_code == 204
    assert not Contact.objects.exists()
    assert not Position.objects.exists()


# --- positions ------------------------------------------------------------------------------


def test_a_contact_gets_a_position_at_another_account_changes_it_and_ends_it(people, api, accounts):
    contact = make_contact(accounts["alice"], last_name="Aarts")
    served = accounts["bob"]
    served.team_members.create(user=people.alice, role="co_account_manager")
    client = api(people.alice)

    added = client.post(
        f"/contacts/{contact.pk}/positions",
        {"account_id": served.pk, "job_title": "CFO", "buying_role": "decider"},
    )
    position_id = added.json()["id"]
    changed = client.patch(
        f"/contacts/{contact.pk}/positions/{position_id}",
        {"attitude": "supporter", "buying_role": None},
    )
    ended = client.post(
        f"/contacts/{contact.pk}/positions/{position_id}/end", {"end_date": "2025-12-31"}
    )
    listed = client.get(f"/contacts/{contact.pk}/positions")

    assert added.status_code == 201
    assert (added.json()["account_name"], added.json()["buying_role"]) == ("Bravo", "decider")
    assert changed.status_code == 200
    assert (changed.json()["attitude"], changed.json()["buying_role"]) == ("supporter", None)
    assert ended.status_code == 200
    assert (ended.json()["end_date"], ended.json()["is_current"]) == ("2025-12-31", False)
    assert [(p["account_name"], p["is_current"]) for p in listed.json()] == [
        ("Alpha", True),
        ("Bravo", False),
    ]


def test_a_position_at_an_account_the_user_may_not_read_is_a_404(people, api, accounts):
    contact = make_contact(accounts["alice"], last_name="Aarts")
    hidden = services.position_add(
        actor=people.charlie, contact=contact, account=accounts["charlie"], data={}
    )
    client = api(people.alice)

    changed = client.patch(f"/contacts/{contact.pk}/positions/{hidden.pk}", {"job_title": "X"})
    ended = client.post(
        f"/contacts/{contact.pk}/positions/{hidden.pk}/end", {"end_date": "2025-01-01"}
    )

    assert changed.status_code == ended.status_code == 404
    hidden.refresh_from_db()
    assert (hidden.job_title, hidden.end_date) == ("", None)


def test_a_position_is_only_reached_through_its_own_contact(people, api, accounts):
    aarts = make_contact(accounts["alice"], last_name="Aarts")
    bos = make_contact(accounts["alice"], last_name="Bos")

    response = api(people.alice).patch(
        f"/contacts/{bos.pk}/positions/{aarts.positions.get().pk}", {"job_title": "X"}
    )

    assert response.status_code == 404


def test_a_position_that_ends_before_it_starts_is_refused(people, api, accounts):
    contact = make_contact(
        accounts["alice"], last_name="Aarts", start_date=datetime.date(2024, 6, 1)
    )
    position = contact.positions.get()

    response = api(people.alice).post(
        f"/contacts/{contact.pk}/positions/{position.pk}/end", {"end_date": "2024-01-01"}
    )

    assert response.status_code == 422
    position.refresh_from_db()
    assert position.end_date is None


# --- query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 30])
def test_the_contact_list_makes_a_fixed_number_of_queries(
    people, api, accounts, query_baseline, rows
):
    for n in range(rows):
        contact = make_contact(accounts["alice"], last_name=f"Contact {n}", buying_role="buyer")
        services.position_add(actor=people.bob, contact=contact, account=accounts["bob"], data={})
    client = api(people.alice)
    client.get("/users/me")

    # token, the capped count, the page, positions with their accounts
    with query_baseline("list"):
        listed = client.get("/contacts", {"page_size": 200, "buying_role": "buyer"})
    # token, the matching ids (the capped count), the page by id, positions with their accounts
    with query_baseline("search"):
        found = client.get("/contacts", {"page_size": 200, "buying_role": "buyer", "q": "contact"})

    assert listed.json()["count"] == found.json()["count"] == rows
    # token, contact, positions
    with query_baseline("detail"):
        client.get(f"/contacts/{contact.pk}")
