from __future__ import annotations

from typing import Any


class StaleVersionError(Exception):
    """A save was based on an older version of the record than the one now stored."""

    def __init__(self, current: Any, changes: list[dict[str, Any]]) -> None:
        super().__init__("stale version")
        self.current = current
        # each: field (verbose name), name, old, new, by, at
        self.changes = changes
