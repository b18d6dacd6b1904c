"""Logged e-mails (read only): the messages that reached a user's log address, with the
activities they were recorded as. Readable like the pages: with one of the accounts it was
logged on, or by the user whose log address got it (unless they discarded it)."""

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
from koers.correspondence.api.schemas import LoggedMailOut, LoggedMailPage, logged_mail_data
from koers.correspondence.filters import LoggedMailFilterSet
from koers.correspondence.models import InboundMail

router = Router(tags=["logged mails"])

LoggedMailId = PathEx[int, P(ge=1, le=MAX_ID, description="The logged mail's id.")]

if TYPE_CHECKING:  # Literals for pydantic; to mypy, a str
    Ordering = str
    Status = str
    Direction = str
else:
    Ordering = Literal["received_at", "-received_at"]
    Status = Literal["received", "logged", "inbox", "discarded", "failed"]
    Direction = Literal["incoming", "outgoing"]


class LoggedMailFilters(Schema):
    account: Id | None = Field(None, description="Mails logged on this account.")
    status: Status | None = Field(None, description="Where the message stands.")
    direction: Direction | None = Field(None, description="Received from or sent to a contact.")
    date_from: PlanDate | None = Field(None, description="Received on or after this day.")
    date_to: PlanDate | None = Field(None, description="Received on or before this day.")
    ordering: Ordering = "-received_at"


def filter_logged_mails(user: User, filters: LoggedMailFilters) -> QuerySet[InboundMail]:
    names = ("account", "status", "direction", "date_from", "date_to")
    data = {n: str(getattr(filters, n)) for n in names if getattr(filters, n) is not None}
    data["sort"] = "-received" if filters.ordering.startswith("-") else "received"
    filterset = LoggedMailFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return queries.with_logged_details(filterset.found())


@router.get(
    "/logged-mails",
    response={200: LoggedMailPage, **COMMON_RESPONSES},
    summary="List logged mails",
)
def list_logged_mails(
    request: ApiRequest, filters: Query[LoggedMailFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The logged e-mails you may read, the newest first."""
    return paginate(request, filter_logged_mails(request.auth, filters), page, logged_mail_data)


@router.get(
    "/logged-mails/{logged_mail_id}",
    response={200: LoggedMailOut, **COMMON_RESPONSES},
    summary="Read a logged mail",
)
def get_logged_mail(request: ApiRequest, logged_mail_id: LoggedMailId) -> dict[str, Any]:
    mail = queries.with_logged_details(queries.inbound_readable(request.auth)).get(
        pk=logged_mail_id
    )
    return logged_mail_data(mail)
