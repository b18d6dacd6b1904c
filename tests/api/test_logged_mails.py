"""/api/v1/logged-mails: the messages that reached a user's log address (read only), readable
with an account they were logged on, or by their own user while they wait in the inbox."""

from __future__ import annotations

import pytest

from koers.correspondence.models import MailLogAddress
from tests.correspondence.factories import make_correspondence
from tests.correspondence.test_mail_log import OFFER, SECRET, SUBJECT, TOKEN, post, unknown_sender


@pytest.fixture(autouse=True)
def mail_log_settings(settings):
    settings.MAIL_LOG_DOMAIN = "log.koers.test"
    settings.MAIL_LOG_LOCAL_PART = "log"
    settings.MAIL_LOG_SECRET = SECRET


@pytest.fixture
def world(people):
    """Alpha with Anna (whose message file is logged), and alice's log address."""
    people.alice.email = "alice@koers.example.nl"
    people.alice.save()
    MailLogAddress.objects.create(user=people.alice, token=TOKEN)
    return make_correspondence(people.alice, people.maria)


def _log(client, raw, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, raw)
    assert response.status_code == 202
    return response.json()["id"]


def test_a_logged_message_shows_where_it_was_logged_and_its_attachment(
    people, api, world, client, django_capture_on_commit_callbacks
):
    pk = _log(client, OFFER, django_capture_on_commit_callbacks)

    response = api(people.alice).get("/logged-mails", {"account": world.account.pk})

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["id"], row["subject"], row["status"], row["direction"]) == (
        pk,
        SUBJECT,
        "logged",
        "incoming",
    )
    assert row["sender"] == "anna@alpha.nl"
    assert [a["account_id"] for a in row["logged_as"]] == [world.account.pk]
    (attachment,) = row["attachments"]
    assert attachment["filename"] == "prijslijst café.pdf"
    assert attachment["download_url"] == f"/mail-log/files/{attachment['id']}/"
    assert row["text"].startswith("Beste Alice,")


@pytest.mark.parametrize(("persona", "status"), [("maria", 200), ("bob", 404), ("charlie", 404)])
def test_a_logged_message_is_read_with_its_account(
    people, api, world, client, persona, status, django_capture_on_commit_callbacks
):
    pk = _log(client, OFFER, django_capture_on_commit_callbacks)
    reader = api(getattr(people, persona))

    assert reader.get(f"/logged-mails/{pk}").status_code == status
    assert reader.get("/logged-mails").json()["count"] == (1 if status == 200 else 0)


def test_a_message_in_the_inbox_is_read_by_its_user_alone(
    people, api, world, client, django_capture_on_commit_callbacks
):
    pk = _log(client, unknown_sender(), django_capture_on_commit_callbacks)

    mine = api(people.alice).get(f"/logged-mails/{pk}")
    assert mine.status_code == 200
    assert (mine.json()["status"], mine.json()["logged_as"]) == ("inbox", [])
    assert api(people.alice).get("/logged-mails", {"status": "inbox"}).json()["count"] == 1
    assert api(people.alice).get("/logged-mails", {"status": "logged"}).json()["count"] == 0
    # The manager reads the seller's customers, never the seller's private inbox.
    assert api(people.maria).get(f"/logged-mails/{pk}").status_code == 404


def test_bad_filters_are_a_422_naming_the_field(people, api, world):
    bad_account = api(people.bob).get("/logged-mails", {"account": world.account.pk})
    bad_status = api(people.alice).get("/logged-mails", {"status": "lost"})

    assert bad_account.status_code == 422
    assert [e["field"] for e in bad_account.json()["errors"]] == ["account"]
    assert bad_status.status_code == 422
    assert "status" in bad_status.content.decode()


@pytest.mark.parametrize("rows", [2, 12])
def test_the_list_makes_a_fixed_number_of_queries(
    people, api, world, client, query_baseline, rows, django_capture_on_commit_callbacks
):
    for n in range(rows):
        _log(client, unknown_sender(message_id=f"<m-{n}@x.nl>"), django_capture_on_commit_callbacks)
    reader = api(people.alice)
    reader.get("/users/me")

    with query_baseline("list"):
        response = reader.get("/logged-mails", {"page_size": 50})

    assert response.json()["count"] == rows
