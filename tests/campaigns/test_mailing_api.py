"""/api/v1/mailings: a mailing with the counts of its copies, and its copies per contact;
marketing and administrators only."""

from __future__ import annotations

import pytest
from django.core import mail

from koers.accounts.models import Contact
from koers.campaigns import mailing_services, sending
from tests.campaigns.mailing_helpers import ready_mailing


@pytest.fixture
def sent(people, file, settings, monkeypatch, django_capture_on_commit_callbacks):
    settings.MAILING_BATCH_SECONDS = 0
    monkeypatch.setattr(sending, "sleep", lambda seconds: None)
    mailing = ready_mailing(people)
    Contact.objects.filter(pk=file.carl.pk).update(opted_out=True)
    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.mailing_send(actor=people.mark, mailing=mailing)
    mail.outbox.clear()
    return mailing


def test_marketing_reads_a_mailing_with_its_counts(people, api, sent):
    data = api(people.mark).get(f"/mailings/{sent.pk}").json()

    assert (data["status"], data["subject_en"], data["tested"]) == (
        "sent",
        "News for {account}",
        True,
    )
    assert data["counts"] == {
        "queued": 0,
        "sending": 0,
        "sent": 1,
        "failed": 0,
        "skipped": 1,
        "interrupted": 0,
        "bounced": 0,
        "unsubscribed": 0,
    }


def test_the_sends_list_each_contact_with_the_reason_of_a_skip(people, api, sent, file):
    client = api(people.mark)

    rows = client.get(f"/mailings/{sent.pk}/sends").json()["results"]
    skipped = client.get(f"/mailings/{sent.pk}/sends", {"status": "skipped"}).json()["results"]

    assert [(r["contact_name"], r["status"], r["reason"]) for r in rows] == [
        ("Anna Test", "sent", None),
        ("Carl Test", "skipped", "opted_out"),
    ]
    assert [r["contact_id"] for r in skipped] == [file.carl.pk]


def test_an_account_manager_is_refused_and_a_missing_mailing_is_a_404(people, api, sent):
    assert api(people.alice).get(f"/mailings/{sent.pk}").status_code == 403
    assert api(people.mark).get(f"/mailings/{sent.pk + 100}").status_code == 404


def test_the_sends_make_a_fixed_number_of_queries(people, api, sent, query_baseline):
    client = api(people.mark)
    client.get(f"/mailings/{sent.pk}/sends")

    with query_baseline("sends"):
        response = client.get(f"/mailings/{sent.pk}/sends")

    assert len(response.json()["results"]) == 2
