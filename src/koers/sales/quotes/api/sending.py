"""Sending a quote and its PDF: `POST /quote-versions/{id}/send` (an approved version to a
contact of the account, by a mail template or a typed subject and text; answers the version,
now sent), `GET /quote-versions/{id}/pdf` (the PDF sent,
byte for byte, or the version as it is now, a draft marked concept), and the online link of a
version marked as sent: `POST` and `DELETE /quote-versions/{id}/link`."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from koers.accounts.models import Contact
from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.idempotency import KeyHeader
from koers.api.schemas import NAME, BodyId, In, Notes, Text
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.correspondence import queries as correspondence_queries
from koers.correspondence.models import MailTemplate
from koers.relations.api.common import api_field_names
from koers.sales.models import QuoteLink, QuoteVersion
from koers.sales.quotes import documents, queries
from koers.sales.quotes.api.quotes import ACTION_RESPONSES, VersionId, _act
from koers.sales.quotes.services.links import quote_link_make, quote_link_revoke
from koers.sales.quotes.services.sending import quote_send

router = Router(tags=["quotes"])

NAMES = {"contact": "contact_id", "template": "template_id"}


# As the service checks it: a template (and no typed text), or a typed subject and text.
TEXT_OR_TEMPLATE: dict[str, Any] = {
    "anyOf": [
        {
            "required": ["template_id"],
            "properties": {"template_id": {"type": "integer"}, "body": {"pattern": r"^\s*$"}},
        },
        {
            "required": ["subject", "body"],
            "properties": {"subject": {"pattern": NAME}, "body": {"pattern": NAME}},
        },
    ]
}


class QuoteSendIn(In):
    model_config = ConfigDict(json_schema_extra=TEXT_OR_TEMPLATE)

    contact_id: BodyId = Field(
        description="A contact of the quote's account with an e-mail address."
    )
    template_id: BodyId | None = Field(
        None,
        description="A mail template, in the contact's language; used when `body` is empty.",
    )
    subject: Text(200) = Field("", description="Needed with a typed `body`.")
    body: Notes = Field("", description="Typed text; placeholders such as {salutation} work.")


class PdfParams(Schema):
    language: Literal["nl", "en"] = Field(
        "nl", description="The language of a PDF made now (a sent one is as it was sent)."
    )


def _contact(pk: int) -> Contact:
    contact = Contact.objects.filter(pk=pk).first()
    if contact is None:
        message = _("Choose a contact who works at this account.")
        raise FieldErrors({"contact_id": [message]}, code="not_at_account")
    return contact


def _template(pk: int | None) -> MailTemplate | None:
    if pk is None:
        return None
    template = correspondence_queries.templates_in_use().filter(pk=pk).first()
    if template is None:
        message = _("There is no mail template with this id.")
        raise FieldErrors({"template_id": [message]}, code="not_found")
    return template


@router.post(
    "/quote-versions/{version_id}/send",
    response=ACTION_RESPONSES,
    summary="Send an approved version by e-mail with its PDF",
)
def send_quote(
    request: ApiRequest,
    version_id: VersionId,
    payload: QuoteSendIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """The final PDF is made in the contact's language, kept with its SHA-256 and attached;
    the mail goes out after the commit; the version is then sent. A version that is not
    approved for sending is a 409 with its current state."""

    def run(user: User, version: QuoteVersion) -> object:
        contact, template = _contact(payload.contact_id), _template(payload.template_id)
        with api_field_names(NAMES):
            quote_send(
                actor=user,
                version=version,
                contact=contact,
                template=template,
                subject=payload.subject,
                body=payload.body,
            )
        return version

    return _act(request, version_id, idempotency_key, payload, run)


@router.get(
    "/quote-versions/{version_id}/pdf",
    response={200: Any, **COMMON_RESPONSES},
    summary="The PDF of a version",
    openapi_extra={
        "responses": {200: {"description": "The PDF.", "content": {"application/pdf": {}}}}
    },
)
def quote_pdf(request: ApiRequest, version_id: VersionId, params: Query[PdfParams]) -> FileResponse:
    """The PDF sent (its SHA-256 in the header `X-Content-SHA256`), or, for a version not sent
    from Koers, the version as it is now; a version not yet approved is marked concept."""
    version = (
        queries.versions_readable(request.auth)
        .select_related("quote", "quote__account", "quote__owner")
        .get(pk=version_id)
    )
    name, content = documents.pdf_of(version, params.language)
    response = FileResponse(content, content_type="application/pdf", filename=name)
    document = documents.sent_document(version)
    if document is not None:
        response["X-Content-SHA256"] = document.sha256
    return response


class QuoteLinkIn(In):
    contact_id: BodyId = Field(
        description="The contact of the quote's account who received the quote: they get the "
        "confirmation when they accept online."
    )


class QuoteLinkOut(Schema):
    url: str = Field(description="The link for the customer. Shown only in this answer.")
    expires_at: datetime = Field(description="The end of the version's validity day.")


class LinkRefusedOut(Schema):
    detail: str


def _writable(request: ApiRequest, version_id: int) -> QuoteVersion:
    version = queries.versions_readable(request.auth).select_related("quote").get(pk=version_id)
    if not queries.may_change(request.auth, version):
        raise NotAllowed(_("You may not change this quote."))
    return version


def _refused(error: ValidationError) -> bool:
    codes = {e.code for errors in error.error_dict.values() for e in errors}
    return "status" in codes


@router.post(
    "/quote-versions/{version_id}/link",
    response={201: QuoteLinkOut, 409: LinkRefusedOut, **COMMON_RESPONSES},
    summary="Make the online link of a version marked as sent",
)
def make_link(
    request: ApiRequest, version_id: VersionId, payload: QuoteLinkIn
) -> tuple[int, object]:
    """For a version sent outside Koers (marked as sent) and still valid: a new link to the
    public page where the customer accepts it; a link made before stops working. The token is
    kept only as its hash, so the address is in this answer only (no `Idempotency-Key`: a
    stored answer would keep it). A version Koers mailed (its mail carries the link), or one
    not sent, is a 409."""
    version = _writable(request, version_id)
    contact = _contact(payload.contact_id)
    try:
        with api_field_names(NAMES):
            url = quote_link_make(actor=request.auth, version=version, contact=contact)
    except ValidationError as error:
        if not _refused(error):
            raise
        return 409, {"detail": " ".join(error.messages)}
    link = QuoteLink.objects.get(quote_version=version)
    return 201, {"url": url, "expires_at": link.expires_at}


@router.delete(
    "/quote-versions/{version_id}/link",
    response={204: None, 409: LinkRefusedOut, **COMMON_RESPONSES},
    summary="Revoke the online link made for a version marked as sent",
)
def revoke_link(request: ApiRequest, version_id: VersionId) -> tuple[int, object]:
    """The link stops working (the page answers as for a wrong link). No link made by hand, or
    a version answered already, is a 409."""
    version = _writable(request, version_id)
    try:
        quote_link_revoke(actor=request.auth, version=version)
    except ValidationError as error:
        if not _refused(error):
            raise
        return 409, {"detail": " ".join(error.messages)}
    return 204, None
