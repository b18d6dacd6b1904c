"""An event's pages (decision 139): the public registration page (no login, only the event,
rate-limited, the invitation link), the cancel link (a forged token does nothing), the event
page with stand duty and the personal invitation, the check-in at the door (search, tap, the QR
code's link, walk-ins; colleagues on stand duty only), attendance on the contact's timeline,
and the mailing's {registration_link}."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from koers.campaigns import event_services, mailing_services, stand_duty
from koers.campaigns.event_links import cancel_url, check_in_url, invitation_url
from koers.campaigns.event_models import Registration, RegistrationStatus, StandSlot
from koers.campaigns.mailings import compose_for, recipient_of
from koers.campaigns.models import MailingSend
from koers.core.company import company
from tests.campaigns.event_helpers import make_event, register


def _path(url: str) -> str:
    """The path and query of an absolute link in a mail."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _page(event) -> str:
    return reverse("campaigns:event_register", kwargs={"slug": event.slug})


def test_the_public_page_shows_the_event_and_none_of_its_registrants(
    people, file, client, django_capture_on_commit_callbacks
):
    event = make_event(people, description="Over inkoop.")
    register(event, "Anna Test", "anna@example.nl", django_capture_on_commit_callbacks)

    page = client.get(_page(event)).content.decode()

    assert "Seminar inkoop" in page and "Utrecht, Catharijnesingel 1" in page
    assert "Over inkoop." in page and "Which topic?" in page
    assert "Anna" not in page and "anna@example.nl" not in page


def test_registering_on_the_public_page_needs_no_login(
    people, file, client, django_capture_on_commit_callbacks
):
    event = make_event(people)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _page(event),
            {
                "name": "Piet",
                "company": "Nieuw BV",
                "email": "piet@nieuw.example",
                "answer_0": "Prices",
            },
        )

    assert response.status_code == 200
    assert 'id="event-confirmed"' in response.content.decode()
    found = Registration.objects.get()
    assert (found.name, found.answers, found.contact) == ("Piet", {"Which topic?": "Prices"}, None)
    assert len(mail.outbox) == 1


def test_a_bad_address_is_named_next_to_its_field_and_nothing_is_recorded(people, file, client):
    event = make_event(people)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.post(_page(event), {"name": "Piet", "email": "not an address"})

    assert response.status_code == 422
    assert "Enter a valid email address." in response.content.decode()
    assert Registration.objects.count() == 0


def test_the_public_page_is_rate_limited_per_address(people, file, client, settings):
    settings.EVENT_PAGE_RATE_LIMIT = 2
    event = make_event(people)

    statuses = [client.get(_page(event)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_an_unknown_address_of_an_event_says_nothing(people, file, client):
    make_event(people)

    response = client.get(reverse("campaigns:event_register", kwargs={"slug": "guess"}))

    assert response.status_code == 404
    assert "Seminar" not in response.content.decode()


def test_a_personal_invitation_matches_the_contact_when_the_address_is_another(
    people, file, client, django_capture_on_commit_callbacks
):
    event = make_event(people)
    link = invitation_url(event.slug, file.carl.pk)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(link, {"name": "Carl", "email": "carl.private@example.com"})

    found = Registration.objects.get()
    assert (found.contact, found.source) == (file.carl, "invitation")


def test_the_cancel_link_asks_then_cancels_and_a_forged_one_does_nothing(
    people, file, client, django_capture_on_commit_callbacks
):
    event = make_event(people)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    link = cancel_url(event.slug, anna.pk).removeprefix("http://testserver")
    link = link[link.index("/e/") :]
    forged = link.rstrip("/")[:-2] + "xx/"

    asked = client.get(link)
    refused = client.post(forged)
    anna.refresh_from_db()
    assert (asked.status_code, refused.status_code, anna.status) == (200, 404, "registered")

    client.post(link)
    anna.refresh_from_db()
    assert anna.status == RegistrationStatus.CANCELLED


def test_the_event_page_shows_counts_stand_duty_and_makes_an_invitation_link(
    people, file, client_for, django_capture_on_commit_callbacks
):
    event = make_event(people, owners=[people.alice.pk], capacity=1)
    register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    register(event, "Piet", "piet@nieuw.example", django_capture_on_commit_callbacks)
    marketing = client_for(people.mark)
    marketing.post(
        reverse("campaigns:event_slot_add", args=[event.pk]),
        {
            "user": people.alice.pk,
            "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert StandSlot.objects.filter(event=event, user=people.alice).count() == 1

    alice = client_for(people.alice)
    page = alice.post(
        reverse("campaigns:event_invite", args=[event.pk]), {"contact": file.anna.pk}
    ).content.decode()

    assert invitation_url(event.slug, file.anna.pk) in page
    assert 'id="event-places">1 of 1 taken' in page
    assert 'id="event-waiting">0' in page  # Piet is no contact of hers
    assert "Plan an appointment at the fair" in page
    refused = alice.post(
        reverse("campaigns:event_invite", args=[event.pk]), {"contact": file.carl.pk}
    )
    assert refused.status_code == 422


def test_the_appointment_button_opens_the_planner_with_the_events_day_time_and_place(
    people, file, client_for
):
    event = make_event(people, owners=[people.alice.pk])
    alice = client_for(people.alice)
    page = alice.get(reverse("campaigns:event_detail", args=[event.pk])).content.decode()
    start = page.index('id="event-appointment"')
    url = page[
        page.rindex('href="', 0, start) + 6 : page.index('"', page.rindex('href="', 0, start) + 6)
    ]

    planner = alice.get(url.replace("&amp;", "&")).content.decode()

    assert 'value="Utrecht, Catharijnesingel 1"' in planner
    assert 'value="14:00"' in planner
    assert '<option value="event_meeting" selected>' in planner


def test_an_account_manager_sees_only_their_contacts_registrations(
    people, file, client_for, django_capture_on_commit_callbacks
):
    event = make_event(people, owners=[people.alice.pk])
    register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    register(event, "Carl", "carl@example.nl", django_capture_on_commit_callbacks)
    register(event, "Piet", "piet@nieuw.example", django_capture_on_commit_callbacks)
    url = reverse("campaigns:event_registrations", args=[event.pk])

    alice = client_for(people.alice).get(url).content.decode()
    marketing = client_for(people.mark).get(url + "?show=unmatched").content.decode()

    assert "anna@example.nl" in alice and "carl@example.nl" not in alice
    assert "piet@nieuw.example" not in alice
    assert "piet@nieuw.example" in marketing and "anna@example.nl" not in marketing


def test_the_door_searches_and_checks_in_by_tap_and_by_the_qr_codes_link(
    people, file, client_for, django_capture_on_commit_callbacks
):
    event = make_event(people)
    anna = register(event, "Anna Test", "anna@example.nl", django_capture_on_commit_callbacks)
    carl = register(event, "Carl Test", "carl@example.nl", django_capture_on_commit_callbacks)
    door = client_for(people.mark)

    found = door.get(
        reverse("campaigns:event_door", args=[event.pk]),
        {"q": "anna"},
        headers={"HX-Request": "true"},
    ).content.decode()
    tapped = door.post(
        reverse("campaigns:event_check_in", args=[event.pk, anna.pk]),
        headers={"HX-Request": "true"},
    ).content.decode()
    scanned = door.get(_path(check_in_url(carl.pk)))

    assert "Anna Test" in found and "Carl Test" not in found
    assert "Checked in at" in tapped
    assert scanned.status_code == 302
    checked = set(
        Registration.objects.filter(checked_in_at__isnull=False).values_list("pk", flat=True)
    )
    assert checked == {anna.pk, carl.pk}


def test_the_door_is_for_marketing_and_the_colleagues_on_stand_duty(
    people, file, client_for, django_capture_on_commit_callbacks
):
    event = make_event(people, owners=[people.alice.pk])
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    url = reverse("campaigns:event_door", args=[event.pk])
    scan = _path(check_in_url(anna.pk))

    refused = client_for(people.alice).get(url).status_code
    scan_refused = client_for(people.alice).get(scan).status_code
    anna.refresh_from_db()
    assert (refused, scan_refused, anna.checked_in_at) == (403, 403, None)

    stand_duty.slot_add(
        actor=people.mark,
        event=event,
        user=people.alice,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
    )
    assert client_for(people.alice).get(url).status_code == 200


def test_a_forged_qr_link_checks_nobody_in(
    people, file, client_for, django_capture_on_commit_callbacks
):
    event = make_event(people)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    scan = _path(check_in_url(anna.pk))

    response = client_for(people.mark).get(scan[:-3] + "xy/")

    anna.refresh_from_db()
    assert (response.status_code, anna.checked_in_at) == (404, None)


def test_a_walk_in_at_the_door_is_added_checked_in(people, file, client_for):
    event = make_event(people)

    response = client_for(people.mark).post(
        reverse("campaigns:event_walk_in", args=[event.pk]),
        {"name": "Sanne", "company": "Mulder", "email": ""},
    )

    found = Registration.objects.get()
    assert response.status_code == 302
    assert (found.name, found.source, found.checked_in_at is not None) == ("Sanne", "walk_in", True)


def test_attendance_shows_on_the_contacts_timeline(
    people, file, client_for, django_capture_on_commit_callbacks
):
    event = make_event(people)
    anna = register(event, "Anna", "anna@example.nl", django_capture_on_commit_callbacks)
    event_services.registration_check_in(actor=people.mark, registration=anna)

    page = (
        client_for(people.alice)
        .get(reverse("relations:contact_timeline", args=[file.anna.pk]))
        .content.decode()
    )

    assert "Event attended" in page and "Seminar inkoop" in page


def test_a_mailing_fills_in_each_contacts_registration_link(people, file):
    event = make_event(people, owners=[people.alice.pk])
    texts = {
        "subject_nl": "Uitnodiging",
        "body_nl": "Meld je aan: {registration_link}",
        "subject_en": "Invitation",
        "body_en": "Register: {registration_link}",
    }
    mailing = mailing_services.mailing_create(
        actor=people.mark, campaign=event.campaign, data=texts
    )
    send = MailingSend(mailing=mailing, contact=file.anna, account=file.noord, language="nl")

    to = recipient_of(send, people.mark, company(), timezone.localdate())
    _subject, text, _html = compose_for(mailing, to, link="https://example.test/u")

    assert invitation_url(event.slug, file.anna.pk, source="mailing") in text
    assert "{registration_link}" not in text


def test_the_pages_make_a_fixed_number_of_queries(
    people, file, client_for, query_baseline, django_capture_on_commit_callbacks
):
    event = make_event(people)
    for n in range(4):
        register(event, f"R{n}", f"r{n}@example.nl", django_capture_on_commit_callbacks)
    client = client_for(people.mark)
    client.get(reverse("campaigns:event_detail", args=[event.pk]))

    with query_baseline("event page"):
        client.get(reverse("campaigns:event_detail", args=[event.pk]))
    with query_baseline("registrations"):
        client.get(reverse("campaigns:event_registrations", args=[event.pk]))
    with query_baseline("door search"):
        client.get(reverse("campaigns:event_door", args=[event.pk]), {"q": "r"})
