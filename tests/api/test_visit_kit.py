"""The visit kit through the API: the checklist ticked during a visit, the photos of a report,
and the recap e-mail, per persona, with retries that do nothing twice."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from PIL import Image

from koers.relations import services
from koers.relations.models import Activity, Recap, ReportPhoto
from tests.api.conftest import BASE
from tests.factories import make_account, make_contact
from tests.relations.factories import plan


def png(color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


@pytest.fixture
def visit(people, account):
    return plan(
        people.alice,
        account,
        planned_start=timezone.now() + timedelta(days=1),
        checklist=["Price list 2027", "Ask about week 50"],
    )


def items(response) -> list[tuple[str, bool]]:
    return [(i["text"], i["done"]) for i in response.json()["checklist"]]


# --- checklist ------------------------------------------------------------------------------


def test_the_owner_adds_ticks_and_removes_checklist_items(people, api, visit):
    client = api(people.alice)
    url = f"/activities/{visit.pk}/checklist"

    added = client.post(url, {"text": "  Samples   for the shop "})
    ticked = client.post(f"{url}/tick", {"line": 0, "text": "Price list 2027", "done": True})
    removed = client.post(f"{url}/remove", {"line": 1, "text": "Ask about week 50"})

    assert added.status_code == ticked.status_code == removed.status_code == 200
    assert items(added)[-1] == ("Samples for the shop", False)
    assert items(ticked)[0] == ("Price list 2027", True)
    assert items(removed) == [("Price list 2027", True), ("Samples for the shop", False)]
    assert items(client.get(f"/activities/{visit.pk}")) == items(removed)


def test_a_tick_sent_twice_leaves_the_item_ticked(people, api, visit):
    client = api(people.alice)
    body = {"line": 1, "text": "Ask about week 50", "done": True}

    client.post(f"/activities/{visit.pk}/checklist/tick", body)
    again = client.post(f"/activities/{visit.pk}/checklist/tick", body)

    assert again.status_code == 200
    assert items(again)[1] == ("Ask about week 50", True)


def test_a_tap_on_a_list_that_changed_is_a_409_with_the_list_as_it_is(people, api, visit):
    client = api(people.alice)
    client.post(f"/activities/{visit.pk}/checklist/remove", {"line": 0, "text": "Price list 2027"})

    stale = client.post(
        f"/activities/{visit.pk}/checklist/tick",
        {"line": 0, "text": "Price list 2027", "done": True},
    )

    assert stale.status_code == 409
    assert [i["text"] for i in stale.json()["current"]["checklist"]] == ["Ask about week 50"]
    assert Activity.objects.get(pk=visit.pk).checklist == [
        {"text": "Ask about week 50", "done": False}
    ]


def test_a_done_visits_list_is_ticked_but_gets_no_new_items(people, api, visit):
    services.activity_complete(actor=people.alice, activity=visit)
    client = api(people.alice)

    add = client.post(f"/activities/{visit.pk}/checklist", {"text": "Too late"})
    tick = client.post(
        f"/activities/{visit.pk}/checklist/tick",
        {"line": 0, "text": "Price list 2027", "done": True},
    )

    assert add.status_code == 409
    assert tick.status_code == 200


def test_a_full_checklist_names_the_field_and_the_reason(people, api, account):
    full = plan(
        people.alice,
        account,
        planned_start=timezone.now() + timedelta(days=1),
        checklist=[f"Item {n}" for n in range(30)],
    )

    response = api(people.alice).post(f"/activities/{full.pk}/checklist", {"text": "One more"})

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("text", "too_many")]


@pytest.mark.parametrize(
    ("persona", "status"), [("mark", 403), ("charlie", 404), ("bob", 404), ("maria", 200)]
)
def test_who_may_change_the_checklist(people, api, visit, persona, status):
    response = api(getattr(people, persona)).post(
        f"/activities/{visit.pk}/checklist/tick",
        {"line": 0, "text": "Price list 2027", "done": True},
    )

    assert response.status_code == status
    done = Activity.objects.get(pk=visit.pk).checklist[0]["done"]
    assert done is (status == 200)


def test_instructions_are_set_with_a_patch(people, api, visit):
    response = api(people.maria).patch(
        f"/activities/{visit.pk}", {"version": visit.version, "instructions": "Ask for Jan"}
    )

    assert response.status_code == 200
    assert response.json()["instructions"] == "Ask for Jan"


# --- photos ---------------------------------------------------------------------------------


@pytest.fixture
def report(people, visit):
    return services.report_write(actor=people.alice, activity=visit, data={"discussed": "Shelf"})


def upload(client: Client, token: str, report_id: int, *files: tuple[str, bytes], key: str = ""):
    headers = {"Authorization": f"Bearer {token}"}
    if key:
        headers["Idempotency-Key"] = key
    data = {"photos": [io.BytesIO(content) for _name, content in files]}
    for handle, (name, _content) in zip(data["photos"], files, strict=True):
        handle.name = name
    return Client().post(f"{BASE}/visit-reports/{report_id}/photos", data, headers=headers)


def test_photos_are_uploaded_listed_downloaded_and_deleted(people, api, token_for, report):
    token = token_for(people.alice)

    added = upload(Client(), token, report.pk, ("shelf.png", png()), ("display.png", png("blue")))
    listed = api(people.alice).get(f"/visit-reports/{report.pk}/photos")
    first = listed.json()["results"][0]
    image = Client().get(first["image"], headers={"Authorization": f"Bearer {token}"})
    thumb = Client().get(first["thumbnail"], headers={"Authorization": f"Bearer {token}"})
    deleted = api(people.alice).delete(f"/visit-reports/{report.pk}/photos/{first['id']}")

    assert added.status_code == 201
    assert [p["original_name"] for p in added.json()["results"]] == ["shelf.png", "display.png"]
    assert [p["original_name"] for p in listed.json()["results"]] == ["shelf.png", "display.png"]
    assert image.status_code == thumb.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(image.streaming_content))).format == "JPEG"
    assert deleted.status_code == 204
    assert list(ReportPhoto.objects.values_list("original_name", flat=True)) == ["display.png"]


def test_a_retried_upload_with_the_same_key_stores_the_photos_once(people, token_for, report):
    token = token_for(people.alice)

    first = upload(Client(), token, report.pk, ("shelf.png", png()), key="k-1")
    again = upload(Client(), token, report.pk, ("shelf.png", png()), key="k-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert ReportPhoto.objects.count() == 1


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_stored(people, token_for, report):
    response = upload(
        Client(),
        token_for(people.alice),
        report.pk,
        ("shelf.png", png()),
        ("notes.png", b"not an image at all"),
    )

    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("photos", "not_an_image")
    assert "notes.png" in error["message"]
    assert not ReportPhoto.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("mark", 403), ("charlie", 404)])
def test_who_may_not_change_the_account_adds_no_photo(people, token_for, report, persona, status):
    response = upload(Client(), token_for(getattr(people, persona)), report.pk, ("a.png", png()))

    assert response.status_code == status
    assert not ReportPhoto.objects.exists()


def test_a_photo_is_read_by_who_reads_the_account_and_by_nobody_else(
    people, api, token_for, report
):
    upload(Client(), token_for(people.alice), report.pk, ("shelf.png", png()))
    photo = ReportPhoto.objects.get()
    path = f"/visit-reports/{report.pk}/photos/{photo.pk}/image"
    other = make_account(people.alice, "Other")
    other_visit = plan(people.alice, other, planned_start=timezone.now() - timedelta(hours=1))
    other_report = services.report_write(
        actor=people.alice, activity=other_visit, data={"discussed": "x"}
    )

    assert api(people.mark).get(path).status_code == 200
    assert api(people.maria).get(path).status_code == 200
    assert api(people.charlie).get(path).status_code == 404
    assert api(people.charlie).get(f"/visit-reports/{report.pk}/photos").status_code == 404
    # Through another report of one's own: not found either.
    wrong = f"/visit-reports/{other_report.pk}/photos/{photo.pk}/image"
    assert api(people.alice).get(wrong).status_code == 404
    assert (
        api(people.mark).delete(f"/visit-reports/{report.pk}/photos/{photo.pk}").status_code == 403
    )
    assert ReportPhoto.objects.count() == 1


# --- recap ----------------------------------------------------------------------------------


@pytest.fixture
def visited(people, account):
    jan = make_contact(account, first_name="Jan", last_name="de Vries", email="jan@jansen.nl")
    kate = make_contact(
        account, first_name="Kate", last_name="Brown", email="kate@x.co.uk", preferred_language="en"
    )
    activity = plan(
        people.alice,
        account,
        subject="Jaargesprek",
        planned_start=timezone.now() - timedelta(hours=3),
        contacts=[jan, kate],
    )
    services.report_write(
        actor=people.alice,
        activity=activity,
        data={"discussed": "Prices", "agreements": "We send the price list"},
    )
    activity.refresh_from_db()
    return activity


def test_the_recap_is_sent_once_through_the_api(
    people, api, visited, django_capture_on_commit_callbacks
):
    client = api(people.alice)

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/activities/{visited.pk}/recap")
    again = client.post(f"/activities/{visited.pk}/recap")
    read = client.get(f"/activities/{visited.pk}/recap")

    assert sent.status_code == 201
    recipients = {r["email"]: r["language"] for r in sent.json()["recipients"]}
    assert recipients == {"jan@jansen.nl": "nl", "kate@x.co.uk": "en"}
    assert sorted(m.to[0] for m in mail.outbox) == ["jan@jansen.nl", "kate@x.co.uk"]
    assert again.status_code == 409
    assert "sent" in again.json()["detail"] or "verstuurd" in again.json()["detail"]
    assert read.status_code == 200
    assert all(r["sent_at"] for r in read.json()["recipients"])
    assert read.json()["email_activity_id"] == Recap.objects.get().email_activity_id
    assert len(mail.outbox) == 2


def test_a_retried_recap_request_with_the_same_key_answers_the_same(
    people, api, visited, django_capture_on_commit_callbacks
):
    client = api(people.alice)
    headers = {"Idempotency-Key": "recap-1"}

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/activities/{visited.pk}/recap", headers=headers)
        again = client.post(f"/activities/{visited.pk}/recap", headers=headers)

    assert first.status_code == again.status_code == 201
    assert len(mail.outbox) == 2
    assert Recap.objects.count() == 1


def test_no_recap_before_it_took_place_and_none_read_while_none_was_sent(people, api, visit):
    client = api(people.alice)

    assert client.post(f"/activities/{visit.pk}/recap").status_code == 409
    assert client.get(f"/activities/{visit.pk}/recap").status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("mark", 403), ("charlie", 404), ("bob", 404)])
def test_who_may_not_change_the_account_sends_no_recap(people, api, visited, persona, status):
    response = api(getattr(people, persona)).post(f"/activities/{visited.pk}/recap")

    assert response.status_code == status
    assert not Recap.objects.exists()
    assert api(people.charlie).get(f"/activities/{visited.pk}/recap").status_code == 404


@pytest.mark.parametrize("photos", [1, 4])
def test_the_photo_list_makes_a_fixed_number_of_queries(
    people, api, token_for, report, query_baseline, photos
):
    files = [(f"shelf-{n}.png", png()) for n in range(photos)]
    added = upload(Client(), token_for(people.alice), report.pk, *files)
    client = api(people.alice)

    with query_baseline("list"):
        response = client.get(f"/visit-reports/{report.pk}/photos")

    assert len(response.json()["results"]) == photos, (response.json(), added.json())
