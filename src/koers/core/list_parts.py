"""The parts a list is defined with (core/lists.py re-exports them): its table headers, its
export columns, its sort orders and the small helpers `prepare` uses once per page."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import django_filters
from django import forms
from django.db.models import Choices, Model, QuerySet
from django.db.models.expressions import OrderBy
from django.urls import reverse


@dataclass(frozen=True)
class Header:
    """A column of the list's table; `sort` is the key of `ListFilterSet.sorts`, if sortable."""

    label: Any
    sort: str = ""
    css: str = ""


@dataclass(frozen=True)
class Column:
    """A column of the export: its header and how to get the cell's value from a row."""

    header: Any
    value: Callable[[Any], Any]


def field_column(
    model: type[Model], name: str, value: Callable[[Any], Any] | None = None
) -> Column:
    """A column headed by the field's verbose name; by default the stored value."""
    return Column(
        model._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
        value or (lambda obj: getattr(obj, name)),
    )


def sort_order(sorts: Mapping[str, Sequence[Any]], value: str) -> list[Any]:
    """The order_by() of sort `value`: `key` as defined, `-key` with every part reversed.

    The id ends every order, in the same direction, so pages never overlap and an index on
    (…, id) can be read backwards.
    """
    parts = [*sorts[value.lstrip("-")], "pk"]
    if not value.startswith("-"):
        return parts
    return [_reversed(p) for p in parts]


def _reversed(part: Any) -> Any:
    if isinstance(part, OrderBy):
        # `OrderBy.desc()` changes the expression in place and returns None: a new one, with
        # the nulls on the other end too (the exact reverse of the order).
        return OrderBy(
            part.expression,
            descending=not part.descending,
            nulls_first=True if part.nulls_last else None,
            nulls_last=True if part.nulls_first else None,
        )
    if hasattr(part, "desc"):
        return part.desc()
    return part[1:] if part.startswith("-") else f"-{part}"


def url_maker(name: str) -> Callable[[Any], str]:
    """`reverse(name, args=[pk])` for every row of a page at the cost of one reverse."""
    marker = 987654321
    before, after = reverse(name, args=[marker]).split(str(marker), 1)
    return lambda pk: f"{before}{pk}{after}"


def labels(choices: type[Choices]) -> dict[Any, str]:
    """The labels of `choices` in the active language, for `prepare`: `get_FOO_display()` per
    row and field rebuilds the choices each time."""
    return {value: str(label) for value, label in choices.choices}


# Searching (control characters, ids, the search box) lives in core/search.py, imported above.


class SortField(forms.ChoiceField):
    """Accepts `key` and `-key` for every key of the FilterSet's `sorts`; its `choices` are only
    what a select offers (with labels), which may be fewer."""

    def __init__(self, *, keys: Sequence[str] = (), **kwargs: Any) -> None:
        self.keys = set(keys)
        super().__init__(**kwargs)

    def valid_value(self, value: Any) -> bool:
        return value in self.keys or (value[:1] == "-" and value[1:] in self.keys)


class SortFilter(django_filters.Filter):
    """The list's order: applied by `ListFilterSet.filter_queryset`, after the filters, with
    the default order when empty."""

    field_class = SortField

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return qs
