"""Changing a record that carries a `version` (optimistic locking), the same for every endpoint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ninja import Schema, Status

from koers.api.errors import conflict_body, refuse_nulls
from koers.core.errors import StaleVersionError


def patch_versioned(
    payload: Schema,
    *,
    nullable: set[str],
    save: Callable[[int, dict[str, Any]], object],
    read: Callable[[], dict[str, Any]],
) -> Status[dict[str, Any]]:
    """Changes only the fields sent, when `payload.version` is still the stored one.

    `save(version, data)` calls the service; `read()` gives the record as the API shows it. If
    someone saved in between, nothing is changed and the answer is a 409 with the current record
    and what changed since that version.
    """
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    refuse_nulls(data, nullable)
    try:
        save(version, data)
    except StaleVersionError as exc:
        return Status(409, conflict_body(read(), exc))
    return Status(200, read())
