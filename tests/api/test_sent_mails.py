"""/api/v1/sent-mails: the e-mails written from Koers (read only), with each copy and whether
it went out; readable with the account, like the pages."""

from __future__ import annotations

import pytest
from django.core import mail

from koers.correspondence import services
from tests.correspondence.factories import make_correspondence


@pytest.fixture
def world(people):
    return make_correspondence(people.alice, people.maria)


def _send(people, world, contacts, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.mail_send(
            actor=people.alice, account=world.account, contacts=contacts, template=world.welcome
        )


def test_the_list_shows_each_copy_with_its_language_and_status(
    people, api, world, django_capture_on_commit_callbacks
):
    sent = _send(people, world, [world.anna, world.john], django_capture_on_commit_callbacks)

    response = api(people.alice).get("/sent-mails", {"account": world.account.pk})

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["id"], row["status"], row["activity_id"]) == (sent.pk, "sent", sent.activity_id)
    assert [(r["email"], r["language"], r["subject"]) for r in row["recipients"]] == [
        ("anna@alpha.nl", "nl", "Welkom bij Koers Levensmiddelen BV"),
        ("john@alpha.co.uk", "en", "Welcome to Koers Levensmiddelen BV"),
    ]
    assert row["recipients"][0]["body"].startswith("Beste Anna,")
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(("persona", "status"), [("maria", 200), ("bob", 404), ("charlie", 404)])
def test_a_sent_mail_is_read_with_its_account(
    people, api, world, persona, status, django_capture_on_commit_callbacks
):
    sent = _send(people, world, [world.anna], django_capture_on_commit_callbacks)

    assert api(getattr(people, persona)).get(f"/sent-mails/{sent.pk}").status_code == status
    listed = api(getattr(people, persona)).get("/sent-mails").json()["count"]
    assert listed == (1 if status == 200 else 0)


def test_an_account_one_may_not_read_is_a_422_naming_the_filter(people, api, world):
    response = api(people.bob).get("/sent-mails", {"account": world.account.pk})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["account"]


@pytest.mark.parametrize("rows", [2, 12])
def test_the_list_makes_a_fixed_number_of_queries(
    people, api, world, query_baseline, rows, django_capture_on_commit_callbacks
):
    for _n in range(rows):
        _send(people, world, [world.anna, world.john], django_capture_on_commit_callbacks)
    client = api(people.alice)
    client.get("/users/me")

    with query_baseline("list"):
        response = client.get("/sent-mails", {"page_size": 50})

    assert response.json()["count"] == rows
