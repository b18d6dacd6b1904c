"""Accounts and their branches, account teams and segments.

Reads go through `queries` (scoped by the access policy); writes through `services`. An account
the user may not read is a 404 for every method, with the same body as a missing one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.accounts import queries, services
from koers.accounts.api.account_schemas import (
    AccountConflictOut,
    AccountDetailOut,
    AccountIn,
    AccountPage,
    AccountPatch,
    SegmentPage,
    TeamMemberIn,
    TeamMemberOut,
    account_data,
    segment_data,
    team_member_data,
)
from koers.accounts.filters import SCOPE_ALL, SCOPE_MINE, AccountFilterSet
from koers.accounts.models import Account, AccountStatus, AccountTeamMember, Segment, Tier
from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate, paginate_matches
from koers.api.schemas import MAX_ID, ErrorOut, Id, SearchText, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.lists import sort_order
from koers.core.models import User

router = Router(tags=["accounts"])

AccountId = PathEx[int, P(ge=1, le=MAX_ID, description="The account's id.")]
UserId = PathEx[int, P(ge=1, le=MAX_ID)]

# The API's name for each sort of the account list (AccountFilterSet.sorts).
ORDERINGS: dict[str, str] = {
    "name": "name",
    "city": "city",
    "tier": "tier",
    "status": "status",
    "created_at": "created",
    "updated_at": "updated",
}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]


class AccountFilters(Schema):
    q: SearchText(200) | None = Field(
        None, description="Words in the name, city, KvK or a contact."
    )
    tier: Tier | None = None
    segment: Id | None = Field(None, description="A segment id.")
    status: AccountStatus | None = None
    owner: Id | None = Field(None, description="The account manager's user id.")
    team: Id | None = Field(None, description="Accounts owned by members of this team.")
    parent: Id | None = Field(None, description="Direct branches of this account.")
    root: Id | None = Field(None, description="Every branch in the chain under this top account.")
    mine: bool = Field(False, description="Only the accounts you own.")
    ordering: Ordering = "name"


def _sort(ordering: str) -> str:
    """The FilterSet's sort for an API `ordering` ("-created_at" -> "-created")."""
    return ("-" if ordering.startswith("-") else "") + ORDERINGS[ordering.lstrip("-")]


def ordered(queryset: QuerySet[Account], ordering: str) -> QuerySet[Account]:
    """Sorted as the account list sorts (`status` along the lifecycle)."""
    return queryset.order_by(*sort_order(AccountFilterSet.sorts, _sort(ordering)))


def _for_list(user: User) -> QuerySet[Account]:
    return queries.accounts_for_list(user).prefetch_related("tags")


def _fetch(ids: list[int]) -> QuerySet[Account]:
    # The ids come from the scoped, filtered list: read them as they are, without the search.
    return (
        Account.objects.select_related("owner", "segment", "parent")
        .prefetch_related("tags")
        .filter(pk__in=ids)
    )


def filter_accounts(user: User, filters: AccountFilters) -> QuerySet[Account]:
    """The account list's own FilterSet (filters, search, sort) bound to the API's parameters,
    plus parent and root; an unknown segment, owner or team is a 422 naming it."""
    data = {
        name: str(getattr(value, "value", value))
        for name in ("q", "tier", "status", "segment", "owner", "team")
        if (value := getattr(filters, name)) is not None
    }
    data["scope"] = SCOPE_MINE if filters.mine else SCOPE_ALL
    data["sort"] = _sort(filters.ordering)
    filterset = AccountFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors)
    queryset = filterset.found(_for_list(user))
    if filters.parent is not None:
        queryset = queryset.filter(parent_id=filters.parent)
    if filters.root is not None:
        queryset = queryset.filter(root_id=filters.root)
    return queryset


def _detail(user: User, pk: int) -> dict[str, Any]:
    return account_data(queries.account_for_detail(user, pk), with_team=True)


def _created(pk: int) -> dict[str, Any]:
    # The creator sees what they created, even when the account went to a colleague's portfolio.
    account = (
        Account.objects.select_related("owner", "segment")
        .prefetch_related("tags", "team_members__user")
        .get(pk=pk)
    )
    return dump(AccountDetailOut, account_data(account, with_team=True))


def _references(user: User, data: dict[str, Any]) -> dict[str, Any]:
    """Turns segment_id / owner_id / parent_id into objects; unknown or unreadable ids -> 422."""
    out = dict(data)
    errors: dict[str | None, list[str]] = {}
    if "segment_id" in out:
        pk = out.pop("segment_id")
        out["segment"] = None if pk is None else Segment.objects.filter(pk=pk).first()
        if pk is not None and out["segment"] is None:
            errors["segment_id"] = [_("There is no segment with this id.")]
    if "owner_id" in out:
        pk = out.pop("owner_id")
        owner = access.users_readable(user).filter(pk=pk).first()
        if owner is None:
            errors["owner_id"] = [_("There is no active user with this id.")]
        else:
            out["owner"] = owner
    if "parent_id" in out:
        pk = out.pop("parent_id")
        out["parent"] = None if pk is None else access.accounts_readable(user).filter(pk=pk).first()
        if pk is not None and out["parent"] is None:
            errors["parent_id"] = [_("There is no account with this id.")]
    if errors:
        raise FieldErrors(errors, code="not_found")
    return out


def _readable_account(user: User, pk: int) -> Account:
    return access.accounts_readable(user).get(pk=pk)


@router.get("/accounts", response={200: AccountPage, **COMMON_RESPONSES}, summary="List accounts")
def list_accounts(
    request: ApiRequest, filters: Query[AccountFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The accounts you may read, filtered as on the account list page."""
    found = filter_accounts(request.auth, filters)
    if filters.q:
        return paginate_matches(request, found, page, account_data, fetch=_fetch)
    return paginate(request, found, page, account_data)


@router.post(
    "/accounts",
    response={201: AccountDetailOut, **COMMON_RESPONSES},
    summary="Create an account",
)
def create_account(
    request: ApiRequest, payload: AccountIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        fields = payload.model_dump(exclude={"tags"})
        if fields["owner_id"] is None:
            del fields["owner_id"]
        data = _references(user, fields)
        account = services.account_create(actor=user, data=data, tag_names=payload.tags)
        return 201, _created(account.pk)

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/accounts/{account_id}",
    response={200: AccountDetailOut, **COMMON_RESPONSES},
    summary="Read an account",
)
def get_account(request: ApiRequest, account_id: AccountId) -> dict[str, Any]:
    return _detail(request.auth, account_id)


@router.patch(
    "/accounts/{account_id}",
    response={200: AccountDetailOut, 409: AccountConflictOut, **COMMON_RESPONSES},
    summary="Change an account",
)
def update_account(
    request: ApiRequest, account_id: AccountId, payload: AccountPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent. `version` must be the one you read; if someone saved in
    between, nothing is changed and the answer is a 409 with the current account."""
    user: User = request.auth
    account = queries.account_for_detail(user, account_id)
    if not access.can_change_account(user, account):
        raise NotAllowed

    def save(version: int, data: dict[str, Any]) -> None:
        tags = data.pop("tags", None)
        services.account_update(
            actor=user,
            account=account,
            expected_version=version,
            data=_references(user, data),
            tag_names=tags,
        )

    return patch_versioned(payload, save=save, read=lambda: _detail(user, account_id))


@router.delete(
    "/accounts/{account_id}",
    response={204: None, 409: ErrorOut, **COMMON_RESPONSES},
    summary="Delete an account",
)
def delete_account(request: ApiRequest, account_id: AccountId) -> Status[Any]:
    """Managers and administrators only; an account with branches cannot be deleted (409)."""
    user: User = request.auth
    account = _readable_account(user, account_id)
    try:
        services.account_delete(actor=user, account=account)
    except DjangoValidationError as exc:
        # Refused by what is stored, not by the request: a conflict, as for other blocked deletes.
        blocked = [e for errors in exc.error_dict.values() for e in errors]
        if not all(e.code == "has_branches" for e in blocked):
            raise
        return Status(409, {"detail": str(blocked[0].message)})
    return Status(204, None)


@router.get(
    "/accounts/{account_id}/branches",
    response={200: AccountPage, **COMMON_RESPONSES},
    summary="List the branches of an account",
)
def list_branches(
    request: ApiRequest, account_id: AccountId, page: Query[PageParams]
) -> dict[str, Any]:
    """The direct branches you may read; `GET /accounts?root=<id>` gives a whole chain."""
    user: User = request.auth
    parent = _readable_account(user, account_id)
    branches = ordered(_for_list(user).filter(parent=parent), "name")
    return paginate(request, branches, page, account_data)


@router.get(
    "/accounts/{account_id}/team",
    response={200: list[TeamMemberOut], **COMMON_RESPONSES},
    summary="List the account team",
)
def list_team(request: ApiRequest, account_id: AccountId) -> list[dict[str, Any]]:
    account = _readable_account(request.auth, account_id)
    members = AccountTeamMember.objects.filter(account=account).select_related("user")
    return [team_member_data(m) for m in members.order_by("user__first_name", "pk")]


@router.post(
    "/accounts/{account_id}/team",
    response={201: TeamMemberOut, **COMMON_RESPONSES},
    summary="Add a colleague to the account team (or change their role)",
)
def add_team_member(
    request: ApiRequest,
    account_id: AccountId,
    payload: TeamMemberIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    user: User = request.auth
    account = _readable_account(user, account_id)

    def create() -> tuple[int, dict[str, Any]]:
        colleague = access.users_readable(user).filter(pk=payload.user_id).first()
        if colleague is None:
            raise FieldErrors(
                {"user_id": [_("There is no active user with this id.")]}, code="not_found"
            )
        member = services.account_team_add(
            actor=user, account=account, user=colleague, role=payload.role
        )
        return 201, dump(TeamMemberOut, team_member_data(member))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.delete(
    "/accounts/{account_id}/team/{user_id}",
    response={204: None, **COMMON_RESPONSES},
    summary="Remove a colleague from the account team",
)
def remove_team_member(request: ApiRequest, account_id: AccountId, user_id: UserId) -> Status[None]:
    user: User = request.auth
    account = _readable_account(user, account_id)
    member = AccountTeamMember.objects.select_related("account").get(
        account=account, user_id=user_id
    )
    services.account_team_remove(actor=user, member=member)
    return Status(204, None)


@router.get("/segments", response={200: SegmentPage, **COMMON_RESPONSES}, summary="List segments")
def list_segments(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(request, Segment.objects.order_by("name", "pk"), page, segment_data)
