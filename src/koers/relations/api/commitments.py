"""Commitments both ways: list, read, make, change; done, cancel, and a new due date with the
reason (every move of a due date is kept with who and why)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.api.errors import COMMON_RESPONSES, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, NoBody, PlanDate, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations import queries, services
from koers.relations.api.commitment_schemas import (
    CommitmentConflictOut,
    CommitmentDoneIn,
    CommitmentIn,
    CommitmentOut,
    CommitmentPage,
    CommitmentPatch,
    DueDateIn,
    commitment_data,
)
from koers.relations.api.common import act, api_field_names, contacts_named, user_named
from koers.relations.api.common import writable_account as _writable_account
from koers.relations.filters import CommitmentFilterSet
from koers.relations.models import (
    Commitment,
    CommitmentDirection,
    CommitmentStatus,
    DueDateChange,
)

router = Router(tags=["commitments"])

CommitmentId = PathEx[int, P(ge=1, le=MAX_ID, description="The commitment's id.")]

ORDERINGS = {"due_date": "due_date", "created_at": "created", "updated_at": "updated"}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]


class CommitmentFilters(Schema):
    account: Id | None = Field(None, description="Commitments to or from this account.")
    owner: Id | None = Field(None, description="The user id of who keeps it on our side.")
    direction: CommitmentDirection | None = None
    status: CommitmentStatus | None = None
    overdue: bool = Field(False, description="Only open commitments past their due date.")
    date_from: PlanDate | None = Field(None, description="Due on or after this day.")
    date_to: PlanDate | None = Field(None, description="Due on or before this day.")
    ordering: Ordering = "due_date"


def _commitments(user: User, *, listed: bool = False) -> QuerySet[Commitment]:
    """`listed`: for the list, walked in order and counted (capped), where the scope is
    probed per row from hashed lists; one commitment is checked against its own account."""
    changes = DueDateChange.objects.select_related("changed_by")
    readable = queries.commitments_readable_for_page if listed else queries.commitments_readable
    return (
        readable(user)
        .select_related("account", "contact", "owner")
        .prefetch_related(Prefetch("due_date_changes", queryset=changes))
    )


def filter_commitments(user: User, filters: CommitmentFilters) -> QuerySet[Commitment]:
    values = {name: getattr(filters, name) for name in CommitmentFilterSet.Meta.fields[:-1]}
    values["overdue"] = filters.overdue or None
    data = {name: str(getattr(v, "value", v)) for name, v in values.items() if v is not None}
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = CommitmentFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(_commitments(user, listed=True))


def _detail(user: User, pk: int) -> dict[str, Any]:
    return commitment_data(_commitments(user).get(pk=pk))


def _people(user: User, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if out.get("owner_id") is not None:
        out["owner"] = user_named(user, out.pop("owner_id"), "owner_id")
    out.pop("owner_id", None)
    if "contact_id" in out:
        pk = out.pop("contact_id")
        out["contact"] = None if pk is None else contacts_named([pk], "contact_id")[0]
    return out


def _changeable(user: User, pk: int) -> Commitment:
    commitment = queries.commitments_readable(user).select_related("account").get(pk=pk)
    if not access.can_change_account(user, commitment.account):
        raise NotAllowed
    return commitment


@router.get(
    "/commitments",
    response={200: CommitmentPage, **COMMON_RESPONSES},
    summary="List commitments",
)
def list_commitments(
    request: ApiRequest, filters: Query[CommitmentFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The commitments of the accounts you may read, the first due first."""
    return paginate(request, filter_commitments(request.auth, filters), page, commitment_data)


@router.post(
    "/commitments", response={201: CommitmentOut, **COMMON_RESPONSES}, summary="Make a commitment"
)
def create_commitment(
    request: ApiRequest, payload: CommitmentIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = _writable_account(user, payload.account_id)
        data = _people(user, payload.model_dump(exclude={"account_id"}))
        with api_field_names():
            commitment = services.commitment_make(actor=user, account=account, **data)
        return 201, dump(CommitmentOut, _detail(user, commitment.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, **COMMON_RESPONSES},
    summary="Read a commitment",
)
def get_commitment(request: ApiRequest, commitment_id: CommitmentId) -> dict[str, Any]:
    return _detail(request.auth, commitment_id)


@router.patch(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, 409: CommitmentConflictOut, **COMMON_RESPONSES},
    summary="Change a commitment",
)
def update_commitment(
    request: ApiRequest, commitment_id: CommitmentId, payload: CommitmentPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent; a stale `version` is a 409 with the current commitment."""
    user: User = request.auth
    commitment = _changeable(user, commitment_id)

    def save(version: int, data: dict[str, Any]) -> None:
        services.commitment_update(
            actor=user, commitment=commitment, expected_version=version, data=_people(user, data)
        )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, commitment_id))


ACTION_RESPONSES: dict[int, Any] = {
    200: CommitmentOut,
    409: CommitmentConflictOut,
    **COMMON_RESPONSES,
}


def _action(
    request: ApiRequest, key: str | None, payload: Schema, run: Any, commitment_id: int
) -> HttpResponse:
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        read = lambda: _detail(user, commitment_id)  # noqa: E731
        return act(run, read=read, out=CommitmentOut, conflict=CommitmentConflictOut)

    return run_once(request, key=key, payload=payload, create=create)


@router.post(
    "/commitments/{commitment_id}/done",
    response=ACTION_RESPONSES,
    summary="Mark a commitment done",
)
def complete_commitment(
    request: ApiRequest,
    commitment_id: CommitmentId,
    payload: CommitmentDoneIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Done on `done_date` (today by default, never later), with a note of how; it counts as on
    time when done on or before its due date."""
    user: User = request.auth
    commitment = _changeable(user, commitment_id)

    def run() -> object:
        return services.commitment_done(
            actor=user, commitment=commitment, done_date=payload.done_date, note=payload.note
        )

    return _action(request, idempotency_key, payload, run, commitment_id)


@router.post(
    "/commitments/{commitment_id}/cancel",
    response=ACTION_RESPONSES,
    summary="Cancel a commitment",
)
def cancel_commitment(
    request: ApiRequest, commitment_id: CommitmentId, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """An open commitment is cancelled; a done one is a 409."""
    user: User = request.auth
    commitment = _changeable(user, commitment_id)

    def run() -> object:
        return services.commitment_cancel(actor=user, commitment=commitment)

    return _action(request, idempotency_key, NoBody(), run, commitment_id)


@router.post(
    "/commitments/{commitment_id}/due-date",
    response=ACTION_RESPONSES,
    summary="Give a commitment a new due date, with the reason",
)
def move_due_date(
    request: ApiRequest,
    commitment_id: CommitmentId,
    payload: DueDateIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Kept with who and why (`due_date_changes`), so that "on time" can be measured against
    the first promise too. Only an open commitment moves (else a 409)."""
    user: User = request.auth
    commitment = _changeable(user, commitment_id)

    def run() -> object:
        return services.commitment_move_due_date(
            actor=user,
            commitment=commitment,
            due_date=payload.due_date,
            reason=payload.reason,
            expected_version=payload.version,
        )

    return _action(request, idempotency_key, payload, run, commitment_id)
