"""Sent mails (read only): the e-mails written from Koers, with each copy and whether it went
out. Readable with the account, like the pages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.db.models import QuerySet
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, filter_errors
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PlanDate
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.correspondence import queries
from koers.correspondence.api.schemas import SentMailOut, SentMailPage, sent_mail_data
from koers.correspondence.filters import SentMailFilterSet
from koers.correspondence.models import SentMail

router = Router(tags=["sent mails"])

SentMailId = PathEx[int, P(ge=1, le=MAX_ID, description="The sent mail's id.")]

if TYPE_CHECKING:  # a Literal for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal["created_at", "-created_at"]


class SentMailFilters(Schema):
    account: Id | None = Field(None, description="Mails written from this account.")
    sent_by: Id | None = Field(None, description="The user id of who wrote them.")
    date_from: PlanDate | None = Field(None, description="Written on or after this day.")
    date_to: PlanDate | None = Field(None, description="Written on or before this day.")
    ordering: Ordering = "-created_at"


def filter_sent_mails(user: User, filters: SentMailFilters) -> QuerySet[SentMail]:
    names = ("account", "sent_by", "date_from", "date_to")
    data = {n: str(getattr(filters, n)) for n in names if getattr(filters, n) is not None}
    data["sort"] = "-created" if filters.ordering.startswith("-") else "created"
    filterset = SentMailFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found()


@router.get(
    "/sent-mails",
    response={200: SentMailPage, **COMMON_RESPONSES},
    summary="List sent mails",
)
def list_sent_mails(
    request: ApiRequest, filters: Query[SentMailFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The e-mails written from the accounts you may read, the newest first."""
    return paginate(request, filter_sent_mails(request.auth, filters), page, sent_mail_data)


@router.get(
    "/sent-mails/{sent_mail_id}",
    response={200: SentMailOut, **COMMON_RESPONSES},
    summary="Read a sent mail",
)
def get_sent_mail(request: ApiRequest, sent_mail_id: SentMailId) -> dict[str, Any]:
    mail = queries.with_recipients(queries.sent_mails_readable(request.auth)).get(pk=sent_mail_id)
    return sent_mail_data(mail)
