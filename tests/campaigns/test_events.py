"""Events (decision 139): registrations matched to contacts or kept unmatched, the waiting list
that moves up once, the confirmation in the registrant's language with a valid iCalendar file
and a QR code, sent once on a retry, the reminder once, check-in and walk-ins."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from koers.accounts.models import Contact
from koers.campaigns import event_services
from koers.campaigns.event_links import check_in_url
from koers.campaigns.event_mail import deliver
from koers.campaigns.event_models import (
    Registration,
    RegistrationMail,
    RegistrationMailKind,
    RegistrationStatus,
)
from koers.campaigns.event_services import Registrant
from koers.campaigns.event_tasks import send_event_reminders
from koers.core.errors import NotAllowed
from tests.campaigns.event_helpers import make_event, register

S = RegistrationStatus


@pytest.fixture(autouse=True)
def _english(file):
    """The file's contacts read English, the language these tests compare the mails in."""
    Contact.objects.update(preferred_language="en")


def test_a_registration_is_matched_to_the_contact_by_email_in_any_case(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people)

    found = register(event, "Anna", "ANNA@Example.NL", django_capture_on_commit_callbacks)

    assert (found.contact, found.account, found.status) == (file.anna, file.noord, S.REGISTERED)


def test_an_unknown_address_is_kept_as_an_unmatched_registration(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people)

    found = register(
        event,
        "Piet Nieuw",
        "piet@nieuw.example",
        django_capture_on_commit_callbacks,
        company="Nieuw BV",
        answers={"Which topic?": "Prices", "Other": "dropped"},
    )

    assert (found.contact, found.account, found.company) == (None, None, "Nieuw BV")
    assert found.answers == {"Which topic?": "Prices"}
    assert Contact.objects.filter(email__iexact="piet@nieuw.example").count() == 0


def test_registering_twice_with_one_address_keeps_one_registration(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people)
    first = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    mail.outbox.clear()

    again = register(event, "Anna", "Anna@example.nl", django_capture_on_commit_callbacks)

    assert again.pk == first.pk
    assert (Registration.objects.count(), len(mail.outbox)) == (1, 0)


def test_beyond_the_places_a_registration_goes_on_the_waiting_list_and_is_told_so(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people, capacity=1)
    register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    mail.outbox.clear()

    late = register(event, "Carl", "carl@example.nl", django_capture_on_commit_callbacks)

    assert late.status == S.WAITING
    (message,) = mail.outbox
    assert message.subject == "On the waiting list: Seminar inkoop"
    assert "waiting list" in message.body
    assert message.attachments == []


def test_a_cancel_moves_the_first_on_the_waiting_list_up_exactly_once(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people, capacity=1)
    capture = django_capture_on_commit_callbacks
    anna = register(event, "Anna", "anna@example.nl", capture)
    carl = register(event, "Carl", "carl@example.nl", capture)
    nina = register(event, "Nina", "nina@example.nl", capture)
    mail.outbox.clear()

    with capture(execute=True):
        _row, first = event_services.registration_cancel(registration_id=anna.pk)
        _row, second = event_services.registration_cancel(registration_id=anna.pk)

    assert (first, second) == (True, False)
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert statuses == {anna.pk: S.CANCELLED, carl.pk: S.REGISTERED, nina.pk: S.WAITING}
    (message,) = mail.outbox
    assert message.to == ["Carl <carl@example.nl>"]
    assert message.subject == "A place came free: Seminar inkoop"


def test_cancelling_from_the_waiting_list_moves_nobody_up(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people, capacity=1)
    capture = django_capture_on_commit_callbacks
    register(event, "Anna", "anna@example.nl", capture)
    carl = register(event, "Carl", "carl@example.nl", capture)
    nina = register(event, "Nina", "nina@example.nl", capture)

    with capture(execute=True):
        event_services.registration_cancel(registration_id=carl.pk)

    nina.refresh_from_db()
    assert nina.status == S.WAITING


def test_the_confirmation_is_in_the_registrants_language_with_calendar_and_qr_code(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people)
    mail.outbox.clear()

    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.subject == "You are registered: Seminar inkoop"
    assert check_in_url(anna.pk) in message.body
    (ics_name, ics, ics_type), (png_name, png, png_type) = message.attachments
    assert (ics_name, ics_type, png_name, png_type) == (
        "event.ics",
        "text/calendar",
        "check-in.png",
        "image/png",
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    calendar = Calendar.from_ical(ics)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["summary"]) == "Seminar inkoop"
    assert str(entry["location"]) == "Utrecht, Catharijnesingel 1"
    assert entry.decoded("dtstart") == event.starts_at
    assert entry.decoded("dtend") == event.starts_at + timedelta(hours=3)
    assert str(entry["uid"]).startswith(f"event-{event.pk}@")
    assert str(calendar["method"]) == "PUBLISH"


def test_a_dutch_registrant_gets_the_mail_in_dutch(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people)
    mail.outbox.clear()

    register(event, "Piet", "piet@nieuw.example", django_capture_on_commit_callbacks, language="nl")

    (message,) = mail.outbox
    assert message.subject == "Je bent ingeschreven: Seminar inkoop"


def test_the_confirmation_goes_once_when_the_task_runs_again(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    mail.outbox.clear()

    again = deliver(anna.pk, RegistrationMailKind.CONFIRMED)

    assert (again, len(mail.outbox)) == (False, 0)
    assert RegistrationMail.objects.get(registration=anna).status == "sent"


def test_a_refused_confirmation_is_recorded_failed_and_sent_once_by_the_daily_job(
    people, file, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.campaigns.test_events.RefusingBackend"
    event = make_event(people)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    row = RegistrationMail.objects.get(registration=anna)
    assert (row.status, row.error) == ("failed", "refused")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert send_event_reminders.call(day=timezone.localdate().isoformat()) == 1
    assert deliver(anna.pk, RegistrationMailKind.CONFIRMED) is False

    row.refresh_from_db()
    assert (row.status, row.attempts, len(mail.outbox)) == ("sent", 2, 1)


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("refused")


def test_the_reminder_goes_once_the_set_number_of_days_before(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people, days=5)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    Registration.objects.filter(pk=anna.pk).update(registered_at=timezone.now() - timedelta(days=1))
    start_day = timezone.localtime(event.starts_at).date()
    mail.outbox.clear()

    early = send_event_reminders.call(day=(start_day - timedelta(days=3)).isoformat())
    due = send_event_reminders.call(day=(start_day - timedelta(days=2)).isoformat())
    again = send_event_reminders.call(day=(start_day - timedelta(days=2)).isoformat())
    next_day = send_event_reminders.call(day=(start_day - timedelta(days=1)).isoformat())

    assert (early, due, again, next_day) == (0, 1, 0, 0)
    (message,) = mail.outbox
    assert message.subject == "Reminder: Seminar inkoop"
    assert message.to == ["Anna <anna@example.nl>"]


def test_no_reminder_goes_to_who_cancelled(people, file, django_capture_on_commit_callbacks):
    event = make_event(people, days=2)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    Registration.objects.filter(pk=anna.pk).update(
        status=S.CANCELLED, registered_at=timezone.now() - timedelta(days=3)
    )
    mail.outbox.clear()

    sent = send_event_reminders.call(day=timezone.localdate().isoformat())

    assert (sent, len(mail.outbox)) == (0, 0)


def test_a_closed_registration_refuses_and_records_nothing(people, file):
    event = make_event(people, registration_open=False)

    with pytest.raises(ValidationError, match="closed"):
        event_services.registration_create(
            event=event, who=Registrant(name="Anna", email="anna@example.nl")
        )

    assert Registration.objects.count() == 0


def test_checking_in_twice_changes_nothing_the_second_time(
    people, file, django_capture_on_commit_callbacks
):
    event = make_event(people)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)

    first = event_services.registration_check_in(actor=people.mark, registration=anna)
    at = Registration.objects.get(pk=anna.pk).checked_in_at
    second = event_services.registration_check_in(actor=people.alice, registration=anna)

    anna.refresh_from_db()
    assert (first, second) == (True, False)
    assert (anna.checked_in_at, anna.checked_in_by) == (at, people.mark)


def test_a_walk_in_is_registered_checked_in_and_matched(people, file):
    event = make_event(people, capacity=1)
    event_services.registration_create(
        event=event, who=Registrant(name="Somebody", email="somebody@example.nl")
    )

    walk_in = event_services.walk_in(
        actor=people.mark, event=event, who=Registrant(name="Carl", email="carl@example.nl")
    )

    assert (walk_in.status, walk_in.source, walk_in.contact) == (S.REGISTERED, "walk_in", file.carl)
    assert walk_in.checked_in_at is not None


def test_only_marketing_creates_events(people, file):
    event = make_event(people)

    with pytest.raises(NotAllowed):
        event_services.event_create(actor=people.alice, campaign=event.campaign, data={"name": "x"})


def test_an_event_belongs_to_a_campaign_of_an_event_kind(people, file):
    event = make_event(people)
    event.campaign.kind = "mailing"

    with pytest.raises(ValidationError, match="trade fair"):
        event_services.event_create(
            actor=people.mark,
            campaign=event.campaign,
            data={
                "name": "x",
                "location": "y",
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
            },
        )


def test_registrations_count_in_the_results_and_as_the_contacts_response(
    people, file, django_capture_on_commit_callbacks
):
    from koers.campaigns.lead_models import Response
    from koers.campaigns.results import campaign_results

    event = make_event(people, capacity=1)
    register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    register(event, "Carl", "carl@example.nl", django_capture_on_commit_callbacks)  # waiting
    register(event, "Somebody", "somebody@example.nl", django_capture_on_commit_callbacks)
    event_services.walk_in(
        actor=people.mark, event=event, who=Registrant(name="Anna", email="anna@example.nl")
    )
    results = campaign_results(event.campaign)
    assert (results.registered, results.attended) == (3, 1)
    # Known contacts responded (once each); the unknown address is no contact's response.
    found = Response.objects.filter(campaign=event.campaign, kind="registration")
    assert sorted(r.contact_id for r in found) == sorted([file.anna.pk, file.carl.pk])
    assert results.responses["registration"] == 2
