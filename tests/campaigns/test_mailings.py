"""Sending a mailing (decision 136): the test send first, one copy per included contact in
their language with the unsubscribe headers, batches at the configured rate, consent and
opt-outs checked again at send time, and a retry that never sends a copy twice."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from koers.accounts.models import Contact
from koers.campaigns import mailing_services, sending
from koers.campaigns.models import Exclusion, MailingSend, MailingStatus, SendStatus
from koers.core.errors import NotAllowed
from tests.campaigns.mailing_helpers import TEXTS, ready_mailing


@pytest.fixture(autouse=True)
def _no_pause(settings, monkeypatch):
    settings.MAILING_BATCH_SECONDS = 0
    pauses: list[float] = []
    monkeypatch.setattr(sending, "sleep", pauses.append)
    return pauses


def _send(people, mailing, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.mailing_send(actor=people.mark, mailing=mailing)
    mailing.refresh_from_db()


def test_the_test_send_goes_to_the_writer_with_an_example_contact(people, file):
    mailing = ready_mailing(people, tested=False)
    mail.outbox.clear()

    mailing_services.mailing_test_send(actor=people.mark, mailing=mailing, language="en")

    (message,) = mail.outbox
    assert message.to == [f"{people.mark} <{people.mark.email}>"]
    assert message.subject == "[Test] News for Example Ltd"
    assert message.body.startswith("Dear Anna,\n\nOur spring offer is ready.")
    assert mailing.tested_version == mailing.version


def test_sending_waits_for_a_test_of_the_text_as_it_is(people, file):
    mailing = ready_mailing(people)
    mailing = mailing_services.mailing_update(
        actor=people.mark, mailing=mailing, version=mailing.version, data=TEXTS
    )

    with pytest.raises(ValidationError, match="test"):
        mailing_services.mailing_send(actor=people.mark, mailing=mailing)

    assert (mailing.status, MailingSend.objects.count()) == (MailingStatus.DRAFT, 0)


def test_only_marketing_and_administrators_send(people, file):
    mailing = ready_mailing(people)

    with pytest.raises(NotAllowed):
        mailing_services.mailing_send(actor=people.alice, mailing=mailing)

    assert MailingSend.objects.count() == 0


def test_each_included_contact_gets_one_copy_in_their_language(
    people, file, django_capture_on_commit_callbacks
):
    Contact.objects.filter(pk=file.carl.pk).update(preferred_language="en")
    mailing = ready_mailing(people)

    _send(people, mailing, django_capture_on_commit_callbacks)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["Anna Test <anna@example.nl>", "Carl Test <carl@example.nl>"]
    anna, carl = (
        by_address["Anna Test <anna@example.nl>"],
        by_address["Carl Test <carl@example.nl>"],
    )
    assert anna.subject == "Nieuws voor Noord"
    assert anna.body.startswith("Beste Anna,\n\nOns voorjaarsaanbod staat klaar.")
    assert carl.subject == "News for Zuid"
    assert "/unsubscribe/" in anna.extra_headers["List-Unsubscribe"]
    assert anna.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert anna.extra_headers["List-Unsubscribe"].strip("<>") in anna.body
    assert anna.alternatives[0][1] == "text/html"
    assert mailing.status == MailingStatus.SENT
    assert set(MailingSend.objects.values_list("status", flat=True)) == {SendStatus.SENT}


def test_consent_is_checked_again_at_send_time(people, file, django_capture_on_commit_callbacks):
    mailing = ready_mailing(people)
    # After the freeze: carl opts out, anna's consent is withdrawn.
    Contact.objects.filter(pk=file.carl.pk).update(opted_out=True)
    Contact.objects.filter(pk=file.anna.pk).update(mailing_consent=False)

    _send(people, mailing, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    rows = dict(MailingSend.objects.values_list("contact__first_name", "reason"))
    assert rows == {"Anna": Exclusion.NO_CONSENT, "Carl": Exclusion.OPTED_OUT}
    assert set(MailingSend.objects.values_list("status", flat=True)) == {SendStatus.SKIPPED}
    assert mailing.status == MailingStatus.SENT


def test_the_batches_keep_the_configured_rate(
    people, file, settings, _no_pause, django_capture_on_commit_callbacks, monkeypatch
):
    from tests.factories import make_contact

    for n in range(3):
        contact = make_contact(file.noord, first_name=f"Extra{n}", email=f"extra{n}@example.nl")
        Contact.objects.filter(pk=contact.pk).update(mailing_consent=True)
    mailing = ready_mailing(people)  # anna, carl and three extras: five copies
    settings.MAILING_BATCH_SIZE, settings.MAILING_BATCH_SECONDS = 2, 30
    sent_at_pause: list[int] = []
    monkeypatch.setattr(
        sending,
        "sleep",
        lambda seconds: (_no_pause.append(seconds), sent_at_pause.append(len(mail.outbox))),
    )

    _send(people, mailing, django_capture_on_commit_callbacks)

    assert sent_at_pause == [2, 4]  # two per batch, a pause after each full batch
    assert all(25 < pause <= 30 for pause in _no_pause)
    batches = sorted(MailingSend.objects.values_list("batch", flat=True))
    assert batches == [1, 1, 2, 2, 3]
    assert len(mail.outbox) == 5


def test_a_retry_never_sends_a_copy_twice(
    people, file, django_capture_on_commit_callbacks, monkeypatch
):
    mailing = ready_mailing(people)
    real = sending.message_for
    calls = {"n": 0}

    def failing_for_carl(mailing_, to, **kwargs):
        message = real(mailing_, to, **kwargs)
        if to.contact.first_name == "Carl" and calls["n"] == 0:
            calls["n"] += 1
            message.send = lambda: (_ for _ in ()).throw(OSError("mail server down"))
        return message

    monkeypatch.setattr(sending, "message_for", failing_for_carl)
    _send(people, mailing, django_capture_on_commit_callbacks)
    assert mailing.status == MailingStatus.FAILED
    assert [m.to[0] for m in mail.outbox] == ["Anna Test <anna@example.nl>"]
    assert MailingSend.objects.get(contact=file.carl).error == "mail server down"

    _send(people, mailing, django_capture_on_commit_callbacks)  # send again

    assert [m.to[0] for m in mail.outbox] == ["Carl Test <carl@example.nl>"]
    assert mailing.status == MailingStatus.SENT
    assert MailingSend.objects.filter(status=SendStatus.SENT).count() == 2


def test_a_copy_claimed_by_a_dead_worker_is_not_sent_again(
    people, file, django_capture_on_commit_callbacks
):
    mailing = ready_mailing(people)
    mailing_services.mailing_send(actor=people.mark, mailing=mailing)  # queued, no worker yet
    # A worker claimed anna's copy and died before it recorded the outcome.
    MailingSend.objects.filter(contact=file.anna).update(status=SendStatus.SENDING)
    mail.outbox.clear()

    sending.send_batches(mailing.pk)

    assert [m.to[0] for m in mail.outbox] == ["Carl Test <carl@example.nl>"]
    assert MailingSend.objects.get(contact=file.anna).status == SendStatus.INTERRUPTED
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.FAILED


def test_a_second_start_adds_no_copies(people, file, django_capture_on_commit_callbacks):
    mailing = ready_mailing(people)
    _send(people, mailing, django_capture_on_commit_callbacks)

    with pytest.raises(ValidationError):
        mailing_services.mailing_send(actor=people.mark, mailing=mailing)

    assert MailingSend.objects.count() == 2


def test_an_unknown_placeholder_is_refused_at_the_field(people, file):
    mailing = ready_mailing(people)

    with pytest.raises(ValidationError) as error:
        mailing_services.mailing_update(
            actor=people.mark,
            mailing=mailing,
            version=mailing.version,
            data={**TEXTS, "body_en": "Hello {frist_name}"},
        )

    assert error.value.message_dict == {"body_en": ["Unknown placeholders: {frist_name}."]}
