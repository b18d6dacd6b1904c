"""The general terms go with a quote sent from Koers: the current version is attached to the
mail beside the quote's PDF, the sent document records which version (the proof that they were
handed over before the contract), and the quote's page, the timeline and the API say so. Without
terms in force, sending still works and the page says none were attached. The quote's PDF names
the terms, and prints the statutory name and seat where they differ from the trade name."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from koers.core.models import CompanySettings
from koers.correspondence.mails import send_pending
from koers.sales.models import QuoteDocument, QuoteEvent, QuoteStatus
from koers.sales.quotes.pdf import quote_pdf
from koers.sales.quotes.services import quote_send
from tests.core.terms_factories import make_terms, terms_pdf
from tests.correspondence.factories import make_correspondence
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus
# The tests of sales run on 15 June 2026 (tests/sales/conftest.py).
TERMS_TEXT = "Algemene voorwaarden 2026"


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def world(people):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    return world


@pytest.fixture
def approved(world, people):
    return make_quote(
        people.alice, world.account, make_product(), status=S.APPROVED, reviewer=people.ingrid
    )


@pytest.fixture
def terms(people):
    make_terms(people.admin, "2025", date(2025, 1, 1), text="Algemene voorwaarden 2025")
    current = make_terms(people.admin, "2026", date(2026, 1, 1), text=TERMS_TEXT)
    # Not yet in force on 15 June 2026.
    make_terms(people.admin, "2027", date(2027, 1, 1), text="Algemene voorwaarden 2027")
    return current


def _send(people, version, contact, capture):
    with capture(execute=True):
        return quote_send(
            actor=people.alice,
            version=version,
            contact=contact,
            subject="Onze offerte",
            body="{salutation},\n\nHierbij onze offerte.",
        )


def test_the_mail_carries_the_current_terms_beside_the_quote_and_records_them(
    people, world, approved, terms, django_capture_on_commit_callbacks
):
    document = _send(people, approved, world.anna, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    (quote_name, _quote, _type), (terms_name, content, mimetype) = message.attachments
    assert quote_name == f"{approved.quote.number}-{approved.label}.pdf"
    assert (terms_name, mimetype) == ("general-terms-2026.pdf", "application/pdf")
    assert content == terms_pdf(TERMS_TEXT)
    assert QuoteDocument.objects.get(pk=document.pk).general_terms == terms
    # The quote itself declares them applicable, in the contact's language.
    assert "algemene voorwaarden, versie 2026" in text_of(_quote)


def test_a_retry_attaches_the_same_terms(
    people, world, approved, terms, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.correspondence.failing_mail.FailForJohn"
    document = _send(people, approved, world.john, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    # A newer version coming into force before the retry does not change what went with it.
    make_terms(people.admin, "2026-06", date(2026, 6, 1), text="Nieuwe voorwaarden")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert send_pending(document.sent_mail_id) == 1
    (message,) = mail.outbox
    assert message.attachments[1][:2] == ("general-terms-2026.pdf", terms_pdf(TERMS_TEXT))


def test_the_quote_page_and_the_timeline_say_which_terms_were_attached(
    people, world, approved, terms, client_for, django_capture_on_commit_callbacks
):
    _send(people, approved, world.anna, django_capture_on_commit_callbacks)
    client = client_for(people.alice)

    page = client.get(reverse("sales:quote_version", args=[approved.pk])).content.decode()
    shown = page[page.index('id="quote-general-terms"') :]
    shown = shown[: shown.index("</p>")]
    assert "General terms 2026 attached" in shown
    assert reverse("core:general_terms_file", args=[terms.pk]) in shown

    event = QuoteEvent.objects.get(quote_version=approved, kind="sent")
    assert event.note.endswith("General terms 2026 attached")
    timeline = client.get(
        reverse("relations:account_timeline", args=[world.account.pk]), {"shown": "quotes"}
    ).content.decode()
    assert "General terms 2026 attached" in timeline


def test_without_terms_in_force_sending_works_and_the_page_says_none_were_attached(
    people, world, approved, client_for, django_capture_on_commit_callbacks
):
    make_terms(people.admin, "2027", date(2027, 1, 1))

    document = _send(people, approved, world.anna, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert len(message.attachments) == 1
    assert document.general_terms is None
    assert "algemene voorwaarden" not in text_of(message.attachments[0][1])
    page = client_for(people.alice).get(reverse("sales:quote_version", args=[approved.pk]))
    assert "No general terms attached: none were in force." in page.content.decode()


def test_before_sending_the_page_offers_the_current_terms_beside_the_pdf(
    people, world, approved, terms, client_for
):
    page = client_for(people.alice).get(reverse("sales:quote_version", args=[approved.pk]))

    html = page.content.decode()
    link = html[html.index('id="quote-general-terms-download"') - 80 :][:200]
    assert reverse("core:general_terms_file", args=[terms.pk]) in link
    assert "General terms 2026 (PDF)" in html


def test_a_downloaded_final_pdf_names_the_current_terms_and_records_nothing(
    people, world, approved, terms, client_for
):
    url = reverse("sales:quote_pdf", args=[approved.pk])
    response = client_for(people.alice).get(url, {"language": "nl"})

    assert "algemene voorwaarden, versie 2026" in text_of(b"".join(response.streaming_content))
    assert not QuoteDocument.objects.exists()


def test_the_api_gives_the_terms_on_the_version(
    people, world, approved, terms, api, django_capture_on_commit_callbacks
):
    draft = make_quote(people.alice, world.account, make_product())
    _send(people, approved, world.anna, django_capture_on_commit_callbacks)
    client = api(people.alice)

    (sent,) = client.get(f"/quotes/{approved.quote_id}").json()["versions"]
    assert sent["general_terms"] == {"id": terms.pk, "label": "2026"}
    (unsent,) = client.get(f"/quotes/{draft.quote_id}").json()["versions"]
    assert unsent["general_terms"] is None


def test_the_quote_pdf_prints_the_statutory_name_and_seat_where_they_differ(world, approved):
    CompanySettings.objects.filter(pk=1).update(
        statutory_name="Koers Holding B.V.", statutory_seat="Amersfoort"
    )
    approved.refresh_from_db()

    dutch = text_of(quote_pdf(approved, "nl"))
    english = text_of(quote_pdf(approved, "en"))

    assert "Koers Holding B.V., statutair gevestigd te Amersfoort" in dutch
    assert "Koers Holding B.V., statutory seat Amersfoort" in english
    assert "Koers Levensmiddelen BV" in dutch and "KvK 12345678" in dutch


def test_the_quote_pdf_repeats_nothing_when_they_are_the_trade_name_and_city(world, approved):
    CompanySettings.objects.filter(pk=1).update(
        statutory_name="Koers Levensmiddelen BV", statutory_seat="Utrecht"
    )
    approved.refresh_from_db()

    text = text_of(quote_pdf(approved, "nl"))

    assert "statutair" not in text and "KvK 12345678" in text
