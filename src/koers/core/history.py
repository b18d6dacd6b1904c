"""Reading django-simple-history rows as a list of 'who changed what, when'."""

from __future__ import annotations

from typing import Any

from django.db import models


def _display(model: type[models.Model], name: str, value: Any) -> Any:
    field = model._meta.get_field(name)
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)
    return value


def history_entries(
    model: type[models.Model], records: list[Any], users: dict[int, Any] | None = None
) -> list[dict[str, Any]]:
    """Turns history records (newest first) into entries with their field changes.

    `records` must be the complete history of one object, newest first, so each record can be
    compared with the one before it without another query.
    """
    entries = []
    # A record loaded without history (SQL, loaddata, the benchmark generator) has none.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field == "version":
                    continue
                field = model._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "name": change.field,
                        "old": _display(model, change.field, change.old),
                        "new": _display(model, change.field, change.new),
                    }
                )
        entries.append(
            {
                "at": newer.history_date,
                "by": newer.history_user,
                "type": newer.history_type,
                "changes": changes,
                "version": getattr(newer, "version", None),
            }
        )
    return entries


def changes_since(model: type[models.Model], obj: models.Model, version: int) -> list[dict]:
    """The field changes made to `obj` after `version` (for a conflict message)."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    )
    newer = [r for r in records if r.version > version]
    base = next((r for r in records if r.version == version), None)
    if not newer or base is None:
        return []
    changes: dict[str, dict] = {}
    delta = newer[0].diff_against(base, foreign_keys_are_objs=False)
    for change in delta.changes:
        if change.field == "version":
            continue
        field = model._meta.get_field(change.field)
        changes[change.field] = {
            "field": field.verbose_name,
            "name": change.field,
            "old": _display(model, change.field, change.old),
            "new": _display(model, change.field, change.new),
            "by": newer[0].history_user,
            "at": newer[0].history_date,
        }
    return list(changes.values())
