"""Sending a quote from Koers: only an approved version; the mail to the contact carries the
PDF (in the contact's language), stored with its SHA-256 and never made again; the step is on
the account's timeline once, even when the task runs again; a draft is refused, nothing
changed."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from koers.core.errors import NotAllowed
from koers.correspondence.mails import send_pending
from koers.correspondence.models import SentMail
from koers.relations.models import Activity
from koers.sales.models import QuoteDocument, QuoteEvent, QuoteStatus, QuoteVersion
from koers.sales.quotes.services import quote_send
from tests.correspondence.factories import make_correspondence
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def world(people):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    return world


@pytest.fixture
def approved(world, people):
    product = make_product()
    return make_quote(
        people.alice, world.account, product, status=S.APPROVED, reviewer=people.ingrid
    )


def _send(people, version, contact, capture, **text):
    text = text or {"subject": "Onze offerte", "body": "{salutation},\n\nHierbij onze offerte."}
    with capture(execute=True):
        return quote_send(actor=people.alice, version=version, contact=contact, **text)


def test_the_mail_carries_the_pdf_and_the_quote_is_sent(
    people, world, approved, django_capture_on_commit_callbacks
):
    document = _send(people, approved, world.anna, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    assert message.to == ["Anna de Vries <anna@alpha.nl>"]
    assert message.subject == "Onze offerte"
    ((name, content, mimetype),) = message.attachments
    assert mimetype == "application/pdf" and name.endswith(".pdf") and "concept" not in name
    assert hashlib.sha256(content).hexdigest() == document.sha256
    with default_storage.open(document.pdf, "rb") as stored:
        assert stored.read() == content
    text = text_of(content)
    assert "CONCEPT" not in text and "Geldig tot" in text
    version = QuoteVersion.objects.get(pk=approved.pk)
    assert version.status == S.SENT and version.sent_at is not None
    assert document.language == "nl" and document.contact == world.anna


def test_an_english_contact_gets_the_pdf_in_english(
    people, world, approved, django_capture_on_commit_callbacks
):
    document = _send(
        people, approved, world.john, django_capture_on_commit_callbacks, template=world.welcome
    )
    assert document.language == "en"
    (message,) = mail.outbox
    assert "Valid until" in text_of(message.attachments[0][1])


def test_on_the_timeline_once_and_never_sent_twice_on_a_retry(
    people, world, approved, django_capture_on_commit_callbacks
):
    document = _send(people, approved, world.anna, django_capture_on_commit_callbacks)
    assert send_pending(document.sent_mail_id) == 0
    assert len(mail.outbox) == 1
    assert QuoteEvent.objects.filter(quote_version=approved, kind="sent").count() == 1
    assert Activity.objects.filter(account=world.account, kind="email").count() == 1


def test_the_sent_pdf_is_downloaded_as_it_was_sent(
    people, world, approved, client_for, django_capture_on_commit_callbacks
):
    document = _send(people, approved, world.anna, django_capture_on_commit_callbacks)
    client = client_for(people.alice)
    response = client.get(reverse("sales:quote_pdf", args=[approved.pk]))
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256
    timeline = client.get(
        reverse("relations:account_timeline", args=[world.account.pk]), {"shown": "quotes"}
    )
    assert reverse("sales:quote_pdf", args=[approved.pk]) in timeline.content.decode()


@pytest.mark.parametrize("status", [S.DRAFT, S.IN_REVIEW, S.SENT])
def test_only_an_approved_version_is_sent(
    status, people, world, django_capture_on_commit_callbacks
):
    version = make_quote(
        people.alice, world.account, make_product(), status=status, reviewer=people.ingrid
    )
    with pytest.raises(ValidationError) as refused:
        _send(people, version, world.anna, django_capture_on_commit_callbacks)
    assert "status" in refused.value.message_dict
    assert mail.outbox == []
    assert not QuoteDocument.objects.exists() and not SentMail.objects.exists()
    assert QuoteVersion.objects.get(pk=version.pk).status == status


def test_a_mail_without_text_is_refused_and_nothing_is_kept(
    people, world, approved, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as refused:
        _send(people, approved, world.anna, django_capture_on_commit_callbacks, subject="", body="")
    assert "subject" in refused.value.message_dict
    assert QuoteVersion.objects.get(pk=approved.pk).status == S.APPROVED
    assert not QuoteDocument.objects.exists() and mail.outbox == []


def test_someone_who_may_only_read_cannot_send(
    people, world, approved, django_capture_on_commit_callbacks
):
    with pytest.raises(NotAllowed), django_capture_on_commit_callbacks(execute=True):
        quote_send(actor=people.mark, version=approved, contact=world.anna, subject="x", body="y")
    assert QuoteVersion.objects.get(pk=approved.pk).status == S.APPROVED


def test_send_from_the_page(
    people, world, approved, client_for, django_capture_on_commit_callbacks
):
    client = client_for(people.alice)
    page = client.get(reverse("sales:quote_version", args=[approved.pk])).content.decode()
    assert 'id="quote-send"' in page and 'id="quote-download"' in page
    url = reverse("sales:quote_send", args=[approved.pk])
    assert "Anna de Vries" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"contact": world.anna.pk, "subject": "Offerte", "body": "Zie de bijlage."}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and QuoteDocument.objects.get().quote_version_id == approved.pk


def test_the_page_names_the_missing_text(people, world, approved, client_for):
    response = client_for(people.alice).post(
        reverse("sales:quote_send", args=[approved.pk]), {"contact": world.anna.pk}
    )
    assert response.status_code == 200
    assert QuoteVersion.objects.get(pk=approved.pk).status == S.APPROVED
    assert response.context["form"].errors


def test_a_failed_mail_goes_out_once_on_a_retry_with_the_same_pdf(
    people, world, approved, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.correspondence.failing_mail.FailForJohn"
    document = _send(people, approved, world.john, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert QuoteVersion.objects.get(pk=approved.pk).status == S.SENT

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_pending(document.sent_mail_id) == 1
    assert send_pending(document.sent_mail_id) == 0
    (message,) = mail.outbox
    assert hashlib.sha256(message.attachments[0][1]).hexdigest() == document.sha256
    assert QuoteEvent.objects.filter(quote_version=approved, kind="sent").count() == 1
