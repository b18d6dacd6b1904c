"""Search input of every list: control characters cleaned (or refused by the API), ids from the
query string, and the search box filter. Re-exported by `koers.core.lists`."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0, DEL and C1 control characters. None is in a stored name, city or address; a NUL ends an
# SQLite FTS5 query string and PostgreSQL refuses it in any text parameter (issue 8, fault 7).
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


def search_text(value: str) -> str:
    """What was typed into a search, with every control character (NUL too) as a space.

    The one cleaning of search input before it reaches SQL: the FilterSets' search field
    (`SearchField`: pages, exports, API) and the words of every search (`search_terms`).
    """
    return _CONTROL_CHARACTERS.sub(" ", value)


# The largest id a 64-bit primary key holds: a larger number in a filter is no id at all (SQLite
# cannot even bind it).
MAX_ID = 2**63 - 1


def id_param(value: str | None) -> int | None:
    """An id from the query string: ASCII digits from 1 to MAX_ID, otherwise None ("²" is a
    digit to `str.isdigit` but not to `int`)."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


class SearchField(forms.CharField):
    """A search box: control characters become spaces, or with `strict` (the API) are refused,
    so that a client learns its `q` was not what it meant."""

    def __init__(self, *, strict: bool = False, **kwargs: Any) -> None:
        self.strict = strict
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        if self.strict and _CONTROL_CHARACTERS.search(text):
            raise ValidationError(
                _("A search may not contain control characters."), code="control_character"
            )
        return search_text(text)


class SearchFilter(django_filters.CharFilter):
    """The `q` of a list: a `SearchField`, strict when the FilterSet is (the API)."""

    field_class = SearchField


def search_filter(placeholder: Any, *, method: str = "filter_search") -> SearchFilter:
    """The search box of a list (`q = search_filter(_("Name or city"))`): at most 200
    characters, searched as you type, no browser autocomplete."""
    return SearchFilter(
        label=_("Search"),
        method=method,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": placeholder, "autocomplete": "off"}
        ),
    )
