"""Visit reports: the feed (a manager reads the team's), read, write and change one.

A report belongs to its activity and is read by whoever may read the activity's account; a
manager reads every account of the team, and so every report written on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.accounts.models import Tier
from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PlanDate, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations import queries, services
from koers.relations.api.report_schemas import (
    TEXTS,
    ReportConflictOut,
    ReportIn,
    ReportOut,
    ReportPage,
    ReportPatch,
    report_data,
)
from koers.relations.filters import ReportFilterSet
from koers.relations.models import ActivityKind, ReportComment, VisitReport

router = Router(tags=["visit reports"])

ReportId = PathEx[int, P(ge=1, le=MAX_ID, description="The report's id.")]

ORDERINGS = {"created_at": "created", "updated_at": "updated"}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]


class ReportFilters(Schema):
    account: Id | None = Field(None, description="Reports of visits to this account.")
    owner: Id | None = Field(None, description="The user id of the visit's owner.")
    author: Id | None = Field(None, description="The user id of the report's author.")
    kind: ActivityKind | None = Field(None, description="The kind of the visit or meeting.")
    tier: Tier | None = Field(None, description="The tier of the visit's account.")
    date_from: PlanDate | None = Field(None, description="Written on or after this day.")
    date_to: PlanDate | None = Field(None, description="Written on or before this day.")
    ordering: Ordering = "-created_at"


def _reports(user: User) -> QuerySet[VisitReport]:
    comments = ReportComment.objects.select_related("author")
    return (
        queries.reports_readable(user)
        .select_related("activity__account", "author")
        .prefetch_related(Prefetch("comments", queryset=comments))
    )


def filter_reports(user: User, filters: ReportFilters) -> QuerySet[VisitReport]:
    values = {name: getattr(filters, name) for name in ReportFilterSet.Meta.fields[:-1]}
    data = {name: str(getattr(v, "value", v)) for name, v in values.items() if v is not None}
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = ReportFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(_reports(user))


def _detail(user: User, pk: int) -> dict[str, Any]:
    return report_data(_reports(user).get(pk=pk))


@router.get(
    "/visit-reports",
    response={200: ReportPage, **COMMON_RESPONSES},
    summary="List visit reports",
)
def list_reports(
    request: ApiRequest, filters: Query[ReportFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The reports of visits to accounts you may read, newest first: a manager's feed of the
    team's reports."""
    return paginate(request, filter_reports(request.auth, filters), page, report_data)


@router.post(
    "/visit-reports",
    response={201: ReportOut, 409: ReportConflictOut, **COMMON_RESPONSES},
    summary="Write the report of a visit",
)
def create_report(
    request: ApiRequest, payload: ReportIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """A planned visit is completed by its report. A visit that has a report already is a 409
    with that report: change it with PATCH."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        activity = (
            queries.activities_readable(user)
            .select_related("account", "owner")
            .filter(pk=payload.activity_id)
            .first()
        )
        if activity is None:
            raise FieldErrors(
                {"activity_id": [_("There is no activity with this id.")]}, code="not_found"
            )
        existing = VisitReport.objects.filter(activity=activity).values_list("pk", flat=True)
        if existing:
            if not access.can_change_account(user, activity.account):
                raise NotAllowed
            current = _detail(user, existing[0])
            detail = _("This visit already has a report: change it with PATCH.")
            body = {"detail": detail, "current_version": current["version"], "current": current}
            return 409, dump(ReportConflictOut, {**body, "changes": []})
        data = payload.model_dump(exclude={"activity_id"})
        report = services.report_write(actor=user, activity=activity, data=data)
        return 201, dump(ReportOut, _detail(user, report.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/visit-reports/{report_id}",
    response={200: ReportOut, **COMMON_RESPONSES},
    summary="Read a visit report",
)
def get_report(request: ApiRequest, report_id: ReportId) -> dict[str, Any]:
    return _detail(request.auth, report_id)


@router.patch(
    "/visit-reports/{report_id}",
    response={200: ReportOut, 409: ReportConflictOut, **COMMON_RESPONSES},
    summary="Change a visit report",
)
def update_report(
    request: ApiRequest, report_id: ReportId, payload: ReportPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent; a stale `version` is a 409 with the current report."""
    user: User = request.auth
    report = queries.reports_readable(user).select_related("activity__account").get(pk=report_id)
    if not access.can_change_account(user, report.activity.account):
        raise NotAllowed

    def save(version: int, data: dict[str, Any]) -> None:
        # The service checks the report as a whole (a next step's date needs the next step):
        # the stored values, with the changes sent.
        stored = {name: getattr(report, name) for name in (*TEXTS, "next_step_date")}
        services.report_write(
            actor=user,
            activity=report.activity,
            data={**stored, **data},
            expected_version=version,
        )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, report_id))
