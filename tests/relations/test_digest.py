"""The daily digest: exactly the overdue accounts, due commitments and unreported visits of each
account manager, one mail per day however often the job runs, none when there is nothing to say;
started by the scheduler once a day."""

from __future__ import annotations

from datetime import date, datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from koers.core.models import ScheduledRun
from koers.core.schedule import enqueue_due
from koers.relations import services
from koers.relations.digest import send_digests
from koers.relations.models import ActivityKind, CommitmentDirection, DigestSent
from tests.factories import make_account
from tests.relations.factories import at, plan

TODAY = date(2026, 12, 9)


@pytest.fixture
def busy_alice(people):
    people.alice.email = "alice@example.nl"
    people.alice.save()
    with time_machine.travel("2026-09-01 10:00 +02:00", tick=False):
        cold = make_account(people.alice, "Bakkerij Jansen", tier="A")
        make_account(people.alice, "Forgotten", tier="A")
        make_account(people.alice, "Fine", tier="C")
    with time_machine.travel("2026-12-08 10:00 +01:00", tick=False):
        unreported = plan(
            people.alice, cold, subject="Unreported visit", planned_start=at("2026-12-08", 9)
        )
        services.activity_complete(actor=people.alice, activity=unreported)
        services.activity_log(actor=people.alice, account=cold, kind=ActivityKind.NOTE, subject="n")
        for day in (8, 9, 10):
            services.commitment_make(
                actor=people.alice,
                account=cold,
                direction=CommitmentDirection.OURS,
                description=f"Promise of the {day}th",
                due_date=date(2026, 12, day),
            )
    return cold


@time_machine.travel("2026-12-09 07:00 +01:00", tick=False)
def test_the_digest_says_exactly_what_is_due(people, busy_alice):
    assert send_digests(TODAY) == 1

    (message,) = mail.outbox
    assert message.to == ["alice@example.nl"]
    assert "Promise of the 8th" in message.body
    assert "Promise of the 9th" in message.body
    assert "Promise of the 10th" not in message.body
    assert "Unreported visit" in message.body
    # Forgotten: an A account not contacted since September; Bakkerij Jansen was visited.
    assert "Forgotten" in message.body
    assert "Fine" not in message.body
    assert "- Bakkerij Jansen (" not in message.body


@time_machine.travel("2026-12-09 07:00 +01:00", tick=False)
def test_run_twice_on_one_day_one_mail(people, busy_alice):
    send_digests(TODAY)
    send_digests(TODAY)

    assert len(mail.outbox) == 1
    assert DigestSent.objects.filter(user=people.alice, day=TODAY, sent=True).count() == 1


@time_machine.travel("2026-12-09 07:00 +01:00", tick=False)
def test_nothing_to_say_no_mail(people):
    people.bob.email = "bob@example.nl"
    people.bob.save()
    make_account(people.bob, "Fresh", tier="C")

    assert send_digests(TODAY) == 0
    assert mail.outbox == []


@time_machine.travel("2026-12-09 07:00 +01:00", tick=False)
def test_a_failed_send_is_sent_by_the_next_run(people, busy_alice):
    failing = mock.patch("koers.relations.digest.send_mail", side_effect=OSError("smtp down"))
    with failing, pytest.raises(OSError):
        send_digests(TODAY)
    assert DigestSent.objects.count() == 0

    assert send_digests(TODAY) == 1
    assert len(mail.outbox) == 1


@time_machine.travel("2026-12-09 07:00 +01:00", tick=False)
def test_the_digest_is_in_the_account_managers_language(people, busy_alice):
    people.alice.language = "nl"
    people.alice.save()

    send_digests(TODAY)

    assert mail.outbox[0].subject == "Koers: je dag, 09-12-2026"
    assert "Goedemorgen Alice" in mail.outbox[0].body


def digest_started() -> bool:
    """Whether the scheduler's round started the digest (other daily jobs left aside)."""
    return "daily_digest" in enqueue_due()


def test_the_scheduler_starts_the_digest_once_a_day_from_six(people, busy_alice):
    with time_machine.travel("2026-12-09 05:59 +01:00", tick=False):
        assert not digest_started()
    with time_machine.travel("2026-12-09 06:00 +01:00", tick=False):
        assert digest_started()
        assert not digest_started()
    assert len(mail.outbox) == 1
    assert ScheduledRun.objects.get(name="daily_digest").last_day == TODAY
    with time_machine.travel("2026-12-10 09:00 +01:00", tick=False):
        assert digest_started()


def test_a_day_missed_while_the_scheduler_was_down_starts_when_it_is_back(people):
    ScheduledRun.objects.create(name="daily_digest", last_day=date(2026, 12, 1))

    with time_machine.travel(timezone.make_aware(datetime(2026, 12, 9, 14, 0)), tick=False):
        assert digest_started()
