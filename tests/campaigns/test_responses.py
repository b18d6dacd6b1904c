"""Responses to a mailing (decision 140): tracked links that record one click per copy and
redirect (never the unsubscribe link, only where the consent is documented), a forged link that
does nothing, a reply marked by hand, bounces fed by address or copy id, and the responses on
the contact's timeline."""

from __future__ import annotations

import re
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from koers.accounts.models import Contact
from koers.campaigns import mailing_services, responses, sending
from koers.campaigns.lead_models import Response
from koers.campaigns.models import MailingSend, SendStatus
from koers.campaigns.tracking import click_token
from tests.campaigns.mailing_helpers import TEXTS, ready_mailing

OFFER = "https://www.example.nl/voorjaar"
TRACKED = {**TEXTS, "body_nl": TEXTS["body_nl"] + f"\nBekijk het aanbod: {OFFER}."}


@pytest.fixture
def sent(people, file, settings, monkeypatch, django_capture_on_commit_callbacks):
    """The mailing with tracked links, sent to anna (consent with a date) and carl (consent
    without one)."""
    settings.MAILING_BATCH_SECONDS = 0
    monkeypatch.setattr(sending, "sleep", lambda seconds: None)
    Contact.objects.filter(pk=file.anna.pk).update(consent_date=date(2026, 1, 5))
    mailing = ready_mailing(people, tested=False)
    mailing = mailing_services.mailing_update(
        actor=people.mark,
        mailing=mailing,
        version=mailing.version,
        data={**TRACKED, "track_links": True},
    )
    mailing_services.mailing_test_send(actor=people.mark, mailing=mailing, language="nl")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.mailing_send(actor=people.mark, mailing=mailing)
    return mailing


def _message(address):
    (message,) = [m for m in mail.outbox if address in m.to[0]]
    return message


def _click_link(body):
    return re.search(r"https?://\S+/click/\S+/", body).group(0)


def test_a_tracked_click_is_recorded_once_and_redirects(people, client, file, sent):
    message = _message("anna@")
    link = _click_link(message.body)
    path = link.split("://", 1)[1].split("/", 1)[1]

    first = client.get("/" + path)
    second = client.get("/" + path)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == OFFER
    send = MailingSend.objects.get(contact=file.anna)
    (response,) = Response.objects.all()
    assert (response.kind, response.send, response.contact, response.campaign) == (
        "click",
        send,
        file.anna,
        sent.campaign,
    )
    assert message.extra_headers["X-Koers-Send"] == str(send.pk)


def test_the_unsubscribe_link_is_never_tracked(file, sent):
    body = _message("anna@").body

    assert OFFER not in body
    assert "/unsubscribe/" in body
    assert not re.search(r"/click/\S+unsubscribe", body)
    assert len(re.findall(r"/click/", body)) == 1


def test_without_a_documented_consent_the_links_stay_plain(file, sent):
    body = _message("carl@").body

    assert OFFER in body
    assert "/click/" not in body


def test_a_forged_or_altered_link_does_nothing(client, file, sent):
    send = MailingSend.objects.get(contact=file.anna)
    elsewhere = click_token(send.pk, "https://evil.example.com/")
    altered = elsewhere[:-3] + ("aaa" if not elsewhere.endswith("aaa") else "bbb")

    for token in ("1:forged", altered):
        response = client.get(reverse("campaigns:tracked_click", args=[token]))
        assert response.status_code == 404
        assert "Location" not in response
    assert Response.objects.count() == 0


def test_marketing_marks_a_reply_once(people, client_for, file, sent):
    send = MailingSend.objects.get(contact=file.anna)
    client = client_for(people.mark)
    url = reverse("campaigns:send_replied", args=[send.pk])

    client.post(url)
    client.post(url)
    page = client.get(reverse("campaigns:mailing_sends", args=[sent.pk])).content.decode()

    (response,) = Response.objects.all()
    assert (response.kind, response.by) == ("reply", people.mark)
    assert f'id="send-replied-{send.pk}"' in page


def test_an_account_manager_cannot_mark_a_reply(people, client_for, file, sent):
    send = MailingSend.objects.get(contact=file.anna)

    response = client_for(people.alice).post(reverse("campaigns:send_replied", args=[send.pk]))

    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_bounces_are_fed_by_address_or_copy_id(file, sent):
    anna = MailingSend.objects.get(contact=file.anna)
    carl = MailingSend.objects.get(contact=file.carl)
    out = StringIO()

    targets = ("ANNA@example.nl", str(carl.pk))
    call_command("record_bounces", *targets, reason="550 unknown", stdout=out)
    call_command("record_bounces", str(carl.pk), stdout=out)  # fed twice: no change

    anna.refresh_from_db()
    carl.refresh_from_db()
    assert (anna.status, anna.error) == (SendStatus.BOUNCED, "550 unknown")
    assert carl.status == SendStatus.BOUNCED
    assert anna.bounced_at is not None


def test_an_unknown_bounce_fails_the_command_and_changes_nothing(file, sent):
    with pytest.raises(CommandError):
        call_command("record_bounces", "nobody@example.nl", stdout=StringIO(), stderr=StringIO())

    assert MailingSend.objects.filter(status=SendStatus.BOUNCED).count() == 0


def test_responses_show_on_the_contacts_timeline(people, client_for, file, sent):
    send = MailingSend.objects.get(contact=file.anna)
    responses.record_click(send.pk)

    page = client_for(people.alice).get(reverse("relations:contact_timeline", args=[file.anna.pk]))

    assert page.status_code == 200
    assert "Clicked a link" in page.content.decode() or "Klikte" in page.content.decode()
    assert sent.campaign.name in page.content.decode()


def test_registrations_are_recorded_once_per_contact(people, file, sent):
    campaign = sent.campaign

    first = responses.record_response(contact=file.anna, campaign=campaign, kind="registration")
    second = responses.record_response(contact=file.anna, campaign=campaign, kind="registration")

    assert first[0] == second[0]
    assert (first[1], second[1]) == (True, False)
