"""Events and registrations in the API (decision 139): events for whoever reads the campaign,
registrations scoped like the pages, and a registration created once per Idempotency-Key."""

from __future__ import annotations

from django.core import mail

from koers.campaigns.event_models import Registration
from tests.campaigns.event_helpers import make_event, register


def test_events_are_listed_for_who_reads_their_campaign(people, api, file):
    event = make_event(people, owners=[people.alice.pk])

    alice = api(people.alice).get("/events").json()["results"]
    charlie = api(people.charlie).get("/events").json()["results"]
    hidden = api(people.charlie).get(f"/events/{event.pk}")

    assert [e["id"] for e in alice] == [event.pk]
    assert alice[0]["questions"] == ["Which topic?"]
    assert alice[0]["registration_url"].endswith(f"/e/{event.slug}/")
    assert (charlie, hidden.status_code) == ([], 404)


def test_marketing_registers_someone_once_per_key(
    people, api, file, django_capture_on_commit_callbacks
):
    event = make_event(people)
    client = api(people.mark)
    body = {
        "name": "Anna",
        "email": "anna@example.nl",
        "language": "en",
        "answers": {"Which topic?": "Prices"},
    }
    headers = {"Idempotency-Key": "reg-1"}
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(f"/events/{event.pk}/registrations", body, headers=headers)
        again = client.post(f"/events/{event.pk}/registrations", body, headers=headers)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["contact_id"] == file.anna.pk
    assert first.json()["source"] == "api"
    assert (Registration.objects.count(), len(mail.outbox)) == (1, 1)


def test_an_address_already_registered_answers_200_with_its_registration(
    people, api, file, django_capture_on_commit_callbacks
):
    event = make_event(people)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)

    response = api(people.mark).post(
        f"/events/{event.pk}/registrations", {"name": "Anna", "email": "Anna@example.nl"}
    )

    assert (response.status_code, response.json()["id"]) == (200, anna.pk)


def test_an_account_manager_may_not_register_through_the_api(people, api, file):
    event = make_event(people, owners=[people.alice.pk])

    response = api(people.alice).post(
        f"/events/{event.pk}/registrations", {"name": "Anna", "email": "anna@example.nl"}
    )

    assert response.status_code == 403
    assert Registration.objects.count() == 0


def test_a_closed_registration_is_a_422_naming_the_event(people, api, file):
    event = make_event(people, registration_open=False)

    response = api(people.mark).post(
        f"/events/{event.pk}/registrations", {"name": "Anna", "email": "anna@example.nl"}
    )

    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "status"


def test_registrations_are_scoped_like_the_page(
    people, api, file, django_capture_on_commit_callbacks
):
    event = make_event(people, owners=[people.alice.pk])
    for name in ("anna", "carl"):
        register(event, name, f"{name}@example.nl", django_capture_on_commit_callbacks)
    register(event, "Piet", "piet@nieuw.example", django_capture_on_commit_callbacks)
    path = f"/events/{event.pk}/registrations"

    alice = api(people.alice).get(path).json()["results"]
    unmatched = api(people.mark).get(path, {"unmatched": "true"}).json()["results"]

    assert [r["email"] for r in alice] == ["anna@example.nl"]
    assert [(r["email"], r["contact_id"]) for r in unmatched] == [("piet@nieuw.example", None)]


def test_the_registrations_make_a_fixed_number_of_queries(
    people, api, file, query_baseline, django_capture_on_commit_callbacks
):
    event = make_event(people)
    for n in range(3):
        register(event, f"R{n}", f"r{n}@example.nl", django_capture_on_commit_callbacks)
    client = api(people.mark)
    client.get(f"/events/{event.pk}/registrations")

    with query_baseline("registrations"):
        response = client.get(f"/events/{event.pk}/registrations")
    with query_baseline("events"):
        client.get("/events")

    assert len(response.json()["results"]) == 3
