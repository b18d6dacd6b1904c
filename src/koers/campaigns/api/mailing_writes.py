"""Mailings written through the API (issue 17): compose one for a campaign, change its texts
(versioned), test-send it to oneself, send it, and pause, resume or cancel it while it goes.
The same services and rules as the pages: marketing and administrators only (403 for a reader
of the campaign, 404 for anyone else); a move the lifecycle refuses is a 422 naming `status`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from django.http import HttpResponse
from ninja import Field, P, PathEx, Status

from koers.api.errors import COMMON_RESPONSES
from koers.api.idempotency import KeyHeader, run_once
from koers.api.schemas import MAX_ID, In, Text, dump, max_len
from koers.api.versioning import patch_versioned, versioned_schemas
from koers.campaigns import mailing_services as services
from koers.campaigns import queries
from koers.campaigns.api import mailings
from koers.campaigns.api.mailings import MailingId, MailingOut, _mailing, mailing_data
from koers.campaigns.models import Mailing
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User

# The same router as the reads: a path's GET and PATCH must be one URL pattern.
router = mailings.router

CampaignId = PathEx[int, P(ge=1, le=MAX_ID, description="The campaign's id.")]
BODY = 20_000


class MailingIn(In):
    subject_nl: Text(max_len(Mailing, "subject_nl"), 1, examples=["Nieuw in ons assortiment"])
    body_nl: Text(BODY, 1, examples=["{salutation},\n\nOns voorjaarsaanbod staat klaar."])
    subject_en: Text(max_len(Mailing, "subject_en"), 1, examples=["New in our range"])
    body_en: Text(BODY, 1, examples=["{salutation},\n\nOur spring offer is ready."])
    track_links: bool = Field(
        False, description="Record clicks on its links, for contacts whose consent covers it."
    )


MailingPatch, MailingConflictOut = versioned_schemas(
    "Mailing",
    create=MailingIn,
    read=MailingOut,
    doc="A draft's texts; only the fields sent are changed; `version` is the one you read.",
)


class MailingTestIn(In):
    language: Literal["nl", "en"] = Field("nl", description="The text to send: Dutch or English.")


def _detail(user: User, mailing_id: int) -> dict[str, Any]:
    return mailing_data(_mailing(user, mailing_id))


@router.post(
    "/campaigns/{campaign_id}/mailings",
    response={201: MailingOut, **COMMON_RESPONSES},
    summary="Compose a mailing",
)
def create_mailing(
    request: ApiRequest,
    campaign_id: CampaignId,
    payload: MailingIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A draft for the campaign's selection; placeholders as in the mail templates. Send a test
    to yourself before sending it."""
    user: User = request.auth
    campaign = queries.campaigns_readable(user).get(pk=campaign_id)
    if not access.can_run_campaigns(user):
        raise NotAllowed

    def create() -> tuple[int, dict[str, Any]]:
        mailing = services.mailing_create(actor=user, campaign=campaign, data=payload.model_dump())
        return 201, dump(MailingOut, _detail(user, mailing.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.patch(
    "/mailings/{mailing_id}",
    response={200: MailingOut, 409: MailingConflictOut, **COMMON_RESPONSES},
    summary="Change a mailing",
)
def update_mailing(
    request: ApiRequest, mailing_id: MailingId, payload: MailingPatch
) -> Status[dict[str, Any]]:
    """Only a draft; a changed text needs a new test send before it can be sent."""
    user: User = request.auth
    mailing = _mailing(user, mailing_id)

    def save(version: int, data: dict[str, Any]) -> None:
        texts = {name: getattr(mailing, name) for name in services.TEXTS}
        services.mailing_update(actor=user, mailing=mailing, version=version, data=texts | data)

    return patch_versioned(payload, save=save, read=lambda: _detail(user, mailing_id))


@router.post(
    "/mailings/{mailing_id}/test",
    response={200: MailingOut, **COMMON_RESPONSES},
    summary="Send a mailing to yourself as a test",
)
def test_mailing(
    request: ApiRequest, mailing_id: MailingId, payload: MailingTestIn
) -> dict[str, Any]:
    """To your own address, with an example contact in the placeholders; marks this version
    as tested (`tested`)."""
    user: User = request.auth
    mailing = _mailing(user, mailing_id)
    services.mailing_test_send(actor=user, mailing=mailing, language=payload.language)
    return _detail(user, mailing_id)


def _move(request: ApiRequest, mailing_id: int, move: Callable[..., Mailing]) -> dict[str, Any]:
    user: User = request.auth
    move(actor=user, mailing=_mailing(user, mailing_id))
    return _detail(user, mailing_id)


@router.post(
    "/mailings/{mailing_id}/send",
    response={200: MailingOut, **COMMON_RESPONSES},
    summary="Send a mailing",
)
def send_mailing(request: ApiRequest, mailing_id: MailingId) -> dict[str, Any]:
    """The worker sends it in batches at the configured rate; a failed one is sent again (only
    the copies that did not go). Refused before a test send, and while the selection is live."""
    return _move(request, mailing_id, services.mailing_send)


@router.post(
    "/mailings/{mailing_id}/pause",
    response={200: MailingOut, **COMMON_RESPONSES},
    summary="Pause a mailing",
)
def pause_mailing(request: ApiRequest, mailing_id: MailingId) -> dict[str, Any]:
    """The worker stops after the batch it is sending; the rest stays queued."""
    return _move(request, mailing_id, services.mailing_pause)


@router.post(
    "/mailings/{mailing_id}/resume",
    response={200: MailingOut, **COMMON_RESPONSES},
    summary="Resume a paused mailing",
)
def resume_mailing(request: ApiRequest, mailing_id: MailingId) -> dict[str, Any]:
    return _move(request, mailing_id, services.mailing_resume)


@router.post(
    "/mailings/{mailing_id}/cancel",
    response={200: MailingOut, **COMMON_RESPONSES},
    summary="Cancel a mailing",
)
def cancel_mailing(request: ApiRequest, mailing_id: MailingId) -> dict[str, Any]:
    """The copies not sent yet never go (`cancelled`); what went, went."""
    return _move(request, mailing_id, services.mailing_cancel)
