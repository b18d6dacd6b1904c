"""List extensions: how an app that builds on another adds a filter, a column and its sort to
the other app's list, without the other app knowing it (as panels do for detail pages).

The account list (accounts) shows the contact status that relations keeps; later parts add
"open opportunities" or "open complaints" the same way. An app registers in its
`AppConfig.ready()`:

    list_extensions.register("accounts", ListExtension(name="contact_status", ...))

and every `ListFilterSet` whose `extension_key` is "accounts" gets the filters, the header (with
its sort), the export columns and the cell, on the page, in the export and wherever else the
FilterSet is used. A cell is rendered once per row in `prepare`, like the list's own values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import django_filters
    from django.utils.safestring import SafeString

    from koers.core.list_parts import Column, Header


@dataclass(frozen=True)
class ListExtension:
    name: str
    # name -> a new filter (a factory: each FilterSet gets its own instance); its `method` is
    # called as method(queryset, name, value).
    filters: Mapping[str, Callable[[], django_filters.Filter]] = field(default_factory=dict)
    header: Header | None = None
    sorts: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    columns: tuple[Column, ...] = ()
    # select_related paths the cell and the columns read, for the page and the export.
    related: tuple[str, ...] = ()
    # The row's cell (escaped HTML), given the row and a context prepared once per page.
    cell: Callable[[Any, Any], SafeString] | None = None
    # Once per page (or export): what `cell` needs that is the same for every row (today, labels).
    page_context: Callable[[], Any] = lambda: None


_EXTENSIONS: dict[str, list[ListExtension]] = {}


def register(list_key: str, extension: ListExtension) -> None:
    """Adds `extension` to the lists of `list_key` (again: replaces the one of the same name)."""
    kept = [e for e in _EXTENSIONS.get(list_key, []) if e.name != extension.name]
    _EXTENSIONS[list_key] = [*kept, extension]


def extensions_for(list_key: str) -> list[ListExtension]:
    return list(_EXTENSIONS.get(list_key, [])) if list_key else []
