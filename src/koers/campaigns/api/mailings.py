"""Mailings in the API (read): a mailing with its texts, status and the counts of its copies,
and the copies per contact with their status. Marketing and administrators only, like the
pages: who reads the campaign but may not run it gets a 403, who does not read it a 404."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, PageOut
from koers.campaigns import queries
from koers.campaigns.models import Exclusion, Mailing, MailingSend, MailingStatus, SendStatus
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User

router = Router(tags=["campaigns"])

MailingId = PathEx[int, P(ge=1, le=MAX_ID, description="The mailing's id.")]


class MailingCounts(Schema):
    queued: int
    sending: int
    sent: int
    failed: int
    skipped: int
    interrupted: int
    bounced: int
    unsubscribed: int


class MailingOut(Schema):
    id: int
    campaign_id: int
    subject_nl: str
    body_nl: str
    subject_en: str
    body_en: str
    status: MailingStatus
    message: str = Field(description="Why the last send failed, if it did.")
    version: int
    tested: bool = Field(description="This version was sent as a test to its writer.")
    track_links: bool = Field(description="Clicks on its links are recorded (decision 140).")
    started_at: datetime | None
    finished_at: datetime | None
    counts: MailingCounts


class MailingSendOut(Schema):
    contact_id: int
    contact_name: str
    account_id: int | None
    status: SendStatus
    reason: Exclusion | None = Field(description="Why the copy was skipped at send time.")
    sent_at: datetime | None
    unsubscribed_at: datetime | None


class MailingSendPage(PageOut):
    results: list[MailingSendOut]


class SendFilters(Schema):
    status: SendStatus | None = None


def _mailing(user: User, mailing_id: int) -> Mailing:
    mailing = Mailing.objects.get(pk=mailing_id)
    queries.campaigns_readable(user).get(pk=mailing.campaign_id)
    if not access.can_run_campaigns(user):
        raise NotAllowed
    return mailing


def _counts(mailing: Mailing) -> dict[str, int]:
    rows = MailingSend.objects.filter(mailing=mailing).values("status").annotate(n=Count("pk"))
    counts = {status.value: 0 for status in SendStatus}
    counts.update({row["status"]: row["n"] for row in rows})
    counts["unsubscribed"] = MailingSend.objects.filter(
        mailing=mailing, unsubscribed_at__isnull=False
    ).count()
    return counts


@router.get(
    "/mailings/{mailing_id}",
    response={200: MailingOut, **COMMON_RESPONSES},
    summary="Read a mailing",
)
def get_mailing(request: ApiRequest, mailing_id: MailingId) -> dict[str, Any]:
    """A campaign's mailing with the counts of its copies by status."""
    mailing = _mailing(request.auth, mailing_id)
    return {
        "id": mailing.pk,
        "campaign_id": mailing.campaign_id,
        "subject_nl": mailing.subject_nl,
        "body_nl": mailing.body_nl,
        "subject_en": mailing.subject_en,
        "body_en": mailing.body_en,
        "status": mailing.status,
        "message": mailing.message,
        "version": mailing.version,
        "tested": mailing.tested_version == mailing.version,
        "track_links": mailing.track_links,
        "started_at": mailing.started_at,
        "finished_at": mailing.finished_at,
        "counts": _counts(mailing),
    }


def send_data(row: MailingSend) -> dict[str, Any]:
    return {
        "contact_id": row.contact_id,
        "contact_name": row.contact.full_name,
        "account_id": row.account_id,
        "status": row.status,
        "reason": row.reason or None,
        "sent_at": row.sent_at,
        "unsubscribed_at": row.unsubscribed_at,
    }


@router.get(
    "/mailings/{mailing_id}/sends",
    response={200: MailingSendPage, **COMMON_RESPONSES},
    summary="List a mailing's sends",
)
def list_mailing_sends(
    request: ApiRequest,
    mailing_id: MailingId,
    filters: Query[SendFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """The copies of the mailing, one per contact, with their status."""
    mailing = _mailing(request.auth, mailing_id)
    rows = MailingSend.objects.filter(mailing=mailing).select_related("contact").order_by("pk")
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    return paginate(request, rows, page, send_data)
