"""An online link for a quote marked as sent (sent outside Koers, issue 13): its owner makes it
on the quote's page or by the API, sees the address once to copy it, may make a new one (the old
stops working) and revoke it. A quote Koers mailed carries its own link and gets none by hand."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from koers.sales.models import Order, QuoteEvent, QuoteLink, QuoteStatus
from koers.sales.quotes.services.online import hash_of
from koers.sales.quotes.services.sending import quote_send
from tests.correspondence.factories import make_correspondence
from tests.factories import make_account, make_contact
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus
TOKEN = re.compile(r"/q/([A-Za-z0-9_-]{20,})/")


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
def marked(people, world):
    """A version marked as sent: it went out another way."""
    return make_quote(
        people.alice, world.account, make_product(), status=S.SENT, reviewer=people.ingrid
    )


def _make(client, version, contact):
    url = reverse("sales:quote_link_make", args=[version.pk])
    return client.post(url, {"link-contact": contact.pk})


def _token(response) -> str:
    found = TOKEN.search(response.content.decode())
    assert found, "the page shows the link"
    return found.group(1)


def test_the_owner_makes_a_link_and_sees_it_only_once(client, people, world, marked):
    client.force_login(people.alice)
    page = client.get(reverse("sales:quote_version", args=[marked.pk])).content.decode()
    assert 'id="link-form"' in page
    response = _make(client, marked, world.anna)
    assert response.status_code == 200
    token = _token(response)
    assert 'data-copy="quote-link-url"' in response.content.decode()
    link = QuoteLink.objects.get(quote_version=marked)
    assert link.token_hash == hash_of(token) and link.made_by == people.alice
    assert link.contact == world.anna and link.revoked_at is None
    again = client.get(reverse("sales:quote_version", args=[marked.pk])).content.decode()
    assert token not in again  # shown once: only its hash is kept
    assert QuoteEvent.objects.filter(quote_version=marked, kind="link_made").count() == 1
    assert Client().get(reverse("sales:quote_online", args=[token])).status_code == 200


def test_a_new_link_replaces_the_old_and_revoking_stops_it(client, people, world, marked):
    client.force_login(people.alice)
    first = _token(_make(client, marked, world.anna))
    second = _token(_make(client, marked, world.john))
    customer = Client()
    assert customer.get(reverse("sales:quote_online", args=[first])).status_code == 404
    assert customer.get(reverse("sales:quote_online", args=[second])).status_code == 200
    response = client.post(reverse("sales:quote_link_revoke", args=[marked.pk]))
    assert response.status_code == 302
    assert customer.get(reverse("sales:quote_online", args=[second])).status_code == 404
    assert QuoteLink.objects.get(quote_version=marked).revoked_at is not None
    assert QuoteEvent.objects.filter(quote_version=marked, kind="link_revoked").count() == 1


def test_accepting_through_a_hand_made_link_confirms_to_its_contact(
    client, people, world, marked, django_capture_on_commit_callbacks
):
    client.force_login(people.alice)
    token = _token(_make(client, marked, world.john))
    data = {"action": "accept", "name": "John Smith", "terms": "on"}
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("sales:quote_online", args=[token]), data)
    assert response.status_code == 302
    order = Order.objects.get(quote_version=marked)
    (message,) = mail.outbox
    assert message.to == ["John Smith <john@alpha.co.uk>"]
    assert order.number in message.subject  # John reads English
    assert message.subject.startswith("Confirmation")


def test_a_quote_mailed_by_koers_gets_no_link_by_hand(
    client, people, world, django_capture_on_commit_callbacks
):
    version = make_quote(
        people.alice, world.account, make_product(), status=S.APPROVED, reviewer=people.ingrid
    )
    with django_capture_on_commit_callbacks(execute=True):
        quote_send(actor=people.alice, version=version, contact=world.anna, subject="Q", body="B")
    before = QuoteLink.objects.get(quote_version=version).token_hash
    client.force_login(people.alice)
    page = client.get(reverse("sales:quote_version", args=[version.pk])).content.decode()
    assert 'id="link-form"' not in page
    response = _make(client, version, world.anna)
    assert response.status_code == 422
    assert "carries its own link" in response.content.decode()
    assert QuoteLink.objects.get(quote_version=version).token_hash == before


def test_a_colleague_who_may_not_change_the_quote_is_refused(client, people, world, marked):
    client.force_login(people.charlie)
    response = _make(client, marked, world.anna)
    assert response.status_code in (403, 404)
    assert not QuoteLink.objects.exists()


def test_the_api_makes_and_revokes_the_link(people, world, marked, api):
    client = api(people.alice)
    response = client.post(f"/quote-versions/{marked.pk}/link", {"contact_id": world.anna.pk})
    assert response.status_code == 201, response.json()
    body = response.json()
    token = TOKEN.search(body["url"]).group(1)
    assert QuoteLink.objects.get(quote_version=marked).token_hash == hash_of(token)
    assert body["expires_at"]
    assert client.delete(f"/quote-versions/{marked.pk}/link").status_code == 204
    second = client.delete(f"/quote-versions/{marked.pk}/link")
    assert second.status_code == 409 and "no online link" in second.json()["detail"]


def test_the_api_refuses_a_draft_and_a_contact_elsewhere(people, world, api):
    draft = make_quote(people.alice, world.account, make_product())
    client = api(people.alice)
    refused = client.post(f"/quote-versions/{draft.pk}/link", {"contact_id": world.anna.pk})
    assert refused.status_code == 409
    marked = make_quote(
        people.alice, world.account, make_product(), status=S.SENT, reviewer=people.ingrid
    )
    stranger = make_contact(make_account(people.alice, "Elders BV"), people.alice)
    response = client.post(f"/quote-versions/{marked.pk}/link", {"contact_id": stranger.pk})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["contact_id"]
    assert not QuoteLink.objects.exists()
