"""After the customer accepts online (decision 108) they get a confirmation by mail, with the
order's number and the PDF of the quote as accepted, and the owner a notification: once, through
correspondence's mail, never twice on a retry (issue 13, decision 121)."""

from __future__ import annotations

import pytest
from django.core import mail

from koers.correspondence.mails import send_pending
from koers.notifications.models import Notification
from koers.sales.models import (
    Order,
    QuoteEvent,
    QuoteEventKind,
    QuoteReissue,
    QuoteStatus,
    ReissueKind,
)
from tests.sales import test_quote_online as online

# The online tests' fixtures: Koers mailed the quote to Anna, and the token read from the mail.
_fresh_cache = online._fresh_cache
world = online.world
approved = online.approved
sent = online.sent
accept = online.accept

S = QuoteStatus


@pytest.fixture
def accepted(client, sent, django_capture_on_commit_callbacks):
    version, token = sent
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = accept(client, token, version)
    assert response.status_code == 302
    version.refresh_from_db()
    return version, token


def test_the_customer_gets_a_confirmation_with_the_order_and_the_accepted_pdf(
    accepted, world, people
):
    version, _token = accepted
    order = Order.objects.get(quote_version=version)
    (message,) = mail.outbox
    assert message.to == ["Anna de Vries <anna@alpha.nl>"]
    assert order.number in message.subject and order.number in message.body
    assert "Els Bos" in message.body  # Anna reads Dutch: the Dutch text names who accepted
    ((name, content, kind),) = message.attachments
    assert kind == "application/pdf" and content.startswith(b"%PDF")
    assert name == f"{version.quote.number}-{version.label}.pdf"
    copy = QuoteReissue.objects.get(quote_version=version)
    assert copy.kind == ReissueKind.ACCEPTED and copy.sent_mail is not None
    event = QuoteEvent.objects.get(quote_version=version, kind=QuoteEventKind.CONFIRMED)
    assert "anna@alpha.nl" in event.note
    assert Notification.objects.filter(
        recipient=people.alice, kind="quote_accepted_online"
    ).exists()


def test_a_retry_never_sends_the_confirmation_twice(
    client, accepted, django_capture_on_commit_callbacks
):
    version, token = accepted
    copy = QuoteReissue.objects.get(quote_version=version)
    assert send_pending(copy.sent_mail_id) == 0  # the task again: the copy went out already
    with django_capture_on_commit_callbacks(execute=True):
        again = accept(client, token, version)  # the customer posts again
    assert again.status_code == 409
    assert len(mail.outbox) == 1
    assert QuoteReissue.objects.filter(quote_version=version).count() == 1
    assert QuoteEvent.objects.filter(quote_version=version, kind="confirmed").count() == 1


def test_without_an_address_no_mail_goes_and_the_history_says_so(
    client, sent, world, people, django_capture_on_commit_callbacks
):
    people.alice.language = "en"  # the history speaks the owner's language, not the page's
    people.alice.save(update_fields=["language"])
    version, token = sent
    mail.outbox.clear()
    world.anna.email = ""
    world.anna.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        assert accept(client, token, version).status_code == 302
    assert mail.outbox == []
    event = QuoteEvent.objects.get(quote_version=version, kind=QuoteEventKind.CONFIRMED)
    assert "no e-mail address" in event.note
    assert Order.objects.filter(quote_version=version).count() == 1
