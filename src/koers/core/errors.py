"""The project's exceptions that services raise and views and the API translate once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied


class NotAllowed(PermissionDenied):
    """The access policy refuses this action to this user.

    A `PermissionDenied`, so Django answers a page with a 403 without an `except` in the view,
    and the API maps it to its JSON 403 in one handler. (Not the built-in `PermissionError`,
    which is an `OSError` and would be mistaken for a failing file or socket.)
    """


class StaleVersionError(Exception):
    """A save was based on an older version of the record than the one now stored."""

    def __init__(self, current: Any, changes: list[dict[str, Any]]) -> None:
        super().__init__("stale version")
        self.current = current
        # each: field (verbose name), name, old, new, by, at
        self.changes = changes
