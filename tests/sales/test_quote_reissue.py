"""Extending a quote's validity makes a new PDF of the version that prints the new date, kept
beside the PDF that went out (which never changes); the online link works until the new date and
offers the new PDF (issue 13)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from koers.sales.models import QuoteDocument, QuoteLink, QuoteReissue, QuoteStatus
from koers.sales.quotes import services
from koers.sales.quotes.documents import stored_bytes
from koers.sales.quotes.services.online import link_issue
from koers.sales.quotes.services.reissues import reissue_bytes
from koers.sales.quotes.services.sending import quote_send
from tests.correspondence.factories import make_correspondence
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus
NEW_DAY = date(2026, 8, 31)  # the tests run on 15 June 2026


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def sent(people, django_capture_on_commit_callbacks):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    version = make_quote(
        people.alice, world.account, make_product(), status=S.APPROVED, reviewer=people.ingrid
    )
    with django_capture_on_commit_callbacks(execute=True):
        quote_send(actor=people.alice, version=version, contact=world.anna, subject="Q", body="B")
    return version


def extend(people, version):
    return services.quote_extend(
        actor=people.alice, version=version, valid_until=NEW_DAY, reason="Budget next quarter"
    )


def test_extending_makes_a_new_pdf_with_the_new_date_beside_the_sent_one(people, sent):
    document = QuoteDocument.objects.get(quote_version=sent)
    sent_pdf, old_day = stored_bytes(document), sent.valid_until
    extend(people, sent)
    reissue = QuoteReissue.objects.get(quote_version=sent)
    assert reissue.kind == "extended" and reissue.valid_until == NEW_DAY
    new_text = text_of(reissue_bytes(reissue))
    assert "31 augustus 2026" in new_text  # Anna reads Dutch
    assert f"{old_day.day} " in text_of(sent_pdf) and "31 augustus 2026" not in text_of(sent_pdf)
    # The one that went out is untouched.
    document.refresh_from_db()
    assert stored_bytes(document) == sent_pdf


def test_each_extension_keeps_its_own_pdf(people, sent):
    extend(people, sent)
    services.quote_extend(
        actor=people.alice,
        version=sent,
        valid_until=NEW_DAY + timedelta(days=30),
        reason="Again",
    )
    days = list(
        QuoteReissue.objects.filter(quote_version=sent).values_list("valid_until", flat=True)
    )
    assert days == [NEW_DAY, NEW_DAY + timedelta(days=30)]


def test_the_page_offers_both_pdfs_and_the_link_moves_with_the_date(client, people, sent):
    token = link_issue(sent)
    extend(people, sent)
    link = QuoteLink.objects.get(quote_version=sent)
    assert timezone.localtime(link.expires_at).date() == NEW_DAY + timedelta(days=1)
    client.force_login(people.alice)
    page = client.get(reverse("sales:quote_version", args=[sent.pk])).content.decode()
    reissue = QuoteReissue.objects.get(quote_version=sent)
    assert f"?reissue={reissue.pk}" in page
    url = reverse("sales:quote_pdf", args=[sent.pk])
    response = client.get(url, {"reissue": reissue.pk})
    assert b"".join(response.streaming_content) == reissue_bytes(reissue)
    assert client.get(url, {"reissue": 999999}).status_code == 404
    online = Client().get(reverse("sales:quote_online_pdf", args=[token]))
    assert b"".join(online.streaming_content) == reissue_bytes(reissue)


def test_a_refused_extension_makes_no_pdf(people, sent):
    with pytest.raises(Exception, match="later than"):
        services.quote_extend(
            actor=people.alice, version=sent, valid_until=sent.valid_until, reason="x"
        )
    assert not QuoteReissue.objects.exists()
