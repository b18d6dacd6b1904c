"""Improvement proposals: list, read, submit; change or withdraw (the proposer, until decided);
accept, reject or park (the proposer's manager, or an administrator), with the same rules as the
pages (the services decide)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.accounts.models import Account
from koers.api.errors import COMMON_RESPONSES, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, dump
from koers.api.versioning import patch_versioned
from koers.complaints.models import Complaint
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.proposals import queries, services
from koers.proposals.api.schemas import (
    ProposalConflictOut,
    ProposalDecisionIn,
    ProposalIn,
    ProposalOut,
    ProposalPage,
    ProposalPatch,
    WithdrawIn,
    proposal_data,
)
from koers.proposals.filters import ALL, MINE, TEAM, ProposalFilterSet
from koers.proposals.models import Proposal, ProposalKind, ProposalStatus
from koers.relations.api.common import act, api_field_names

router = Router(tags=["proposals"])

ProposalId = PathEx[int, P(ge=1, le=MAX_ID, description="The proposal's id.")]
API_NAMES = {"complaints": "complaint_ids", "accounts": "account_ids"}
ORDERINGS = {"waiting": "waiting", "submitted_at": "submitted", "-submitted_at": "-submitted"}

if TYPE_CHECKING:  # Literals for pydantic; to mypy, a str
    Ordering = str
    Show = str
else:
    Ordering = Literal[tuple(ORDERINGS)]
    Show = Literal[MINE, TEAM, ALL]


class ProposalFilters(Schema):
    show: Show | None = Field(
        None,
        description="`mine`, `team` (those you decide on) or `all` you may read; by default "
        "`team` for a manager or administrator, else `mine`.",
    )
    status: ProposalStatus | None = None
    kind: ProposalKind | None = None
    ordering: Ordering = Field(
        "waiting", description="`waiting`: awaiting a decision first, then parked, newest first."
    )


def _proposals(user: User) -> QuerySet[Proposal]:
    return (
        queries.proposals_readable(user)
        .select_related("proposer")
        .prefetch_related(
            Prefetch("complaints", queryset=Complaint.objects.only("pk")),
            Prefetch("accounts", queryset=Account.objects.only("pk")),
            "decisions",
        )
    )


def filter_proposals(user: User, filters: ProposalFilters) -> QuerySet[Proposal]:
    data = {n: str(getattr(filters, n)) for n in ("show", "status", "kind") if getattr(filters, n)}
    data = {k: getattr(v, "value", v) for k, v in data.items()}
    data["sort"] = ORDERINGS[filters.ordering]
    filterset = ProposalFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(_proposals(user))


def _detail(user: User, pk: int) -> dict[str, Any]:
    return proposal_data(_proposals(user).get(pk=pk))


@router.get(
    "/proposals", response={200: ProposalPage, **COMMON_RESPONSES}, summary="List proposals"
)
def list_proposals(
    request: ApiRequest, filters: Query[ProposalFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """Your proposals and those you decide on (a manager: the team's), waiting ones first."""
    return paginate(request, filter_proposals(request.auth, filters), page, proposal_data)


@router.post(
    "/proposals", response={201: ProposalOut, **COMMON_RESPONSES}, summary="Submit a proposal"
)
def create_proposal(
    request: ApiRequest, payload: ProposalIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Sent to your team's manager, who is notified. Linked complaints and accounts must be
    readable to you (else a 422 naming `complaint_ids` or `account_ids`)."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        data = payload.model_dump()
        complaint_ids, account_ids = data.pop("complaint_ids"), data.pop("account_ids")
        with api_field_names(API_NAMES):
            proposal = services.proposal_submit(
                actor=user,
                complaints=[Complaint(pk=pk) for pk in complaint_ids],
                accounts=[Account(pk=pk) for pk in account_ids],
                **data,
            )
        return 201, dump(ProposalOut, _detail(user, proposal.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, **COMMON_RESPONSES},
    summary="Read a proposal",
)
def get_proposal(request: ApiRequest, proposal_id: ProposalId) -> dict[str, Any]:
    return _detail(request.auth, proposal_id)


ACTION_RESPONSES: dict[int, Any] = {
    200: ProposalOut,
    409: ProposalConflictOut,
    **COMMON_RESPONSES,
}


def _decide(
    request: ApiRequest, proposal_id: int, payload: ProposalDecisionIn, key: str | None, call: Any
) -> HttpResponse:
    user: User = request.auth
    proposal = queries.proposals_readable(user).select_related("proposer").get(pk=proposal_id)

    def run() -> object:
        return call(actor=user, proposal=proposal, comment=payload.comment)

    def create() -> tuple[int, dict[str, Any]]:
        read = lambda: _detail(user, proposal_id)  # noqa: E731
        return act(run, read=read, out=ProposalOut, conflict=ProposalConflictOut)

    return run_once(request, key=key, payload=payload, create=create)


@router.post(
    "/proposals/{proposal_id}/accept", response=ACTION_RESPONSES, summary="Accept a proposal"
)
def accept_proposal(
    request: ApiRequest,
    proposal_id: ProposalId,
    payload: ProposalDecisionIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Only the manager of a team the proposer is in, or an administrator (403 for anyone
    else, the proposer too); one already decided is a 409 with the proposal as it is. The
    comment is the answer the proposer reads; they are notified."""
    return _decide(request, proposal_id, payload, idempotency_key, services.proposal_accept)


@router.post(
    "/proposals/{proposal_id}/reject", response=ACTION_RESPONSES, summary="Reject a proposal"
)
def reject_proposal(
    request: ApiRequest,
    proposal_id: ProposalId,
    payload: ProposalDecisionIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Only the manager of a team the proposer is in, or an administrator (403 for anyone
    else, the proposer too); one already decided is a 409 with the proposal as it is. The
    comment is the answer the proposer reads; they are notified."""
    return _decide(request, proposal_id, payload, idempotency_key, services.proposal_reject)


@router.post("/proposals/{proposal_id}/park", response=ACTION_RESPONSES, summary="Park a proposal")
def park_proposal(
    request: ApiRequest,
    proposal_id: ProposalId,
    payload: ProposalDecisionIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Not now: a parked proposal may later be accepted or rejected (a parked one cannot be
    parked again: 409)."""
    return _decide(request, proposal_id, payload, idempotency_key, services.proposal_park)


@router.patch(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, 409: ProposalConflictOut, **COMMON_RESPONSES},
    summary="Change a proposal",
)
def update_proposal(
    request: ApiRequest, proposal_id: ProposalId, payload: ProposalPatch
) -> Status[dict[str, Any]]:
    """The proposer, while the manager has not decided (403 for anyone else; a decided or
    withdrawn one is a 422 naming `status`); a stale `version` is a 409 with the proposal as it
    is and what changed."""
    user: User = request.auth
    proposal = queries.proposals_readable(user).get(pk=proposal_id)

    def save(version: int, data: dict[str, Any]) -> None:
        if "complaint_ids" in data:
            data["complaints"] = [Complaint(pk=pk) for pk in data.pop("complaint_ids")]
        if "account_ids" in data:
            data["accounts"] = [Account(pk=pk) for pk in data.pop("account_ids")]
        with api_field_names(API_NAMES):
            services.proposal_update(
                actor=user, proposal=proposal, expected_version=version, data=data
            )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, proposal_id))


@router.post(
    "/proposals/{proposal_id}/withdraw",
    response=ACTION_RESPONSES,
    summary="Withdraw a proposal",
)
def withdraw_proposal(
    request: ApiRequest,
    proposal_id: ProposalId,
    payload: WithdrawIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """The proposer takes it back while the manager has not decided (403 for anyone else; one
    already decided or withdrawn is a 409 with the proposal as it is). The manager is told."""
    user: User = request.auth
    proposal = queries.proposals_readable(user).get(pk=proposal_id)

    def run() -> object:
        return services.proposal_withdraw(actor=user, proposal=proposal, reason=payload.reason)

    def create() -> tuple[int, dict[str, Any]]:
        read = lambda: _detail(user, proposal_id)  # noqa: E731
        return act(run, read=read, out=ProposalOut, conflict=ProposalConflictOut)

    return run_once(request, key=idempotency_key, payload=payload, create=create)
