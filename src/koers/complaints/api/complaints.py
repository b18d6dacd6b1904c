"""Complaints: list (the filters of the list page), read, register, change or hand over, and
every move of the lifecycle as an action; their tasks and comment thread.

The same access and rules as the pages: readable with the account (and by the colleagues given
a task), handled by `queries.may_handle` (403 for anyone else who may read it); every action
calls the lifecycle's service, so a move its status does not allow is a 409 with the reason and
the complaint as it is, and a missing text the move needs is a 422 naming the field.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.accounts.models import Account
from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PlanDate, dump
from koers.api.versioning import patch_versioned
from koers.complaints import queries, services
from koers.complaints.api.schemas import (
    CommentIn,
    ComplaintCommentOut,
    ComplaintConflictOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    ComplaintPatch,
    FollowUpIn,
    HandOverIn,
    NoteIn,
    ReasonIn,
    SolveIn,
    TaskIn,
    TaskOut,
    VerifyIn,
    comment_data,
    complaint_data,
    task_data,
)
from koers.complaints.filters import ComplaintFilterSet
from koers.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    Severity,
)
from koers.core import access
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import act, contacts_named, user_named, writable_account
from koers.sales.models import Product, ProductGroup

router = Router(tags=["complaints"])

ComplaintId = PathEx[int, P(ge=1, le=MAX_ID, description="The complaint's id.")]
TaskId = PathEx[int, P(ge=1, le=MAX_ID, description="The task's id.")]

ORDERINGS = {"received_at": "received", "promised_on": "promised", "updated_at": "updated"}
if TYPE_CHECKING:  # Literals built at run time for pydantic; to mypy, a str
    Ordering = str
    StatusFilter = str
else:
    Ordering = Literal[("urgency", *ORDERINGS, *(f"-{key}" for key in ORDERINGS))]
    StatusFilter = Literal[("open", *(s.value for s in ComplaintStatus))]


class ComplaintFilters(Schema):
    account: Id | None = Field(None, description="Complaints of this account.")
    owner: Id | None = Field(None, description="Handled by this user.")
    team: Id | None = Field(None, description="Handled by a member of this team.")
    category: Id | None = None
    product: Id | None = Field(None, description="About this catalogue product.")
    product_group: Id | None = Field(
        None,
        description="About this product group: named on the complaint or through its product, "
        "a main group with its subgroups (as the structural overview counts them).",
    )
    status: StatusFilter | None = Field(
        None, description="`open`: received or in progress; or one status."
    )
    severity: Severity | None = None
    product_name: str | None = Field(
        None,
        max_length=120,
        description="About this product not in the catalogue (the text, ignoring case), as "
        "the structural overview groups them.",
    )
    overdue: bool | None = Field(None, description="Only open ones past the promised date.")
    received_from: PlanDate | None = Field(None, description="Received on or after this day.")
    received_to: PlanDate | None = Field(None, description="Received on or before this day.")
    ordering: Ordering = Field(
        "urgency",
        description="`urgency` (as the list page): open first, of those the ones past the "
        "promised date, then by promised date, then the newest.",
    )


def _complaints(user: User) -> QuerySet[Complaint]:
    return queries.complaints_readable(user).select_related(
        "account", "account__owner", "contact", "category", "owner", "product", "product_group"
    )


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else ""
    if isinstance(v, date):
        return v.isoformat()
    return str(getattr(v, "value", v))


def filter_complaints(user: User, filters: ComplaintFilters) -> QuerySet[Complaint]:
    names = [n for n in ComplaintFilterSet.Meta.fields if n != "sort"]
    data = {n: _value(getattr(filters, n)) for n in names if getattr(filters, n) is not None}
    key = filters.ordering.lstrip("-")
    sort = ORDERINGS.get(key, "urgency")
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = ComplaintFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(_complaints(user))


def _serialize(today: date) -> Any:
    return lambda complaint: complaint_data(complaint, today)


def _detail(user: User, pk: int) -> dict[str, Any]:
    return complaint_data(_complaints(user).get(pk=pk), timezone.localdate())


def _category(pk: int) -> ComplaintCategory:
    category = ComplaintCategory.objects.filter(pk=pk).first()
    if category is None:
        message = _("There is no complaint category with this id.")
        raise FieldErrors({"category_id": [message]}, code="not_found")
    return category


def _branch(user: User, pk: int | None) -> Account | None:
    if pk is None:
        return None
    branch = access.accounts_readable(user).filter(pk=pk).first()
    if branch is None:
        raise FieldErrors({"branch_id": [_("There is no account with this id.")]}, code="not_found")
    return branch


def _product(pk: int | None) -> Product | None:
    if pk is None:
        return None
    product = Product.objects.filter(pk=pk).first()
    if product is None:
        message = _("There is no product with this id.")
        raise FieldErrors({"product_id": [message]}, code="not_found")
    return product


def _product_group(pk: int | None) -> ProductGroup | None:
    if pk is None:
        return None
    group = ProductGroup.objects.filter(pk=pk).first()
    if group is None:
        message = _("There is no product group with this id.")
        raise FieldErrors({"product_group_id": [message]}, code="not_found")
    return group


def _service_data(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """The body's ids as the objects the services take (an unknown id is a 422 `not_found`)."""
    out = {k: v for k, v in data.items() if not k.endswith("_id")}
    if "category_id" in data:
        out["category"] = _category(data["category_id"])
    if data.get("owner_id") is not None:
        out["owner"] = user_named(user, data["owner_id"], "owner_id")
    if "branch_id" in data:
        out["branch"] = _branch(user, data["branch_id"])
    if "contact_id" in data:
        pk = data["contact_id"]
        out["contact"] = contacts_named([pk], "contact_id")[0] if pk is not None else None
    if "product_id" in data:
        out["product"] = _product(data["product_id"])
    if "product_group_id" in data:
        out["product_group"] = _product_group(data["product_group_id"])
    return out


@router.get(
    "/complaints", response={200: ComplaintPage, **COMMON_RESPONSES}, summary="List complaints"
)
def list_complaints(
    request: ApiRequest, filters: Query[ComplaintFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The complaints you may read: of the accounts you may read, and those you were given a
    task on. By default the most urgent first, as on the list page."""
    found = filter_complaints(request.auth, filters)
    return paginate(request, found, page, _serialize(timezone.localdate()))


@router.post(
    "/complaints", response={201: ComplaintOut, **COMMON_RESPONSES}, summary="Register a complaint"
)
def create_complaint(
    request: ApiRequest, payload: ComplaintIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """For an account you may change; the account's owner handles it unless `owner_id` names
    a colleague on the account team."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = writable_account(user, payload.account_id)
        data = _service_data(user, payload.model_dump(exclude={"account_id"}))
        complaint = services.complaint_register(actor=user, account=account, **data)
        return 201, dump(ComplaintOut, _detail(user, complaint.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/complaints/{complaint_id}",
    response={200: ComplaintOut, **COMMON_RESPONSES},
    summary="Read a complaint",
)
def get_complaint(request: ApiRequest, complaint_id: ComplaintId) -> dict[str, Any]:
    return _detail(request.auth, complaint_id)


@router.patch(
    "/complaints/{complaint_id}",
    response={200: ComplaintOut, 409: ComplaintConflictOut, **COMMON_RESPONSES},
    summary="Change a complaint",
)
def update_complaint(
    request: ApiRequest, complaint_id: ComplaintId, payload: ComplaintPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent (403 if you may not handle it); a stale `version` is a
    409 with the current complaint."""
    user: User = request.auth
    complaint = _complaints(user).get(pk=complaint_id)

    def save(version: int, data: dict[str, Any]) -> None:
        services.complaint_update(
            actor=user,
            complaint=complaint,
            expected_version=version,
            data=_service_data(user, data),
        )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, complaint_id))


ACTION_RESPONSES: dict[int, Any] = {
    200: ComplaintOut,
    409: ComplaintConflictOut,
    **COMMON_RESPONSES,
}


def _action(
    request: ApiRequest, complaint_id: int, key: str | None, payload: Schema, run: Any
) -> HttpResponse:
    """One move: the complaint is read (404 if you may not read it), the service decides who
    may (403) and whether its status allows it (409 with the reason and the complaint)."""
    user: User = request.auth
    complaint = queries.complaint_for_detail(user, complaint_id)

    def create() -> tuple[int, dict[str, Any]]:
        read = lambda: _detail(user, complaint_id)  # noqa: E731
        return act(
            lambda: run(user, complaint), read=read, out=ComplaintOut, conflict=ComplaintConflictOut
        )

    return run_once(request, key=key, payload=payload, create=create)


@router.post("/complaints/{complaint_id}/start", response=ACTION_RESPONSES, summary="Take in hand")
def start_complaint(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: NoteIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A received complaint is taken in hand (`in_progress`): the first response."""

    def run(user: User, complaint: Complaint) -> object:
        return services.complaint_start(actor=user, complaint=complaint, note=payload.note)

    return _action(request, complaint_id, idempotency_key, payload, run)


@router.post(
    "/complaints/{complaint_id}/solve", response=ACTION_RESPONSES, summary="Solve a complaint"
)
def solve_complaint(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: SolveIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """An open complaint is `solved` with the solution; a follow-up check ("ask whether the
    customer is satisfied") is planned for the owner."""

    def run(user: User, complaint: Complaint) -> object:
        return services.complaint_solve(actor=user, complaint=complaint, solution=payload.solution)

    return _action(request, complaint_id, idempotency_key, payload, run)


@router.post(
    "/complaints/{complaint_id}/verify", response=ACTION_RESPONSES, summary="Verify a complaint"
)
def verify_complaint(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: VerifyIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """The customer confirmed a solved complaint: `verified`, closed."""

    def run(user: User, complaint: Complaint) -> object:
        return services.complaint_verify(actor=user, complaint=complaint, answer=payload.answer)

    return _action(request, complaint_id, idempotency_key, payload, run)


@router.post(
    "/complaints/{complaint_id}/reject", response=ACTION_RESPONSES, summary="Reject a complaint"
)
def reject_complaint(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: ReasonIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """An open complaint is `rejected`, with the reason."""

    def run(user: User, complaint: Complaint) -> object:
        return services.complaint_reject(actor=user, complaint=complaint, reason=payload.reason)

    return _action(request, complaint_id, idempotency_key, payload, run)


@router.post(
    "/complaints/{complaint_id}/reopen", response=ACTION_RESPONSES, summary="Reopen a complaint"
)
def reopen_complaint(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: ReasonIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A solved or rejected complaint is in progress again, with the reason (`times_reopened`
    counts it); a verified one cannot be reopened (register a new one)."""

    def run(user: User, complaint: Complaint) -> object:
        return services.complaint_reopen(actor=user, complaint=complaint, reason=payload.reason)

    return _action(request, complaint_id, idempotency_key, payload, run)


@router.post(
    "/complaints/{complaint_id}/follow-up",
    response=ACTION_RESPONSES,
    summary="Answer the follow-up check",
)
def answer_follow_up(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: FollowUpIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """The customer's answer to the follow-up of a solved complaint: satisfied verifies it,
    not satisfied (with `comment`, else a 422) reopens it; the follow-up activity is done."""

    def run(user: User, complaint: Complaint) -> object:
        return services.complaint_follow_up_answer(
            actor=user, complaint=complaint, satisfied=payload.satisfied, comment=payload.comment
        )

    return _action(request, complaint_id, idempotency_key, payload, run)


@router.post(
    "/complaints/{complaint_id}/hand-over",
    response=ACTION_RESPONSES,
    summary="Hand a complaint over",
)
def hand_over_complaint(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: HandOverIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Another colleague on the account team handles it from now on (on the timeline)."""

    def run(user: User, complaint: Complaint) -> object:
        owner = user_named(user, payload.owner_id, "owner_id")
        return services.complaint_update(
            actor=user,
            complaint=complaint,
            expected_version=complaint.version,
            data={"owner": owner},
        )

    return _action(request, complaint_id, idempotency_key, payload, run)


@router.get(
    "/complaints/{complaint_id}/tasks",
    response={200: list[TaskOut], **COMMON_RESPONSES},
    summary="List a complaint's tasks",
)
def list_tasks(request: ApiRequest, complaint_id: ComplaintId) -> list[dict[str, Any]]:
    """What colleagues were asked to do for it, the oldest first."""
    complaint = queries.complaint_for_detail(request.auth, complaint_id)
    return [task_data(t) for t in complaint.tasks.select_related("assignee")]


@router.post(
    "/complaints/{complaint_id}/tasks",
    response={201: TaskOut, **COMMON_RESPONSES},
    summary="Give a colleague a task",
)
def create_task(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: TaskIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """The colleague becomes involved (may read and handle the complaint) and is notified."""
    user: User = request.auth
    complaint = queries.complaint_for_detail(user, complaint_id)

    def create() -> tuple[int, dict[str, Any]]:
        assignee = user_named(user, payload.assignee_id, "assignee_id")
        task = services.complaint_task_assign(
            actor=user,
            complaint=complaint,
            assignee=assignee,
            description=payload.description,
            due_on=payload.due_on,
        )
        return 201, dump(TaskOut, task_data(task))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.post(
    "/complaints/{complaint_id}/tasks/{task_id}/done",
    response={200: TaskOut, **COMMON_RESPONSES},
    summary="Mark a task done",
)
def finish_task(request: ApiRequest, complaint_id: ComplaintId, task_id: TaskId) -> dict[str, Any]:
    """Done (again is harmless: the first time is kept); the one who asked is notified."""
    user: User = request.auth
    complaint = queries.complaint_for_detail(user, complaint_id)
    task = complaint.tasks.select_related("assignee", "created_by").get(pk=task_id)
    task.complaint = complaint
    return task_data(services.complaint_task_done(actor=user, task=task))


@router.get(
    "/complaints/{complaint_id}/comments",
    response={200: list[ComplaintCommentOut], **COMMON_RESPONSES},
    summary="Read a complaint's comments",
)
def list_comments(request: ApiRequest, complaint_id: ComplaintId) -> list[dict[str, Any]]:
    """The comment thread, the oldest first."""
    complaint = queries.complaint_for_detail(request.auth, complaint_id)
    comments = complaint.comments.select_related("author").prefetch_related("mentioned")
    return [comment_data(c) for c in comments]


@router.post(
    "/complaints/{complaint_id}/comments",
    response={201: ComplaintCommentOut, **COMMON_RESPONSES},
    summary="Comment on a complaint",
)
def create_comment(
    request: ApiRequest,
    complaint_id: ComplaintId,
    payload: CommentIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Whoever may read the complaint (not marketing) may write; the colleagues @mentioned and
    everyone involved are notified."""
    user: User = request.auth
    complaint = queries.complaint_for_detail(user, complaint_id)

    def create() -> tuple[int, dict[str, Any]]:
        comment = services.complaint_comment(actor=user, complaint=complaint, text=payload.text)
        return 201, dump(ComplaintCommentOut, comment_data(comment))

    return run_once(request, key=idempotency_key, payload=payload, create=create)
