"""The one rule for a form after a conflict (a save based on an older version).

Every field shows the user's own input, except a field that someone else changed in the
meantime: that field shows the stored value, and the user's differing input for it is shown
next to that change in the conflict box (`change["yours"]`), to copy back if they still want it.

Why the stored value wins where both changed a field: the stored value is what colleagues
already see and rely on. Saving the form again without reading must never overwrite it silently,
while nothing the user typed is lost, since it stays on screen (docs/decisions.md, decision 15).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from koers.core.errors import StaleVersionError


def merge_after_conflict(
    conflict: StaleVersionError, *, mine: Mapping[str, Any], stored: Mapping[str, Any]
) -> dict[str, Any]:
    """Form values for a second, informed save: `mine` with the others' changes from `stored`.

    `mine` and `stored` are form values of the same fields (as the form shows them). The
    version becomes the stored one, so saving the merged form is accepted.
    """
    merged = dict(mine)
    for change in conflict.changes:
        name = change["name"]
        if name not in stored:
            continue
        if name in mine and _shown(mine[name]) != _shown(stored[name]):
            change["yours"] = mine[name]
        merged[name] = stored[name]
    merged["version"] = conflict.current.version
    return merged


def _shown(value: Any) -> str:
    """Form input is text and stored values are typed; compare them as the form shows them."""
    if value is None:
        return ""
    return str(getattr(value, "pk", value))
