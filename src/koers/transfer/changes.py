"""What an import changes in a record already in Koers, field by field (old -> new), so that the
preview shows every change before it is made ("nothing changed behind the user's back")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from koers.accounts.models import Account


def _shown(model: type[models.Model], name: str, value: Any, names: Mapping[str, Any]) -> str:
    """A value as the user knows it: a choice's label, a colleague's or segment's name."""
    if value in (None, ""):
        return ""
    plain = name.removesuffix("_id")
    if plain in names:
        return str(names[plain].get(value, value))
    field = model._meta.get_field(name)
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, value))


def change(
    model: type[models.Model],
    name: str,
    old: Any,
    new: Any,
    names: Mapping[str, Mapping[Any, str]] | None = None,
) -> dict[str, str]:
    """One change, keyed like the row's problems: the account's field (without `_id`), or
    `contact_<field>` for a contact's or its position's. `names` show the primary keys of
    colleagues and segments ({"owner": {pk: name}, "segment": {pk: name}})."""
    names = names or {}
    plain = name.removesuffix("_id")
    return {
        "field": plain if model is Account else f"contact_{plain}",
        "old": _shown(model, name, old, names),
        "new": _shown(model, name, new, names),
    }
