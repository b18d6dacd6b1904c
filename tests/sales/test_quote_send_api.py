"""POST /api/v1/quote-versions/{id}/send and GET /api/v1/quote-versions/{id}/pdf: an approved
version sent with its PDF; a draft is a 409; an unknown contact a 422 naming `contact_id`; the
PDF sent comes back byte for byte with its SHA-256; no access is a 404."""

from __future__ import annotations

import hashlib

import pytest
from django.core import mail

from koers.sales.models import QuoteDocument, QuoteStatus, QuoteVersion
from tests.correspondence.factories import make_correspondence
from tests.factories import make_account, make_contact
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus


@pytest.fixture
def world(people):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    return world


def _quote(people, world, status=S.APPROVED):
    return make_quote(
        people.alice, world.account, make_product(), status=status, reviewer=people.ingrid
    )


def test_send_and_download_the_pdf_sent(people, world, api, django_capture_on_commit_callbacks):
    version = _quote(people, world)
    client = api(people.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/quote-versions/{version.pk}/send",
            {"contact_id": world.anna.pk, "template_id": world.welcome.pk},
        )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "sent"
    (message,) = mail.outbox
    document = QuoteDocument.objects.get(quote_version=version)
    pdf = client.get(f"/quote-versions/{version.pk}/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    content = b"".join(pdf.streaming_content)
    assert hashlib.sha256(content).hexdigest() == document.sha256 == pdf["X-Content-SHA256"]
    assert message.attachments[0][1] == content


def test_a_draft_is_a_409_and_nothing_is_sent(people, world, api):
    version = _quote(people, world, S.DRAFT)
    response = api(people.alice).post(
        f"/quote-versions/{version.pk}/send",
        {"contact_id": world.anna.pk, "subject": "x", "body": "y"},
    )
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "draft"
    assert mail.outbox == [] and not QuoteDocument.objects.exists()


def test_a_contact_elsewhere_is_a_422_naming_the_field(people, world, api):
    version = _quote(people, world)
    other = make_account(people.alice, "Elders BV")
    stranger = make_contact(other, people.alice, email="piet@elders.nl")
    for contact_id in (stranger.pk, 999999):
        response = api(people.alice).post(
            f"/quote-versions/{version.pk}/send",
            {"contact_id": contact_id, "subject": "x", "body": "y"},
        )
        assert response.status_code == 422, response.json()
        assert [e["field"] for e in response.json()["errors"]] == ["contact_id"]
    assert QuoteVersion.objects.get(pk=version.pk).status == S.APPROVED


def test_the_pdf_of_a_draft_is_a_concept_and_no_access_is_a_404(people, world, api):
    version = _quote(people, world, S.DRAFT)
    pdf = api(people.alice).get(f"/quote-versions/{version.pk}/pdf", {"language": "en"})
    assert pdf.status_code == 200 and "concept" in pdf["Content-Disposition"]
    assert api(people.charlie).get(f"/quote-versions/{version.pk}/pdf").status_code == 404
    refused = api(people.mark).post(
        f"/quote-versions/{version.pk}/send",
        {"contact_id": world.anna.pk, "subject": "x", "body": "y"},
    )
    assert refused.status_code == 403
