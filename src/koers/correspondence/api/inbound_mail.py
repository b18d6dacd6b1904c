"""The mail server's door to the mail log: `POST /inbound-mail` with a raw RFC 822 message
(the body as it is, or a multipart form with the file `message`), authenticated with the shared
secret MAIL_LOG_SECRET, not a user's token (docs/operations.md, "The mail log").

202: kept, to be logged by the worker; 200: the same message came before (nothing is logged
twice); 400 empty, 413 too large, 422 no message or for nobody's log address.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.security import HttpBearer

from koers.api.schemas import ErrorOut, ValidationErrorOut
from koers.correspondence.models import InboundSource
from koers.correspondence.services import inbound

router = Router(tags=["inbound mail"])

_MAX_SECRET_LENGTH = 500


class MailServerAuth(HttpBearer):
    """`Authorization: Bearer <MAIL_LOG_SECRET>`; without a secret set, nobody gets in."""

    def __call__(self, request: HttpRequest) -> str | None:
        # Parsed here, like TokenAuth: HttpBearer would log a malformed header (a secret).
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> str | None:
        secret = settings.MAIL_LOG_SECRET
        if not secret or not token or len(token) > _MAX_SECRET_LENGTH:
            return None
        return "mail-server" if hmac.compare_digest(token.encode(), secret.encode()) else None


class InboundMailOut(Schema):
    id: int
    status: str = Field(description="received, logged, inbox, discarded or failed.")
    duplicate: bool = Field(description="True when this message came before.")


class Recipient(Schema):
    recipient: str = Field(
        "",
        max_length=254,
        description="The envelope recipient (Postfix: ${recipient}): the log address a BCC "
        "reached, which no header shows.",
    )


_BODY = {
    "required": True,
    "content": {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"message": {"type": "string", "format": "binary"}},
                "required": ["message"],
            }
        },
    },
}


def _refused(status: int, message: str, code: str) -> JsonResponse:
    if status == 422:
        errors = [{"field": "message", "message": message, "code": code}]
        return JsonResponse({"detail": message, "errors": errors}, status=422)
    return JsonResponse({"detail": message}, status=status)


def _read_raw(request: HttpRequest) -> bytes | JsonResponse:
    """The message's bytes, read no further than the limit allows."""
    limit = settings.MAIL_LOG_MAX_BYTES
    too_large = _("The message is larger than the limit of %(limit)s bytes.") % {"limit": limit}
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("message")
        if upload is None:
            return _refused(400, _("Send the message as the form's file “message”."), "required")
        if upload.size is not None and upload.size > limit:
            return _refused(413, too_large, "too_large")
        return upload.read(limit + 1)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return _refused(413, too_large, "too_large")
    # Read from the stream, not `request.body`, which refuses anything over
    # DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) whatever our own limit is.
    return request.read(limit + 1)


@router.post(
    "/inbound-mail",
    auth=MailServerAuth(),
    response={
        200: InboundMailOut,
        202: InboundMailOut,
        400: ErrorOut,
        401: ErrorOut,
        413: ErrorOut,
        422: ValidationErrorOut,
    },
    summary="Log a message (for the mail server)",
    openapi_extra={"requestBody": _BODY},
)
def receive_inbound_mail(request: HttpRequest, query: Query[Recipient]) -> Any:
    """A raw RFC 822 message for a log address: kept, and logged by the worker on the
    timelines of the accounts of its contacts (or put in the user's inbox). Authenticate with
    `Authorization: Bearer <MAIL_LOG_SECRET>`. The body is the message as it is (any type but
    a form, e.g. `message/rfc822`), or a multipart form with the file `message`."""
    # No user is calling: the reasons go to a mail server's log or a bounce to an outside
    # sender, so they are in English like this reference, whatever the site's language.
    with translation.override("en"):
        return _receive(request, query.recipient)


def _receive(request: HttpRequest, recipient: str) -> Any:
    raw = _read_raw(request)
    if isinstance(raw, JsonResponse):
        return raw
    try:
        received = inbound.mail_log_receive(raw, source=InboundSource.API, recipient=recipient)
    except inbound.Refused as refused:
        return _refused(refused.status, str(refused), "refused")
    mail = received.mail
    body = {"id": mail.pk, "status": mail.status, "duplicate": not received.new}
    return (202 if received.new else 200), body
