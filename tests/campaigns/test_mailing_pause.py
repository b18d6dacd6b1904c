"""Pausing, resuming and cancelling a mailing while it goes (issue 17): the worker stops after
the batch it is sending, a resume sends only what is still queued, a cancel marks the rest as
never to be sent; and the mailing written and sent through the API."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.accounts.models import Contact
from koers.campaigns import mailing_services, sending
from koers.campaigns.models import Mailing, MailingSend, MailingStatus, SendStatus
from tests.campaigns.mailing_helpers import TEXTS, ready_mailing
from tests.factories import make_contact


@pytest.fixture
def five(people, file, settings):
    """A mailing of five copies (anna, carl and three more), two per batch."""
    for n in range(3):
        contact = make_contact(file.noord, first_name=f"Extra{n}", email=f"extra{n}@example.nl")
        Contact.objects.filter(pk=contact.pk).update(mailing_consent=True)
    settings.MAILING_BATCH_SIZE, settings.MAILING_BATCH_SECONDS = 2, 0
    mailing = ready_mailing(people)
    mail.outbox.clear()
    return mailing


def _between_batches(monkeypatch, action):
    """Runs `action` at the first pause between batches, as a user's click would land."""
    done: list[bool] = []

    def pause(seconds: float) -> None:
        if not done:
            done.append(True)
            action()

    monkeypatch.setattr(sending, "sleep", pause)


def _statuses(mailing: Mailing) -> dict[str, int]:
    found: dict[str, int] = {}
    for status in MailingSend.objects.filter(mailing=mailing).values_list("status", flat=True):
        found[status] = found.get(status, 0) + 1
    return found


def test_a_pause_stops_after_the_batch_and_a_resume_sends_only_the_rest(
    people, five, monkeypatch, django_capture_on_commit_callbacks
):
    _between_batches(
        monkeypatch, lambda: mailing_services.mailing_pause(actor=people.mark, mailing=five)
    )
    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.mailing_send(actor=people.mark, mailing=five)
    five.refresh_from_db()
    assert five.status == MailingStatus.PAUSED
    assert len(mail.outbox) == 2
    assert _statuses(five) == {"sent": 2, "queued": 3}

    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.mailing_resume(actor=people.mark, mailing=five)
    five.refresh_from_db()
    assert five.status == MailingStatus.SENT
    assert _statuses(five) == {"sent": 5}
    assert len(mail.outbox) == 5
    assert len({m.to[0] for m in mail.outbox}) == 5  # nobody twice


def test_a_cancel_during_the_send_leaves_the_rest_unsent_for_good(
    people, five, monkeypatch, django_capture_on_commit_callbacks
):
    _between_batches(
        monkeypatch, lambda: mailing_services.mailing_cancel(actor=people.mark, mailing=five)
    )
    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.mailing_send(actor=people.mark, mailing=five)
    five.refresh_from_db()
    assert five.status == MailingStatus.CANCELLED
    assert _statuses(five) == {"sent": 2, "cancelled": 3}
    assert len(mail.outbox) == 2
    with pytest.raises(ValidationError):
        mailing_services.mailing_send(actor=people.mark, mailing=five)
    with pytest.raises(ValidationError):
        mailing_services.mailing_resume(actor=people.mark, mailing=five)
    assert _statuses(five) == {"sent": 2, "cancelled": 3}


def test_a_draft_cannot_be_paused_and_a_sent_one_not_cancelled(
    people, five, monkeypatch, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as refused:
        mailing_services.mailing_pause(actor=people.mark, mailing=five)
    assert "status" in refused.value.message_dict
    monkeypatch.setattr(sending, "sleep", lambda seconds: None)
    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.mailing_send(actor=people.mark, mailing=five)
    five.refresh_from_db()
    with pytest.raises(ValidationError):
        mailing_services.mailing_cancel(actor=people.mark, mailing=five)
    assert five.status == MailingStatus.SENT


def test_the_pages_pause_resume_and_cancel(people, five, client_for, monkeypatch):
    now = timezone.now()
    Mailing.objects.filter(pk=five.pk).update(
        status=MailingStatus.SENDING, started_at=now, heartbeat_at=now
    )
    client = client_for(people.mark)
    page = client.get(f"/mailings/{five.pk}/").content.decode()
    assert 'id="mailing-pause"' in page and 'id="mailing-cancel"' in page
    assert client.post(f"/mailings/{five.pk}/pause/").status_code == 302
    five.refresh_from_db()
    assert five.status == MailingStatus.PAUSED
    assert 'id="mailing-resume"' in client.get(f"/mailings/{five.pk}/").content.decode()
    # (client_for logs the one test client in as someone else)
    assert client_for(people.alice).post(f"/mailings/{five.pk}/cancel/").status_code in (403, 404)
    client = client_for(people.mark)
    detail = client.get(f"/mailings/{five.pk}/").content.decode()
    assert "data-confirm" not in detail  # no script reads it: the button asks on a page
    assert f'href="/mailings/{five.pk}/cancel/" role="button"' in detail
    for contact in Contact.objects.filter(email__startswith="extra")[:2]:
        MailingSend.objects.create(mailing=five, contact=contact, status=SendStatus.QUEUED)
    question = client.get(f"/mailings/{five.pk}/cancel/").content.decode()
    assert "Cancel this mailing? The 2 copies not sent yet will never go." in question
    assert 'id="mailing-cancel-confirm"' in question
    five.refresh_from_db()
    assert five.status == MailingStatus.PAUSED  # asking changed nothing
    follow = client_for(people.mark).post(f"/mailings/{five.pk}/cancel/", follow=True)
    assert "Cancelled: the copies not sent yet will never go." in follow.content.decode()
    five.refresh_from_db()
    assert five.status == MailingStatus.CANCELLED
    assert set(MailingSend.objects.filter(mailing=five).values_list("status", flat=True)) <= {
        SendStatus.CANCELLED
    }


# --------------------------------------------------------------------------------------- API


def test_the_api_composes_tests_sends_and_cancels(
    people, file, api, settings, monkeypatch, django_capture_on_commit_callbacks
):
    from koers.campaigns import services
    from tests.campaigns.test_campaign_pages import make_campaign

    people.mark.email = "mark@example.nl"
    people.mark.save(update_fields=["email"])
    campaign = make_campaign(people)
    client = api(people.mark)
    made = client.post(
        f"/campaigns/{campaign.pk}/mailings", TEXTS, headers={"Idempotency-Key": "m-1"}
    )
    assert made.status_code == 201, made.content
    again = client.post(
        f"/campaigns/{campaign.pk}/mailings", TEXTS, headers={"Idempotency-Key": "m-1"}
    )
    assert again.json()["id"] == made.json()["id"]
    assert Mailing.objects.filter(campaign=campaign).count() == 1
    mailing_id = made.json()["id"]

    changed = client.patch(f"/mailings/{mailing_id}", {"version": 1, "subject_en": "Spring"})
    assert (changed.status_code, changed.json()["subject_en"]) == (200, "Spring")
    stale = client.patch(f"/mailings/{mailing_id}", {"version": 1, "subject_en": "Late"})
    assert stale.status_code == 409

    untested = client.post(f"/mailings/{mailing_id}/send")
    assert untested.status_code == 422
    mail.outbox.clear()
    tested = client.post(f"/mailings/{mailing_id}/test", {"language": "en"})
    assert (tested.status_code, tested.json()["tested"]) == (200, True)
    assert mail.outbox[0].subject.startswith("[Test] Spring")

    services.selection_freeze(actor=people.mark, campaign=campaign)
    settings.MAILING_BATCH_SECONDS = 0
    monkeypatch.setattr(sending, "sleep", lambda seconds: None)
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/mailings/{mailing_id}/send")
    assert sent.status_code == 200
    assert client.get(f"/mailings/{mailing_id}").json()["status"] == "sent"
    refused = client.post(f"/mailings/{mailing_id}/pause")
    assert refused.status_code == 422 and "status" in str(refused.json())

    assert api(people.alice).post(f"/mailings/{mailing_id}/cancel").status_code == 403
    bad = client.post(f"/campaigns/{campaign.pk}/mailings", {**TEXTS, "subject_nl": ""})
    assert bad.status_code == 422 and "subject_nl" in str(bad.json())
