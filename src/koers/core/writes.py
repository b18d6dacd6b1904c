"""The shape of every write: one transaction, the acting user in the history, row lock and
version check for records edited by more than one person.

A service is a plain function with a keyword-only `actor`::

    @service
    def account_update(*, actor: User, account: Account, expected_version: int, ...) -> Account:
        locked = lock_version(Account, account.pk, expected_version)
        ...
        save_version(locked)

`@service` runs it in one transaction and records `actor` as the user of every history row
written inside it (nested services included), so no service sets `_history_user` by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.db import models, transaction

from koers.core.errors import StaleVersionError
from koers.core.history import changes_since

P = ParamSpec("P")
R = TypeVar("R")
M = TypeVar("M", bound=models.Model)

_actor: ContextVar[Any] = ContextVar("koers_actor", default=None)


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    """History rows written inside name `actor` as the one who made the change."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def history_user(instance: models.Model | None = None, request: Any = None, **_: Any) -> Any:
    """`HistoricalRecords(get_user=history_user)`: the acting user of the running service, else
    the signed-in user of the request (admin pages), else nobody (a script)."""
    actor = _actor.get()
    if actor is not None:
        return actor
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


def service(func: Callable[P, R]) -> Callable[P, R]:
    """One transaction, with the keyword argument `actor` recorded in the history."""

    @functools.wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(), acting_as(kwargs["actor"]):
            return func(*args, **kwargs)

    return run


def lock_version(model: type[M], pk: Any, expected_version: int) -> M:
    """The row, locked until the transaction ends, when `expected_version` is still the stored
    one; otherwise StaleVersionError with the stored row and what changed since that version.

    For every model with a `version` field that people edit at the same time.
    """
    locked = model._default_manager.select_for_update().get(pk=pk)
    if locked.version != expected_version:  # type: ignore[attr-defined]
        raise StaleVersionError(locked, changes_since(model, locked, expected_version))
    return locked


def save_version(locked: M) -> M:
    """Saves a row from `lock_version` as the next version and reads it back.

    A plain number, not F(): the row is locked, and the history row copies this value.
    """
    locked.version += 1  # type: ignore[attr-defined]
    locked.save()
    locked.refresh_from_db()
    return locked
