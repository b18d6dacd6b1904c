"""Contacts and their positions (the accounts they work or worked at, with dates, buying role
and attitude).

A contact is readable when it works or worked at an account the user may read; its positions at
accounts the user may not read are left out, so the API never names such an account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.accounts import queries, services
from koers.accounts.api.contact_schemas import (
    ContactConflictOut,
    ContactIn,
    ContactOut,
    ContactPage,
    ContactPatch,
    PositionCreateIn,
    PositionEndIn,
    PositionOut,
    PositionPatch,
    contact_data,
    position_data,
)
from koers.accounts.filters import ContactFilterSet
from koers.accounts.filters.contacts import CONSENT_NO, CONSENT_YES
from koers.accounts.models import Account, Attitude, BuyingRole, Contact, Position
from koers.api.errors import (
    COMMON_RESPONSES,
    FieldErrors,
    django_errors,
    filter_errors,
)
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate, paginate_matches
from koers.api.schemas import MAX_ID, ErrorOut, Id, SearchText, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User

router = Router(tags=["contacts"])

ContactId = PathEx[int, P(ge=1, le=MAX_ID, description="The contact's id.")]
PositionId = PathEx[int, P(ge=1, le=MAX_ID, description="The position's id.")]

# The API's name for each sort of the contact list (ContactFilterSet.sorts) it offers.
ORDERINGS: dict[str, str] = {"name": "name", "created_at": "created", "updated_at": "updated"}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]


class ContactFilters(Schema):
    q: SearchText(200) | None = Field(
        None,
        description="Words in the name, the e-mail address or the name of an account the "
        "contact works or worked at.",
    )
    account: Id | None = Field(None, description="Contacts working at this account.")
    buying_role: BuyingRole | None = None
    attitude: Attitude | None = None
    include_former: bool = Field(
        False, description="Let account / buying_role / attitude match former positions too."
    )
    may_receive_mailings: bool | None = Field(
        None, description="true: consent given and not opted out; false: the others."
    )
    ordering: Ordering = "name"


def _positions(user: User) -> QuerySet[Position]:
    return (
        queries.positions_readable(user)
        .select_related("account")
        .order_by("end_date", "-start_date", "account__name", "pk")
    )


def _contacts(user: User) -> QuerySet[Contact]:
    # Current positions come first: NULL end dates sort first on SQLite and last on PostgreSQL,
    # so the order is fixed in Python in `_data`.
    return access.contacts_readable(user).prefetch_related(
        Prefetch("positions", queryset=_positions(user), to_attr="api_positions")
    )


def _data(contact: Contact) -> dict[str, Any]:
    positions = sorted(contact.api_positions, key=lambda p: p.end_date is not None)  # type: ignore[attr-defined]
    return contact_data(contact, positions)


# The API's parameter for each field of ContactFilterSet whose name differs.
_API_NAMES = {"role": "buying_role", "consent": "may_receive_mailings", "sort": "ordering"}


def filter_contacts(user: User, filters: ContactFilters) -> QuerySet[Contact]:
    """The contact list's own FilterSet (filters, search, sort) bound to the API's parameters:
    the same contacts in the same order as the page and the export."""
    values = {
        "q": filters.q,
        "account": filters.account,
        "role": filters.buying_role,
        "attitude": filters.attitude,
        "include_former": filters.include_former or None,
    }
    data = {name: str(getattr(v, "value", v)) for name, v in values.items() if v is not None}
    if filters.may_receive_mailings is not None:
        data["consent"] = CONSENT_YES if filters.may_receive_mailings else CONSENT_NO
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = ContactFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names=_API_NAMES)
    return filterset.found(_contacts(user))


def _detail(user: User, pk: int) -> dict[str, Any]:
    return _data(_contacts(user).get(pk=pk))


def _writable_account(user: User, pk: int, field: str) -> Account:
    """The account named in the body: unknown or unreadable is a 422, read-only a 403."""
    account = access.accounts_readable(user).filter(pk=pk).first()
    if account is None:
        raise FieldErrors({field: [_("There is no account with this id.")]}, code="not_found")
    if not access.can_change_account(user, account):
        raise NotAllowed
    return account


def _position_errors(exc: DjangoValidationError) -> FieldErrors:
    """The errors of the position sent with a new contact, named inside it: `position.end_date`.

    (Elsewhere a position's errors reach the API's own handler, which names its fields.)
    """
    return FieldErrors.of(
        [
            {**error, "field": f"position.{error['field']}" if error["field"] else "position"}
            for error in django_errors(exc)
        ]
    )


@router.get("/contacts", response={200: ContactPage, **COMMON_RESPONSES}, summary="List contacts")
def list_contacts(
    request: ApiRequest, filters: Query[ContactFilters], page: Query[PageParams]
) -> dict[str, Any]:
    user = request.auth
    found = filter_contacts(user, filters)
    if not filters.q:
        return paginate(request, found, page, _data)
    return paginate_matches(
        request,
        found,
        page,
        _data,
        # The ids come from the scoped, filtered list: read them as they are, without the search.
        fetch=lambda ids: Contact.objects.filter(pk__in=ids).prefetch_related(
            Prefetch("positions", queryset=_positions(user), to_attr="api_positions")
        ),
    )


@router.post(
    "/contacts", response={201: ContactOut, **COMMON_RESPONSES}, summary="Create a contact"
)
def create_contact(
    request: ApiRequest, payload: ContactIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Usually with `account_id` and `position`: the contact then starts working there."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = None
        if payload.account_id is not None:
            account = _writable_account(user, payload.account_id, "account_id")
        elif payload.position is not None:
            raise FieldErrors(
                {"account_id": [_("A position needs the account it is at.")]}, code="schema"
            )
        position = payload.position.model_dump() if payload.position else None
        fields = payload.model_dump(exclude={"account_id", "position"})
        try:
            contact = services.contact_create(
                actor=user, data=fields, account=account, position=position
            )
        except DjangoValidationError as exc:
            if not hasattr(exc, "error_dict") or set(exc.error_dict) <= set(fields):
                raise
            raise _position_errors(exc) from exc
        # Read unscoped: the creator sees what they created even without a readable position.
        created = Contact.objects.prefetch_related(
            Prefetch("positions", queryset=_positions(user), to_attr="api_positions")
        ).get(pk=contact.pk)
        return 201, dump(ContactOut, _data(created))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/contacts/{contact_id}",
    response={200: ContactOut, **COMMON_RESPONSES},
    summary="Read a contact",
)
def get_contact(request: ApiRequest, contact_id: ContactId) -> dict[str, Any]:
    return _detail(request.auth, contact_id)


@router.patch(
    "/contacts/{contact_id}",
    response={200: ContactOut, 409: ContactConflictOut, **COMMON_RESPONSES},
    summary="Change a contact",
)
def update_contact(
    request: ApiRequest, contact_id: ContactId, payload: ContactPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent; a stale `version` is a 409 with the current contact."""
    user: User = request.auth
    contact = access.contacts_readable(user).get(pk=contact_id)
    if not access.can_change_contact(user, contact):
        raise NotAllowed

    def save(version: int, data: dict[str, Any]) -> None:
        services.contact_update(actor=user, contact=contact, expected_version=version, data=data)

    return patch_versioned(payload, save=save, read=lambda: _detail(user, contact_id))


@router.delete(
    "/contacts/{contact_id}",
    response={204: None, 409: ErrorOut, **COMMON_RESPONSES},
    summary="Delete a contact",
)
def delete_contact(request: ApiRequest, contact_id: ContactId) -> Status[None]:
    """Managers and administrators only (as for accounts); the positions go with it."""
    user: User = request.auth
    contact = access.contacts_readable(user).get(pk=contact_id)
    services.contact_delete(actor=user, contact=contact)
    return Status(204, None)


@router.get(
    "/contacts/{contact_id}/positions",
    response={200: list[PositionOut], **COMMON_RESPONSES},
    summary="List a contact's positions",
)
def list_positions(request: ApiRequest, contact_id: ContactId) -> list[dict[str, Any]]:
    """Current positions first, then former ones, at the accounts you may read."""
    return _detail(request.auth, contact_id)["positions"]


@router.post(
    "/contacts/{contact_id}/positions",
    response={201: PositionOut, **COMMON_RESPONSES},
    summary="Add a position (the contact starts at an account)",
)
def add_position(
    request: ApiRequest,
    contact_id: ContactId,
    payload: PositionCreateIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    user: User = request.auth
    contact = access.contacts_readable(user).get(pk=contact_id)

    def create() -> tuple[int, dict[str, Any]]:
        account = _writable_account(user, payload.account_id, "account_id")
        data = payload.model_dump(exclude={"account_id"})
        position = services.position_add(actor=user, contact=contact, account=account, data=data)
        return 201, dump(PositionOut, position_data(position))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


def _position(user: User, contact_id: int, position_id: int) -> Position:
    contact = access.contacts_readable(user).get(pk=contact_id)
    position = queries.position_for_edit(user, position_id)
    if position.contact_id != contact.pk:
        raise Position.DoesNotExist
    return position


@router.patch(
    "/contacts/{contact_id}/positions/{position_id}",
    response={200: PositionOut, **COMMON_RESPONSES},
    summary="Change a position",
)
def update_position(
    request: ApiRequest, contact_id: ContactId, position_id: PositionId, payload: PositionPatch
) -> dict[str, Any]:
    user: User = request.auth
    position = _position(user, contact_id, position_id)
    data = payload.changes()
    if "buying_role" in data and data["buying_role"] is None:
        data["buying_role"] = ""
    position = services.position_update(actor=user, position=position, data=data)
    return position_data(position)


@router.post(
    "/contacts/{contact_id}/positions/{position_id}/end",
    response={200: PositionOut, **COMMON_RESPONSES},
    summary="End a position (the contact left the account)",
)
def end_position(
    request: ApiRequest,
    contact_id: ContactId,
    position_id: PositionId,
    payload: PositionEndIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """The position is kept with its end date, as part of the contact's history."""
    user: User = request.auth
    position = _position(user, contact_id, position_id)

    def end() -> tuple[int, dict[str, Any]]:
        ended = services.position_end(actor=user, position=position, end_date=payload.end_date)
        return 200, dump(PositionOut, position_data(ended))

    return run_once(request, key=idempotency_key, payload=payload, create=end)
