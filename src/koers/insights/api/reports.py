"""The accountability reports in the API (docs/decisions.md, 141): list, read (with the figures:
live for a draft, the snapshot once submitted), start a draft, the owner's comment, the cause of
each material deviation, and the workflow's moves as actions (submit, comment, close, return);
and the account's yearly report as data. The same services, rules and scope as the pages.
Amounts are decimal strings, counts integers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, BodyId, Choice, In, PageOut, PlanDate, Text
from koers.core import access
from koers.core.http import ApiRequest
from koers.core.models import Team, User
from koers.insights.registry import MONEY
from koers.insights.reports import account_review, content, queries, services
from koers.insights.reports.models import AccountabilityReport, ReportStatus
from koers.insights.reports.sections import Cell, Section
from koers.planning.models.deviations import DeviationCause

router = Router(tags=["accountability reports"])

ReportId = PathEx[int, P(ge=1, le=MAX_ID, description="The report's id.")]
AccountId = PathEx[int, P(ge=1, le=MAX_ID, description="The account's id.")]
DeviationKey = PathEx[
    str,
    P(pattern=r"^target-[0-9]{1,10}$", description="The deviation's key, as in `content`."),
]
Comment = Text(4000)
Said = Text(4000, 1)


class AccountabilityReportPeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class AccountabilityReportStatus(StrEnum):
    DRAFT = ReportStatus.DRAFT.value
    SUBMITTED = ReportStatus.SUBMITTED.value
    RETURNED = ReportStatus.RETURNED.value
    CLOSED = ReportStatus.CLOSED.value


class AccountabilityReportCause(StrEnum):
    MARKET = DeviationCause.MARKET.value
    COMPETITOR = DeviationCause.COMPETITOR.value
    PRICE = DeviationCause.PRICE.value
    AVAILABILITY = DeviationCause.AVAILABILITY.value
    CUSTOMER_LOST = DeviationCause.CUSTOMER_LOST.value
    CAPACITY = DeviationCause.CAPACITY.value
    OTHER = DeviationCause.OTHER.value


class AccountabilityReportFilters(Schema):
    status: AccountabilityReportStatus | None = None
    period: AccountabilityReportPeriodKind | None = Field(
        None, description="Month, quarter or year reports."
    )
    team: int | None = Field(None, ge=1, le=MAX_ID, description="The reports of this team.")


class AccountabilityReportIn(In):
    period: Choice(AccountabilityReportPeriodKind) = Field(
        description="A month, a quarter or a year."
    )
    date: PlanDate | None = Field(None, description="A day in the period; today if left out.")
    team: BodyId | None = Field(None, description="A team you manage: the team's report.")


class AccountabilityReportCommentIn(In):
    comment: Comment = ""


class AccountabilityReportReturnIn(In):
    comment: Said = Field(description="Why the report is returned.")


class AccountabilityReportRemarkIn(In):
    text: Said = Field(description="The manager's comment.")


class AccountabilityDeviationIn(In):
    cause: Choice(AccountabilityReportCause)
    comment: Comment = ""


class AccountabilityReportCommentOut(Schema):
    author: int | None
    kind: str
    text: str
    created_at: dt.datetime


class AccountabilityReportSummaryOut(Schema):
    id: int
    owner: int
    team: int | None
    period: str
    start: dt.date
    end: dt.date
    status: str
    submitted_at: dt.datetime | None
    closed_at: dt.datetime | None


class AccountabilityReportOut(AccountabilityReportSummaryOut):
    comment: str
    frozen: bool = Field(description="True once submitted: `content` is the snapshot.")
    content: dict[str, Any] = Field(description="The figures (amounts as decimal strings).")
    comments: list[AccountabilityReportCommentOut]


class AccountabilityReportPage(PageOut):
    results: list[AccountabilityReportSummaryOut]


class AccountabilityReviewSectionOut(Schema):
    key: str
    title: str
    headers: list[str]
    rows: list[list[str | int | None]]


class AccountYearReportOut(Schema):
    account: int
    year: int
    facts: list[list[str | int | None]]
    sections: list[AccountabilityReviewSectionOut]
    agreements: str


def _summary(report: AccountabilityReport) -> dict[str, Any]:
    period = content.report_period(report.period_kind, report.period_start)
    return {
        "id": report.pk,
        "owner": report.owner_id,
        "team": report.team_id,
        "period": report.period_kind,
        "start": period.start,
        "end": period.end,
        "status": report.status,
        "submitted_at": report.submitted_at,
        "closed_at": report.closed_at,
    }


def _detail(user: User, pk: int) -> dict[str, Any]:
    report = _report(user, pk)
    comments = [
        {"author": c.author_id, "kind": c.kind, "text": c.text, "created_at": c.created_at}
        for c in report.comments.all()
    ]
    return {
        **_summary(report),
        "comment": report.comment,
        "frozen": report.frozen,
        "content": content.content_of(report),
        "comments": comments,
    }


def _report(user: User, pk: int) -> AccountabilityReport:
    return queries.report_list(user).get(pk=pk)


@router.get(
    "/insights/reports",
    response={200: AccountabilityReportPage, **COMMON_RESPONSES},
    summary="List accountability reports",
)
def list_accountability_reports(
    request: ApiRequest, filters: Query[AccountabilityReportFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Your own reports, and those of the people whose reports you read; the latest first."""
    rows = queries.report_list(request.auth)
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.period is not None:
        rows = rows.filter(period_kind=filters.period)
    if filters.team is not None:
        rows = rows.filter(team=filters.team)
    return paginate(request, rows.order_by("-period_start", "-pk"), page, _summary)


@router.post(
    "/insights/reports",
    response={201: AccountabilityReportOut, **COMMON_RESPONSES},
    summary="Start an accountability report",
)
def create_accountability_report(
    request: ApiRequest, payload: AccountabilityReportIn
) -> tuple[int, dict[str, Any]]:
    """The draft of your report (or, with `team`, of a team you manage) for the period holding
    `date`; the one already started when there is one."""
    user: User = request.auth
    team = None
    if payload.team is not None:
        team = Team.objects.filter(pk=payload.team).first()
        if team is None:
            raise FieldErrors({"team": [_("There is no such team.")]}, code="not_found")
    report = services.report_create(
        actor=user,
        kind=payload.period.value,
        day=payload.date or timezone.localdate(),
        team=team,
    )
    return 201, _detail(user, report.pk)


@router.get(
    "/insights/reports/{report_id}",
    response={200: AccountabilityReportOut, **COMMON_RESPONSES},
    summary="Read an accountability report",
)
def get_accountability_report(request: ApiRequest, report_id: ReportId) -> dict[str, Any]:
    return _detail(request.auth, report_id)


@router.patch(
    "/insights/reports/{report_id}",
    response={200: AccountabilityReportOut, **COMMON_RESPONSES},
    summary="Write the owner's comment on a report",
)
def update_accountability_report(
    request: ApiRequest, report_id: ReportId, payload: AccountabilityReportCommentIn
) -> dict[str, Any]:
    """The owner's comment on the period, while the report is a draft or returned."""
    report = _report(request.auth, report_id)
    services.report_update(actor=request.auth, report=report, comment=payload.comment)
    return _detail(request.auth, report_id)


@router.put(
    "/insights/reports/{report_id}/deviations/{key}",
    response={200: AccountabilityReportOut, **COMMON_RESPONSES},
    summary="Give the cause of a deviation",
)
def explain_report_deviation(
    request: ApiRequest, report_id: ReportId, key: DeviationKey, payload: AccountabilityDeviationIn
) -> dict[str, Any]:
    """The owner's cause (and comment) of one material deviation of the report."""
    report = _report(request.auth, report_id)
    services.deviation_explain(
        actor=request.auth,
        report=report,
        key=key,
        cause=payload.cause.value,
        comment=payload.comment,
    )
    return _detail(request.auth, report_id)


@router.post(
    "/insights/reports/{report_id}/submit",
    response={200: AccountabilityReportOut, **COMMON_RESPONSES},
    summary="Submit an accountability report",
)
def submit_accountability_report(request: ApiRequest, report_id: ReportId) -> dict[str, Any]:
    """The owner submits the report; its figures are frozen into it."""
    services.report_submit(actor=request.auth, report=_report(request.auth, report_id))
    return _detail(request.auth, report_id)


@router.post(
    "/insights/reports/{report_id}/comments",
    response={200: AccountabilityReportOut, **COMMON_RESPONSES},
    summary="Comment on an accountability report",
)
def comment_accountability_report(
    request: ApiRequest, report_id: ReportId, payload: AccountabilityReportRemarkIn
) -> dict[str, Any]:
    """The manager of the owner's team comments on a submitted report."""
    report = _report(request.auth, report_id)
    services.report_comment(actor=request.auth, report=report, text=payload.text)
    return _detail(request.auth, report_id)


@router.post(
    "/insights/reports/{report_id}/close",
    response={200: AccountabilityReportOut, **COMMON_RESPONSES},
    summary="Close an accountability report",
)
def close_accountability_report(
    request: ApiRequest, report_id: ReportId, payload: AccountabilityReportCommentIn
) -> dict[str, Any]:
    """The manager of the owner's team closes a submitted report, with a remark if given."""
    report = _report(request.auth, report_id)
    services.report_close(actor=request.auth, report=report, comment=payload.comment)
    return _detail(request.auth, report_id)


@router.post(
    "/insights/reports/{report_id}/return",
    response={200: AccountabilityReportOut, **COMMON_RESPONSES},
    summary="Return an accountability report",
)
def return_accountability_report(
    request: ApiRequest, report_id: ReportId, payload: AccountabilityReportReturnIn
) -> dict[str, Any]:
    """The manager of the owner's team returns a submitted report, saying why."""
    report = _report(request.auth, report_id)
    services.report_return(actor=request.auth, report=report, comment=payload.comment)
    return _detail(request.auth, report_id)


class AccountabilityYearIn(Schema):
    year: int | None = Field(None, ge=2000, le=2199, description="This year if left out.")


def _plain(cell: Cell) -> str | int | None:
    if isinstance(cell.value, Decimal):
        return f"{cell.value:.2f}" if cell.unit == MONEY else str(cell.value)
    return cell.value if isinstance(cell.value, (int, type(None))) else str(cell.value)


def _section(section: Section) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "headers": section.headers,
        "rows": [[_plain(c) for c in row] for row in section.rows],
    }


@router.get(
    "/insights/accounts/{account_id}/year-report",
    response={200: AccountYearReportOut, **COMMON_RESPONSES},
    summary="Read an account's year report",
)
def get_account_year_report(
    request: ApiRequest, account_id: AccountId, params: Query[AccountabilityYearIn]
) -> dict[str, Any]:
    """The account's year for the review with the customer (a chain: total and per branch),
    with margin (internal), over what you may read."""
    account = access.accounts_readable(request.auth).select_related("owner").get(pk=account_id)
    year = params.year or timezone.localdate().year
    review = account_review.review_of(request.auth, account, year, internal=True)
    return {
        "account": account.pk,
        "year": year,
        "facts": [[label, _plain(cell)] for label, cell in review.facts],
        "sections": [_section(s) for s in review.sections],
        "agreements": review.agreements,
    }
