"""`manage.py poll_mail_log` against an IMAP server on loopback (tests/correspondence/
fake_imap.py): new messages are logged, marked and moved; a run after a crash between keeping
and marking logs nothing twice; a message for nobody is flagged and left."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from koers.correspondence.models import InboundMail
from koers.relations.models import Activity
from tests.correspondence.fake_imap import Mailbox, fake_imap_server
from tests.correspondence.test_mail_log import OFFER, mail_log_settings, unknown_sender, world

__all__ = ["mail_log_settings", "world"]


@pytest.fixture
def mailbox(settings):
    box = Mailbox()
    with fake_imap_server(box) as port:
        settings.MAIL_LOG_IMAP_HOST = "127.0.0.1"
        settings.MAIL_LOG_IMAP_PORT = port
        settings.MAIL_LOG_IMAP_SSL = False
        settings.MAIL_LOG_IMAP_USER = box.user
        settings.MAIL_LOG_IMAP_PASSWORD = box.password
        settings.MAIL_LOG_IMAP_FOLDER = "INBOX"
        settings.MAIL_LOG_IMAP_DONE_FOLDER = "Logged"
        yield box


def poll(capture) -> str:
    out = StringIO()
    with capture(execute=True):
        call_command("poll_mail_log", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_poll_logs_new_mail_and_moves_it_to_the_done_folder(
    world, mailbox, django_capture_on_commit_callbacks
):
    mailbox.add(OFFER)
    mailbox.add(unknown_sender())

    out = poll(django_capture_on_commit_callbacks)

    assert "Kept 2 new message(s); 0 came before; 0 refused." in out
    assert Activity.objects.filter(account=world.account, kind="email").count() == 1
    assert sorted(InboundMail.objects.values_list("status", "source")) == [
        ("inbox", "imap"),
        ("logged", "imap"),
    ]
    assert mailbox.folders["INBOX"] == []
    assert [m.raw for m in mailbox.folders["Logged"]] == [OFFER, unknown_sender()]


def test_a_run_after_a_crash_between_keeping_and_marking_logs_nothing_twice(
    world, mailbox, django_capture_on_commit_callbacks
):
    mailbox.add(OFFER)
    mailbox.fail_once = {"UID COPY"}

    with pytest.raises(CommandError):
        poll(django_capture_on_commit_callbacks)
    assert mailbox.folders["INBOX"][0].flags == set()  # kept in Koers, not yet marked
    out = poll(django_capture_on_commit_callbacks)

    assert "Kept 0 new message(s); 1 came before; 0 refused." in out
    assert Activity.objects.filter(kind="email").count() == 1
    assert InboundMail.objects.count() == 1
    assert mailbox.folders["INBOX"] == []


def test_a_message_for_nobody_is_flagged_and_left_in_the_mailbox(
    world, mailbox, settings, django_capture_on_commit_callbacks
):
    settings.MAIL_LOG_IMAP_DONE_FOLDER = ""
    mailbox.add(unknown_sender(token="aaaaaaaaaaaaaaaaaaaaaaaa"))

    out = poll(django_capture_on_commit_callbacks)

    assert "1 refused" in out
    (left,) = mailbox.folders["INBOX"]
    assert left.flags == {r"\Seen", r"\Flagged"}
    assert not InboundMail.objects.exists()
    assert "Kept 0 new message(s); 0 came before; 0 refused." in poll(
        django_capture_on_commit_callbacks
    )


def test_a_wrong_password_stops_the_command_with_the_reason(world, mailbox, settings):
    settings.MAIL_LOG_IMAP_PASSWORD = "wrong"

    with pytest.raises(CommandError, match="AUTHENTICATIONFAILED"):
        call_command("poll_mail_log", stdout=StringIO())
