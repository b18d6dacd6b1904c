"""Activities: list, read, plan, change, and complete, cancel or reschedule them.

Reads go through `relations.queries` (the account's scope); writes through the services, as the
pages do. An activity of an account the user may not read is a 404 for every method.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.api.errors import COMMON_RESPONSES, FieldErrors, api_field_name, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PlanDate, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations import links, queries, services
from koers.relations.api.activity_schemas import (
    ActivityCancelIn,
    ActivityCompleteIn,
    ActivityConflictOut,
    ActivityIn,
    ActivityOut,
    ActivityPage,
    ActivityPatch,
    ActivityRescheduleIn,
    activity_data,
)
from koers.relations.api.common import (
    API_NAMES,
    act,
    api_field_names,
    contacts_named,
    user_named,
    users_named,
    writable_account,
)
from koers.relations.filters import ActivityFilterSet
from koers.relations.models import Activity, ActivityKind, ActivityStatus

router = Router(tags=["activities"])


def _link_names() -> dict[str, str]:
    """A link's refusal by the service names the link (`opportunity`, which the API's errors
    would call `opportunity_id`, a foreign key elsewhere); the body names it under `links`."""
    names = {**API_NAMES, "follow_up_of": "follow_up_of_id"}
    for link in links.registered():
        names[link.name] = names[api_field_name(link.name)] = f"links.{link.name}"
    return names


ActivityId = PathEx[int, P(ge=1, le=MAX_ID, description="The activity's id.")]

# The API's name for each sort of the list (ActivityFilterSet.sorts).
ORDERINGS = {"planned_start": "planned_start", "created_at": "created", "updated_at": "updated"}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]


class ActivityFilters(Schema):
    account: Id | None = Field(None, description="Activities with this account (or branch).")
    owner: Id | None = Field(None, description="The owner's user id.")
    kind: ActivityKind | None = None
    status: ActivityStatus | None = None
    date_from: PlanDate | None = Field(None, description="Planned on or after this day.")
    date_to: PlanDate | None = Field(None, description="Planned on or before this day.")
    ordering: Ordering = "-planned_start"


def _activities(user: User) -> QuerySet[Activity]:
    return links.annotated(
        queries.activities_readable(user)
        .select_related("account", "owner", "report")
        .prefetch_related("contacts", "colleagues")
    )


def filter_activities(user: User, filters: ActivityFilters) -> QuerySet[Activity]:
    """The activity list's FilterSet bound to the API's parameters; an account or owner that
    names nothing readable is a 422 naming it."""
    values = {name: getattr(filters, name) for name in ActivityFilterSet.Meta.fields[:-1]}
    data = {name: str(getattr(v, "value", v)) for name, v in values.items() if v is not None}
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = ActivityFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(_activities(user))


def _detail(user: User, pk: int) -> dict[str, Any]:
    return activity_data(_activities(user).get(pk=pk))


def _people(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """owner_id, contact_ids and colleague_ids of a body as the service's objects."""
    out = dict(data)
    if out.get("owner_id") is not None:
        out["owner"] = user_named(user, out.pop("owner_id"), "owner_id")
    out.pop("owner_id", None)
    if "contact_ids" in out:
        out["contacts"] = contacts_named(out.pop("contact_ids"), "contact_ids")
    if "colleague_ids" in out:
        out["colleagues"] = users_named(user, out.pop("colleague_ids"), "colleague_ids")
    return out


def _followed_up(user: User, pk: int) -> Activity:
    """The activity named as `follow_up_of_id`: unknown and unreadable are the same 422."""
    found = queries.activities_readable(user).filter(pk=pk).first()
    if found is None:
        raise FieldErrors(
            {"follow_up_of_id": [_("There is no activity with this id.")]}, code="not_found"
        )
    return found


def _changeable(user: User, pk: int) -> Activity:
    """404 when unreadable, 403 when read-only: before the body's ids are looked up."""
    activity = queries.activities_readable(user).select_related("account").get(pk=pk)
    if not access.can_change_account(user, activity.account):
        raise NotAllowed
    return activity


@router.get(
    "/activities", response={200: ActivityPage, **COMMON_RESPONSES}, summary="List activities"
)
def list_activities(
    request: ApiRequest, filters: Query[ActivityFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The activities of the accounts you may read, newest planned start first."""
    return paginate(request, filter_activities(request.auth, filters), page, activity_data)


@router.post(
    "/activities", response={201: ActivityOut, **COMMON_RESPONSES}, summary="Plan an activity"
)
def create_activity(
    request: ApiRequest, payload: ActivityIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """A planned activity with an account you may change; complete it to log one that is done."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = writable_account(user, payload.account_id)
        data = _people(user, payload.model_dump(exclude={"account_id", "follow_up_of_id"}))
        if payload.follow_up_of_id is not None:
            data["follow_up_of"] = _followed_up(user, payload.follow_up_of_id)
        with api_field_names(_link_names()):
            activity = services.activity_plan(actor=user, account=account, **data)
        return 201, dump(ActivityOut, _detail(user, activity.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/activities/{activity_id}",
    response={200: ActivityOut, **COMMON_RESPONSES},
    summary="Read an activity",
)
def get_activity(request: ApiRequest, activity_id: ActivityId) -> dict[str, Any]:
    return _detail(request.auth, activity_id)


@router.patch(
    "/activities/{activity_id}",
    response={200: ActivityOut, 409: ActivityConflictOut, **COMMON_RESPONSES},
    summary="Change an activity",
)
def update_activity(
    request: ApiRequest, activity_id: ActivityId, payload: ActivityPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent. `version` must be the one you read; if someone saved in
    between, nothing is changed and the answer is a 409 with the current activity."""
    user: User = request.auth
    activity = _changeable(user, activity_id)

    def save(version: int, data: dict[str, Any]) -> None:
        people = _people(user, data)
        contacts, colleagues = people.pop("contacts", None), people.pop("colleagues", None)
        with api_field_names():
            services.activity_update(
                actor=user,
                activity=activity,
                expected_version=version,
                data=people,
                contacts=contacts,
                colleagues=colleagues,
            )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, activity_id))


ACTION_RESPONSES: dict[int, Any] = {200: ActivityOut, 409: ActivityConflictOut, **COMMON_RESPONSES}


@router.post(
    "/activities/{activity_id}/complete",
    response=ACTION_RESPONSES,
    summary="Complete an activity (it took place)",
)
def complete_activity(
    request: ApiRequest,
    activity_id: ActivityId,
    payload: ActivityCompleteIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A planned activity becomes done, with its outcome; a done or cancelled one is a 409."""
    user: User = request.auth
    activity = _changeable(user, activity_id)

    def run() -> object:
        return services.activity_complete(actor=user, activity=activity, **payload.model_dump())

    return answer_action(request, idempotency_key, payload, run, activity_id)


@router.post(
    "/activities/{activity_id}/cancel", response=ACTION_RESPONSES, summary="Cancel an activity"
)
def cancel_activity(
    request: ApiRequest,
    activity_id: ActivityId,
    payload: ActivityCancelIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A planned activity is cancelled, with the reason; it counts as not done."""
    user: User = request.auth
    activity = _changeable(user, activity_id)

    def run() -> object:
        return services.activity_cancel(
            actor=user, activity=activity, reason=payload.reason, note=payload.note
        )

    return answer_action(request, idempotency_key, payload, run, activity_id)


@router.post(
    "/activities/{activity_id}/reschedule",
    response=ACTION_RESPONSES,
    summary="Move a planned activity",
)
def reschedule_activity(
    request: ApiRequest,
    activity_id: ActivityId,
    payload: ActivityRescheduleIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A new planned start; only a planned activity moves (else a 409)."""
    user: User = request.auth
    activity = _changeable(user, activity_id)

    def run() -> object:
        return services.activity_reschedule(
            actor=user,
            activity=activity,
            planned_start=payload.planned_start,
            expected_version=payload.version,
        )

    return answer_action(request, idempotency_key, payload, run, activity_id)


def answer_action(
    request: ApiRequest,
    key: str | None,
    payload: Schema,
    run: Any,
    activity_id: int,
) -> HttpResponse:
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        read = lambda: _detail(user, activity_id)  # noqa: E731
        return act(run, read=read, out=ActivityOut, conflict=ActivityConflictOut)

    return run_once(request, key=key, payload=payload, create=create)
