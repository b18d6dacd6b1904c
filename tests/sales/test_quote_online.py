"""Accepting a quote online (decision 108): the link in the mail, the public page, its refusals,
its limit and its CSRF check; what Koers records (opened, accepted by whom, when, from where)
and that the order is made once."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.correspondence.mails import send_pending
from koers.notifications.models import Notification
from koers.sales.models import (
    Order,
    QuoteEvent,
    QuoteLine,
    QuoteLink,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.quotes import services
from koers.sales.quotes.services import LineData, quote_send
from koers.sales.quotes.services.online import hash_of, link_issue
from tests.correspondence.factories import make_correspondence
from tests.sales.quote_factories import bring_to, make_quote, serve

S = QuoteStatus


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(people):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    return world


@pytest.fixture
def approved(world, people):
    version = make_quote(people.alice, world.account)
    services.quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(
            description="Extra training",
            quantity=D("1"),
            unit_price=D("50.00"),
            vat_category="high",
            optional=True,
        ),
    )
    return bring_to(version, S.APPROVED, people.alice, people.ingrid)


@pytest.fixture
def sent(people, world, approved, django_capture_on_commit_callbacks):
    """Sent by Koers' mail; returns (version, token read from the mail)."""
    with django_capture_on_commit_callbacks(execute=True):
        quote_send(
            actor=people.alice,
            version=approved,
            contact=world.anna,
            subject="Offerte",
            body="{salutation},\n\nHierbij.",
        )
    (message,) = mail.outbox
    found = re.search(r"/q/([A-Za-z0-9_-]+)/", message.body)
    assert found, message.body
    return QuoteVersion.objects.get(pk=approved.pk), found.group(1)


def url(token: str) -> str:
    return reverse("sales:quote_online", args=[token])


def optional_line(version):
    return QuoteLine.objects.get(group__quote_version=version, optional=True)


def accept(client, token, version, meta=None, **extra):
    data = {
        "action": "accept",
        "name": "Els Bos",
        "terms": "on",
        "reference": "PO-77",
        "line": [str(optional_line(version).pk)],
        **extra,
    }
    return client.post(url(token), data, **(meta or {}))


def test_the_mail_carries_a_link_and_only_its_hash_is_stored(sent):
    version, token = sent
    (message,) = mail.outbox
    assert "http://" in message.body and f"/q/{token}/" in message.body
    link = QuoteLink.objects.get(quote_version=version)
    assert link.token_hash == hash_of(token) and token not in link.token_hash
    # Not in the stored copy of the mail either.
    assert token not in version.document.sent_mail.recipients.get().body
    assert QuoteLink.objects.filter(quote_version=version).count() == 1


def test_the_page_shows_the_quote_and_records_opening(client, sent, time_machine):
    version, token = sent
    response = client.get(url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert version.quote.number in html and "Extra training" in html
    assert "Offerte accepteren" in html  # Anna reads Dutch
    assert "no-store" in response["Cache-Control"]
    link = QuoteLink.objects.get(quote_version=version)
    first = link.first_opened_at
    assert first is not None and link.last_opened_at == first
    time_machine.move_to(timezone.now() + timedelta(hours=2))
    client.get(url(token))
    link.refresh_from_db()
    assert link.first_opened_at == first and link.last_opened_at > first


def test_the_pdf_downloads_through_the_token(client, sent):
    _version, token = sent
    response = client.get(reverse("sales:quote_online_pdf", args=[token]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_ticking_an_optional_line_updates_the_totals(client, sent):
    version, token = sent
    line = optional_line(version)
    without = client.post(reverse("sales:quote_online_totals", args=[token]))
    ticked = client.post(
        reverse("sales:quote_online_totals", args=[token]), {"line": [str(line.pk)]}
    )

    def gross(response):
        found = re.search(r'id="online-gross"><strong>€\s([\d.,]+)<', response.content.decode())
        return D(found.group(1).replace(".", "").replace(",", "."))

    assert gross(ticked) - gross(without) == D("60.50")  # 50.00 and 21 % VAT


def test_accepting_makes_one_order_and_records_name_time_and_ip(client, sent, people):
    version, token = sent
    response = accept(client, token, version)
    assert response.status_code == 302
    response = accept(client, token, version)  # posted twice
    assert response.status_code == 409
    version.refresh_from_db()
    assert version.status == S.ACCEPTED and version.accepted_by_name == "Els Bos"
    assert version.customer_reference == "PO-77"
    assert Order.objects.filter(quote_version=version).count() == 1
    assert optional_line(version).chosen
    link = QuoteLink.objects.get(quote_version=version)
    assert link.accepted_name == "Els Bos" and link.accepted_ip == "127.0.0.1"
    assert link.accepted_at is not None
    order = Order.objects.get(quote_version=version)
    note = Notification.objects.get(recipient=people.alice, kind="quote_accepted_online")
    assert note.url == reverse("sales:order_detail", args=[order.pk])
    page = client.get(url(token)).content.decode()
    assert "online-accept-button" not in page


def test_the_forwarded_address_counts_only_from_a_trusted_proxy(client, sent, settings):
    version, token = sent
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = accept(client, token, version, meta={"HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    assert response.status_code == 302
    assert QuoteLink.objects.get(quote_version=version).accepted_ip == "203.0.113.9"


def test_the_forwarded_address_is_ignored_without_a_trusted_proxy(client, sent):
    version, token = sent
    accept(client, token, version, meta={"HTTP_X_FORWARDED_FOR": "203.0.113.9"})
    assert QuoteLink.objects.get(quote_version=version).accepted_ip == "127.0.0.1"


def test_name_and_terms_are_required(client, sent):
    version, token = sent
    response = client.post(url(token), {"action": "accept", "name": " ", "terms": "on"})
    assert response.status_code == 400 and "Typ je naam" in response.content.decode()
    response = client.post(url(token), {"action": "accept", "name": "Els"})
    assert response.status_code == 400
    assert QuoteVersion.objects.get(pk=version.pk).status == S.SENT
    assert not Order.objects.exists()


def test_the_link_expires_at_the_end_of_the_validity_day(client, sent, time_machine):
    version, token = sent
    end = timezone.make_aware(
        timezone.datetime.combine(
            version.valid_until + timedelta(days=1), timezone.datetime.min.time()
        )
    )
    time_machine.move_to(end - timedelta(seconds=1))
    assert "online-accept-button" in client.get(url(token)).content.decode()
    cache.clear()
    time_machine.move_to(end)
    page = client.get(url(token)).content.decode()
    assert "online-accept-button" not in page and "verlopen" in page
    assert accept(client, token, version).status_code == 409
    assert not Order.objects.exists()


def test_a_superseded_version_is_refused(client, sent, people):
    version, token = sent
    services.quote_revise(actor=people.alice, version=version)
    page = client.get(url(token)).content.decode()
    assert "online-accept-button" not in page and "nieuwere versie" in page
    assert accept(client, token, version).status_code == 409
    assert not Order.objects.exists()


def test_a_withdrawn_version_is_refused(client, sent, people):
    version, token = sent
    services.quote_withdraw(actor=people.alice, version=version, reason="Wrong price")
    page = client.get(url(token)).content.decode()
    assert "online-accept-button" not in page and "ingetrokken" in page
    assert accept(client, token, version).status_code == 409
    assert not Order.objects.exists()


def test_a_wrong_token_is_a_404_that_reveals_nothing(client, sent):
    version, token = sent
    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", "a" * 300):
        response = client.get(url(wrong))
        html = response.content.decode()
        assert response.status_code == 404
        assert version.quote.number not in html and version.quote.account.name not in html
    assert client.get(reverse("sales:quote_online_pdf", args=["nope"])).status_code == 404


def test_too_many_requests_get_a_429(client, sent, settings):
    _version, token = sent
    settings.QUOTE_LINK_RATE_LIMIT = 3
    statuses = [client.get(url("wrong")).status_code for _ in range(4)]
    assert statuses == [404, 404, 404, 429]
    assert client.get(url(token)).status_code == 429


def test_a_post_without_csrf_is_refused(sent):
    version, token = sent
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(token), {"action": "accept", "name": "Els", "terms": "on"})
    assert response.status_code == 403
    assert QuoteVersion.objects.get(pk=version.pk).status == S.SENT


def test_asking_for_a_change_notifies_the_owner_and_is_on_the_events(client, sent, people):
    version, token = sent
    response = client.post(
        url(token), {"action": "change", "change_name": "Els", "message": "Kan het goedkoper?"}
    )
    assert response.status_code == 200
    event = QuoteEvent.objects.get(quote_version=version, kind="change_asked")
    assert "Kan het goedkoper?" in event.note and event.by is None
    assert Notification.objects.filter(recipient=people.alice, kind="quote_change_asked").exists()
    assert QuoteVersion.objects.get(pk=version.pk).status == S.SENT


def test_a_new_token_replaces_the_old_on_the_same_link(sent):
    version, token = sent
    again = link_issue(version)
    assert again != token
    assert QuoteLink.objects.filter(quote_version=version).count() == 1
    assert QuoteLink.objects.get(quote_version=version).token_hash == hash_of(again)


def test_the_owner_sees_when_the_link_was_opened_and_who_accepted(client, sent, people):
    version, token = sent
    owner = Client()
    owner.force_login(people.alice)
    page = owner.get(reverse("sales:quote_version", args=[version.pk])).content.decode()
    assert 'id="quote-online"' in page and "not opened yet" in page
    client.get(url(token))
    accept(client, token, version)
    page = owner.get(reverse("sales:quote_version", args=[version.pk])).content.decode()
    assert "first opened" in page
    assert "accepted online by Els Bos" in page and "127.0.0.1" in page


@pytest.mark.parametrize("lines", [1, 12])
def test_the_page_makes_a_fixed_number_of_queries(
    client, people, world, query_baseline, lines, django_capture_on_commit_callbacks
):
    version = make_quote(people.alice, world.account)
    for number in range(lines):
        services.quote_line_add(
            actor=people.alice,
            version=version,
            data=LineData(
                description=f"Option {number}",
                quantity=D("1"),
                unit_price=D("10.00"),
                vat_category="high",
                optional=number % 2 == 0,
            ),
        )
    version = bring_to(version, S.APPROVED, people.alice, people.ingrid)
    with django_capture_on_commit_callbacks(execute=True):
        quote_send(
            actor=people.alice, version=version, contact=world.anna, subject="O", body="Hier."
        )
    token = re.search(r"/q/([A-Za-z0-9_-]+)/", mail.outbox[0].body).group(1)
    with query_baseline("page"):
        assert client.get(url(token)).status_code == 200


def test_a_retried_mail_keeps_one_link_and_its_token_works(
    client, people, world, approved, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.correspondence.failing_mail.FailForJohn"
    with django_capture_on_commit_callbacks(execute=True):
        document = quote_send(
            actor=people.alice, version=approved, contact=world.john, subject="Q", body="Here."
        )
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending(document.sent_mail_id) == 1
    (message,) = mail.outbox
    token = re.search(r"/q/([A-Za-z0-9_-]+)/", message.body).group(1)
    assert QuoteLink.objects.filter(quote_version=approved).count() == 1
    assert client.get(url(token)).status_code == 200


def test_an_owner_who_left_gets_the_customer_a_plain_message(client, sent, people):
    version, token = sent
    people.alice.is_active = False
    people.alice.save()
    response = accept(client, token, version)
    assert response.status_code == 409
    assert "contact met ons op" in response.content.decode()
    assert not Order.objects.exists()
