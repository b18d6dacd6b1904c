"""What the three routers of relationship care share: the objects a body names by id, the API's
names of the services' fields, and how an action answers a refusal by the object's state."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Schema

from koers.accounts.models import Account, Contact
from koers.api.errors import FieldErrors, conflict_body, django_errors
from koers.api.schemas import dump
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.models import User

# The services name people by their relation; the API by their ids.
API_NAMES = {"contacts": "contact_ids", "colleagues": "colleague_ids"}
# Refusals by the object's state rather than by the request: an action answers them with 409.
STATE_CODES = {"transition_refused", "status", "changed"}


def writable_account(user: User, pk: int, field: str = "account_id") -> Account:
    """The account named in the body: unknown or unreadable is a 422 (the same for both, so
    nothing is learned about it), read-only a 403."""
    account = access.accounts_readable(user).filter(pk=pk).first()
    if account is None:
        raise FieldErrors({field: [_("There is no account with this id.")]}, code="not_found")
    if not access.can_change_account(user, account):
        raise NotAllowed
    return account


def user_named(user: User, pk: int, field: str) -> User:
    found = access.users_readable(user).filter(pk=pk).first()
    if found is None:
        raise FieldErrors({field: [_("There is no active user with this id.")]}, code="not_found")
    return found


def users_named(user: User, pks: list[int], field: str) -> list[User]:
    found = list(access.users_readable(user).filter(pk__in=pks))
    if len(found) != len(set(pks)):
        raise FieldErrors({field: [_("There is no active user with this id.")]}, code="not_found")
    return found


def contacts_named(pks: list[int], field: str) -> list[Contact]:
    """The contacts of the ids; an id of no contact is refused like that of a contact elsewhere
    (the service's check), so the answer does not tell whether it exists."""
    found = list(Contact.objects.filter(pk__in=pks))
    if len(found) != len(set(pks)):
        raise FieldErrors(
            {field: [_("Choose contacts who work at this account.")]}, code="not_at_account"
        )
    return found


@contextmanager
def api_field_names(names: Mapping[str, str] = API_NAMES) -> Iterator[None]:
    """A service's field errors under the API's names (`contacts` -> `contact_ids`)."""
    try:
        yield
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict") or not set(exc.error_dict) & set(names):
            raise
        items = [{**e, "field": names.get(e["field"], e["field"])} for e in django_errors(exc)]
        raise FieldErrors.of(items) from exc


def _codes(exc: DjangoValidationError) -> set[str | None]:
    return (
        {error.code for error in exc.error_list}
        if not hasattr(exc, "error_dict")
        else {error.code for errors in exc.error_dict.values() for error in errors}
    )


def act(
    run: Callable[[], object],
    *,
    read: Callable[[], dict[str, Any]],
    out: type[Schema],
    conflict: type[Schema],
) -> tuple[int, dict[str, Any]]:
    """Runs an action (a service call) for `run_once`: 200 with the object as it is now, or 409
    with the current object when its state or a newer version refuses the action; nothing of a
    refused action is kept."""
    try:
        with transaction.atomic(), api_field_names():
            run()
    except StaleVersionError as exc:
        return 409, dump(conflict, conflict_body(read(), exc))
    except FieldErrors:
        raise
    except DjangoValidationError as exc:
        if not _codes(exc) <= STATE_CODES:
            raise
        current = read()
        body = {
            "detail": " ".join(exc.messages),
            "current_version": current["version"],
            "current": current,
            "changes": [],
        }
        return 409, dump(conflict, body)
    return 200, dump(out, read())
