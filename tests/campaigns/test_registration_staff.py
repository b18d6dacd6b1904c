"""Marketing and the campaign's owner cancel a registration for the registrant and move someone
up from the waiting list by hand (decision 147): the freed place goes to the first waiting, the
mail "a place came free" goes with its calendar file, once however often it is retried; a full
event asks first; an account manager who only reads the event may do neither."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.accounts.models import Contact
from koers.campaigns import event_services
from koers.campaigns.event_models import Registration, RegistrationStatus
from koers.campaigns.models import Campaign
from koers.core.errors import NotAllowed
from tests.campaigns.event_helpers import make_event, register

S = RegistrationStatus


@pytest.fixture(autouse=True)
def _english(file):
    Contact.objects.update(preferred_language="en")


@pytest.fixture
def full(people, file, django_capture_on_commit_callbacks):
    """A seminar of one place touching alice's accounts: anna has it, carl and nina wait."""
    event = make_event(people, capacity=1, owners=[people.alice.pk])
    capture = django_capture_on_commit_callbacks
    anna = register(event, "Anna", "anna@example.nl", capture)
    carl = register(event, "Carl", "carl@example.nl", capture)
    nina = register(event, "Nina", "nina@example.nl", capture)
    mail.outbox.clear()
    return event, anna, carl, nina


def _statuses() -> dict[str, str]:
    return dict(Registration.objects.values_list("name", "status"))


def test_marketing_cancels_and_the_first_waiting_moves_up_with_the_calendar_file(
    people, full, django_capture_on_commit_callbacks
):
    _event, anna, carl, _nina = full

    with django_capture_on_commit_callbacks(execute=True):
        first = event_services.registration_cancel_by_staff(actor=people.mark, registration=anna)
        again = event_services.registration_cancel_by_staff(actor=people.mark, registration=anna)

    assert (first.done, again.done) == (True, False)
    assert first.moved_up is not None and first.moved_up.pk == carl.pk
    assert again.moved_up is None
    assert _statuses() == {"Anna": S.CANCELLED, "Carl": S.REGISTERED, "Nina": S.WAITING}
    anna.refresh_from_db()
    assert anna.cancelled_by == people.mark
    carl.refresh_from_db()
    assert carl.moved_up_by is None  # the waiting list moved by itself
    cancelled, message = sorted(mail.outbox, key=lambda m: m.to[0])  # Anna's, then Carl's
    assert (cancelled.to, cancelled.subject) == (
        ["Anna <anna@example.nl>"],
        "Registration cancelled: Seminar inkoop",
    )
    assert message.to == ["Carl <carl@example.nl>"]
    assert message.subject == "A place came free: Seminar inkoop"
    assert [name for name, _content, _type in message.attachments] == [
        "event.ics",
        "check-in.png",
    ]


def test_moving_up_by_hand_takes_anyone_waiting_and_mails_once(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people, capacity=2)
    capture = django_capture_on_commit_callbacks
    register(event, "Anna", "anna@example.nl", capture)
    register(event, "Otto", "otto@example.nl", capture)
    register(event, "Carl", "carl@example.nl", capture)
    nina = register(event, "Nina", "nina@example.nl", capture)
    Registration.objects.filter(name="Otto").update(status=S.CANCELLED)  # a place is free
    mail.outbox.clear()

    with capture(execute=True):
        moved, done = event_services.registration_move_up(actor=people.mark, registration=nina)
        _again, done_again = event_services.registration_move_up(
            actor=people.mark, registration=nina
        )

    assert (done, done_again) == (True, False)
    assert (moved.status, moved.moved_up_by) == (S.REGISTERED, people.mark)
    assert _statuses()["Carl"] == S.WAITING  # registered before Nina, still waiting
    (message,) = mail.outbox
    assert (message.to, message.subject) == (
        ["Nina <nina@example.nl>"],
        "A place came free: Seminar inkoop",
    )
    assert "event.ics" in [name for name, _content, _type in message.attachments]


def test_a_full_event_asks_first_and_changes_nothing_until_confirmed(
    people, full, django_capture_on_commit_callbacks
):
    _event, _anna, _carl, nina = full

    with pytest.raises(ValidationError) as refused:
        event_services.registration_move_up(actor=people.mark, registration=nina)

    assert refused.value.error_dict["over_capacity"][0].code == "full"
    assert "Every place of the event is taken" in refused.value.messages[0]
    assert _statuses()["Nina"] == S.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        event_services.registration_move_up(
            actor=people.mark, registration=nina, over_capacity=True
        )
    assert sorted(_statuses().values()) == [S.REGISTERED, S.REGISTERED, S.WAITING]
    assert [m.to for m in mail.outbox] == [["Nina <nina@example.nl>"]]


def test_a_cancelled_registration_does_not_move_up(people, full):
    _event, anna, _carl, _nina = full
    event_services.registration_cancel_by_staff(actor=people.mark, registration=anna)

    with pytest.raises(ValidationError) as refused:
        event_services.registration_move_up(
            actor=people.mark, registration=anna, over_capacity=True
        )

    assert refused.value.error_dict["registration"][0].code == "status"


def test_the_campaigns_owner_may_and_an_account_manager_who_reads_it_may_not(people, full):
    event, anna, _carl, nina = full

    with pytest.raises(NotAllowed):
        event_services.registration_cancel_by_staff(actor=people.alice, registration=anna)
    with pytest.raises(NotAllowed):
        event_services.registration_move_up(actor=people.alice, registration=nina)
    assert _statuses() == {"Anna": S.REGISTERED, "Carl": S.WAITING, "Nina": S.WAITING}

    Campaign.objects.filter(pk=event.campaign_id).update(owner=people.alice)
    anna = Registration.objects.get(pk=anna.pk)
    assert event_services.registration_cancel_by_staff(actor=people.alice, registration=anna).done


def test_the_page_cancels_and_moves_up_and_asks_when_full(
    people, full, client_for, django_capture_on_commit_callbacks
):
    event, anna, _carl, nina = full
    client = client_for(people.mark)
    page = reverse("campaigns:event_registrations", args=[event.pk])
    listed = client.get(page).content.decode()
    assert f'id="registration-move-up-{nina.pk}"' in listed
    assert f'id="registration-cancel-{anna.pk}"' in listed

    move_up = reverse("campaigns:event_registration_move_up", args=[event.pk, nina.pk])
    asked = client.post(move_up, {"show": "waiting"})
    assert asked.status_code == 422
    assert 'id="registration-move-up-confirm"' in asked.content.decode()
    assert "Every place of the event is taken" in asked.content.decode()
    assert _statuses()["Nina"] == S.WAITING

    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(move_up, {"over_capacity": "1", "show": "waiting"})
        cancel = reverse("campaigns:event_registration_cancel", args=[event.pk, anna.pk])
        cancelled = client.post(cancel)
    assert moved["Location"] == page + "?show=waiting"
    assert cancelled["Location"] == page
    # Two registered for one place: Anna's cancel frees none, so Carl keeps waiting.
    assert _statuses() == {"Anna": S.CANCELLED, "Carl": S.WAITING, "Nina": S.REGISTERED}
    shown = client.get(page).content.decode()
    assert f"by {people.mark}" in shown
    assert f"moved up by {people.mark}" in shown
    assert f'id="registration-cancel-{anna.pk}"' not in shown  # nothing left to cancel


def test_an_account_manager_sees_no_buttons_and_is_refused(people, full, client_for):
    event, anna, _carl, _nina = full
    client = client_for(people.alice)

    listed = client.get(reverse("campaigns:event_registrations", args=[event.pk]))
    refused = client.post(reverse("campaigns:event_registration_cancel", args=[event.pk, anna.pk]))

    assert 'id="registration-cancel-' not in listed.content.decode()
    assert refused.status_code == 403
    assert Registration.objects.get(pk=anna.pk).status == S.REGISTERED


def test_the_owner_reads_every_registration_of_their_campaign(people, full, client_for):
    event, _anna, _carl, _nina = full
    url = reverse("campaigns:event_registrations", args=[event.pk])
    before = client_for(people.alice).get(url).content.decode()

    Campaign.objects.filter(pk=event.campaign_id).update(owner=people.alice)
    after = client_for(people.alice).get(url).content.decode()

    assert "carl@example.nl" not in before  # carl is charlie's contact
    assert "carl@example.nl" in after


def test_the_api_cancels_and_moves_up_once_and_names_the_field_when_full(
    people, api, full, django_capture_on_commit_callbacks
):
    event, anna, _carl, nina = full
    client = api(people.mark)
    base = f"/events/{event.pk}/registrations"

    full_event = client.post(f"{base}/{nina.pk}/move-up", {})
    assert full_event.status_code == 422
    assert [(e["field"], e["code"]) for e in full_event.json()["errors"]] == [
        ("over_capacity", "full")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(f"{base}/{anna.pk}/cancel")
        again = client.post(f"{base}/{anna.pk}/cancel")
        moved = client.post(f"{base}/{nina.pk}/move-up", {"over_capacity": True})
        moved_again = client.post(f"{base}/{nina.pk}/move-up", {"over_capacity": True})

    assert (cancelled.status_code, again.status_code) == (200, 200)
    assert (cancelled.json()["status"], cancelled.json()["cancelled_by_id"]) == (
        "cancelled",
        people.mark.pk,
    )
    assert again.json() == cancelled.json()
    assert (moved.json()["status"], moved.json()["moved_up_by_id"]) == (
        "registered",
        people.mark.pk,
    )
    assert moved_again.json() == moved.json()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Anna <anna@example.nl>",  # once, however often the cancel is retried
        "Carl <carl@example.nl>",
        "Nina <nina@example.nl>",
    ]
    assert _statuses() == {"Anna": S.CANCELLED, "Carl": S.REGISTERED, "Nina": S.REGISTERED}


def test_the_api_refuses_who_only_reads_the_event(people, api, full):
    event, anna, _carl, _nina = full
    path = f"/events/{event.pk}/registrations/{anna.pk}/cancel"

    alice = api(people.alice).post(path)
    charlie = api(people.charlie).post(path)

    assert (alice.status_code, charlie.status_code) == (403, 404)
    assert Registration.objects.get(pk=anna.pk).status == S.REGISTERED


def test_a_cancel_by_staff_mails_the_registrant_once_in_their_language(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people, capacity=5)
    capture = django_capture_on_commit_callbacks
    dutch = register(event, "Daan", "daan@voorbeeld.nl", capture)
    english = register(event, "Emma", "emma@example.com", capture, language="en")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for registration in (dutch, english, dutch):
            event_services.registration_cancel_by_staff(
                actor=people.mark, registration=registration
            )
    with django_capture_on_commit_callbacks(execute=True):
        event_services.registration_cancel(registration_id=english.pk)  # their own link: no mail

    daan, emma = sorted(mail.outbox, key=lambda m: m.to[0])
    assert (daan.to, daan.subject) == (
        ["Daan <daan@voorbeeld.nl>"],
        "Inschrijving geannuleerd: Seminar inkoop",
    )
    assert "Je inschrijving voor Seminar inkoop is geannuleerd." in daan.body
    assert (emma.to, emma.subject) == (
        ["Emma <emma@example.com>"],
        "Registration cancelled: Seminar inkoop",
    )
    assert "Your registration for Seminar inkoop was cancelled." in emma.body
    assert "Cancel your registration here" not in emma.body
    assert emma.attachments == []
