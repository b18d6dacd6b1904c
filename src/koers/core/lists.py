"""One way to show a list: a FilterSet that knows its filters, search, sorts and export columns,
and `render_list`, which turns it into a page or an HTMX partial.

Every list of every app is built the same way (docs/decisions.md, "Adding a list"):

- `<app>/filters.py`: a `ListFilterSet` subclass with the filters, `sorts` (key -> order),
  `headers` (the table's columns, sortable or not), `columns` (the export) and the scoped rows
  (`rows`, and where the database wants another form, `rows_in_order` / `rows_for_count`);
- the filters' selects: `koers.core.widgets.FastSelect`;
- the view: `return render_list(request, FooFilterSet(request.GET, user=request.user), ...)`;
- the export: the same FilterSet and its `columns` with a writer of `koers.transfer.exports`;
- the API: the same FilterSet, bound to the API's query parameters (`strict=True`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

import django_filters
from django.conf import settings
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.list_extensions import ListExtension, extensions_for
from koers.core.list_parts import Column as Column
from koers.core.list_parts import Header as Header
from koers.core.list_parts import SortField as SortField
from koers.core.list_parts import SortFilter as SortFilter
from koers.core.list_parts import field_column as field_column
from koers.core.list_parts import labels as labels
from koers.core.list_parts import sort_order as sort_order
from koers.core.list_parts import url_maker as url_maker
from koers.core.models import User
from koers.core.paging import SplitPaginator, capped_page, in_order, uncounted_page
from koers.core.search import MAX_ID as MAX_ID
from koers.core.search import SearchField as SearchField
from koers.core.search import SearchFilter as SearchFilter
from koers.core.search import id_param as id_param
from koers.core.search import search_filter as search_filter
from koers.core.search import search_text as search_text

# ------------------------------------------------------------------------------ the filterset


class ListFilterSet(django_filters.FilterSet):
    """The base of every list's FilterSet: lenient binding, sorting, the page and its headers.

    Subclasses set `sorts`, `default_sort`, `headers`, `columns` and implement `rows`.
    """

    # Instance attributes too: list extensions add to them per FilterSet (`_extend`).
    sorts: Mapping[str, tuple[Any, ...]] = MappingProxyType({})
    default_sort: ClassVar[str] = ""
    headers: tuple[Header, ...] = ()
    columns: tuple[Column, ...] = ()
    # Fields that hold the list's state rather than narrow it (an empty state then says "none
    # yet" rather than "none match").
    state_fields: ClassVar[tuple[str, ...]] = ("sort",)
    # Count no further than this (None: count exactly), always / only when searching.
    count_cap: ClassVar[int | None] = None
    search_cap: ClassVar[int | None] = None
    # With a cap, outside a search: the page fetches only its rows in list order, and the count
    # follows in a second request (`count_capped`, `render_count`) unless the page shows it.
    count_later: ClassVar[bool] = False
    search_field: ClassVar[str] = "q"
    # Without a cap: the page's ids by the scoped query, then its rows by id (`fetch`), where
    # planning the scoped query joined to the related rows costs more than running it.
    page_by_id: ClassVar[bool] = False
    # Which registered list extensions (core/list_extensions.py) this list takes.
    extension_key: ClassVar[str] = ""
    # How many of `columns` stay last, after the columns extensions add (Koers's id, decision 47).
    trailing_columns: ClassVar[int] = 0
    # Set by FilterSet.__init__ (django-filter has no types): the bound query, a QueryDict.
    data: Any

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        user: User,
        strict: bool = False,
        **kwargs: Any,
    ) -> None:
        """`strict`: keep invalid values as errors (the API answers 422); otherwise they are
        dropped, so that a stale link still shows something sensible instead of an error."""
        self.user = user
        super().__init__(self._with_defaults(data), **kwargs)
        self._extend()
        if "sort" in self.filters:
            self.filters["sort"].extra["keys"] = tuple(self.sorts)
        for search in self.filters.values():
            if isinstance(search, SearchFilter):
                search.extra["strict"] = strict
        self.setup()
        if not strict and not self.is_valid():
            kept = self.data.copy()
            for name in self.form.errors:
                kept.pop(name, None)
            self.data = self._with_defaults(kept)
            del self._form

    def _extend(self) -> None:
        """Takes the filters, sorts, header and columns that other apps add to this list."""
        self.extensions: list[ListExtension] = extensions_for(self.extension_key)
        if not self.extensions:
            return
        sorts = dict(self.sorts)
        headers = list(self.headers)
        split = len(self.columns) - self.trailing_columns
        columns, trailing = list(self.columns[:split]), list(self.columns[split:])
        for extension in self.extensions:
            for name, make in extension.filters.items():
                new = make()
                new.parent, new.model, new.field_name = self, self._meta.model, name
                self.filters[name] = new
            sorts.update(extension.sorts)
            headers += [extension.header] if extension.header else []
            columns += extension.columns
        self.sorts, self.headers = sorts, tuple(headers)
        self.columns = (*columns, *trailing)

    def extension_related(self) -> list[str]:
        return [path for e in self.extensions for path in e.related]

    def _with_defaults(self, data: Mapping[str, Any] | None) -> Any:
        """Always bound (no parameters is a valid list), with `defaults()` for missing values."""
        data = QueryDict() if data is None else data
        missing = {k: v for k, v in self.defaults().items() if not data.get(k)}
        if not missing:
            return data
        data = data.copy()  # type: ignore[union-attr]  # a QueryDict or a dict, both copy
        for name, value in missing.items():
            data[name] = value
        return data

    # -- hooks for subclasses

    def setup(self) -> None:
        """Narrow the choices of filters to what `self.user` may see."""

    def defaults(self) -> dict[str, str]:
        """Values a missing parameter takes (e.g. the scope a role starts from)."""
        return {}

    def rows(self) -> QuerySet[Any]:
        """The rows `self.user` may read, in the form that searches (and counts) fastest."""
        raise NotImplementedError

    def rows_in_order(self) -> QuerySet[Any]:
        """The same rows, in the form that fetches a page in list order fastest."""
        return self.rows()

    def rows_for_count(self) -> QuerySet[Any]:
        """The same rows, in the form that counts all of them fastest."""
        return self.rows()

    def rows_for_search(self) -> QuerySet[Any]:
        """The same rows, in the form that checks a search's matches fastest."""
        return self.rows()

    def first_ids(self, found: QuerySet[Any], n: int) -> list[Any]:
        """The ids of the first `n` rows of `found` (filtered and sorted), for a capped page."""
        return list(found.values_list("pk", flat=True)[:n])

    def fetch(self, ids: list[Any]) -> Iterable[Any]:
        """The rows of a page by id, with what the table shows of related rows; the ids come
        from the scoped rows, so they need no scope here."""
        return self.rows().model.objects.filter(pk__in=ids)

    # -- what the hooks give

    def value(self, name: str) -> Any:
        return self.form.cleaned_data.get(name) if self.is_valid() else None

    @property
    def sort(self) -> str:
        return self.value("sort") or self.default_sort

    def searching(self) -> bool:
        return bool((self.value(self.search_field) or "").split())

    def is_filtered(self) -> bool:
        fields = (n for n in self.filters if n not in self.state_fields)
        return any(self.value(name) for name in fields)

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*sort_order(self.sorts, self.sort)) if self.sort else queryset

    def found(self, rows: QuerySet[Any] | None = None) -> QuerySet[Any]:
        """`rows` (by default `self.rows()`) filtered, searched and sorted."""
        self.errors  # noqa: B018 (validates)
        return self.filter_queryset(self.rows() if rows is None else rows)

    def export_rows(self) -> QuerySet[Any]:
        """Every row of the list (uncapped), with what the export columns read."""
        return self.found().select_related(*self.extension_related())

    def cap(self) -> int | None:
        return self.search_cap if self.search_cap and self.searching() else self.count_cap

    def page(self, number: Any, *, per_page: int) -> tuple[Page, bool]:
        """One page of the list, and whether the list holds more than `cap()` rows.

        Capped: one query for the ids of the first `cap` + 1 rows, one for the page's rows
        (docs/performance.md, findings 6 and 9). Otherwise the page walks the rows in list
        order and the count comes from the counting form (finding 8). With `count_later`, a
        page outside a search is fetched alone, and the count follows (`count_capped`).
        """
        cap = self.cap()
        capped = False
        page: Page
        uncounted = None
        if cap is not None and self.count_later and not self.searching():
            uncounted = uncounted_page(
                self.found(self.rows_in_order()),
                number,
                per_page=per_page,
                cap=cap,
                fetch=self._fetch,
            )
        if uncounted is not None:
            page, capped = uncounted
        elif cap is not None:
            rows = self.rows_for_search() if self.searching() else self.rows_in_order()
            page, capped = capped_page(
                self.found(rows),
                number,
                per_page=per_page,
                cap=cap,
                fetch=self._fetch,
                first_ids=self.first_ids,
            )
        elif self.page_by_id:
            paginator = SplitPaginator(
                self.found(self.rows_in_order()).values_list("pk", flat=True),
                per_page,
                count_from=self.found(self.rows_for_count()),
            )
            page = paginator.get_page(number)
            page.object_list = in_order(list(page.object_list), self._fetch)
        else:
            paginator = SplitPaginator(
                self.found(self.rows_in_order()).select_related(*self.extension_related()),
                per_page,
                count_from=self.found(self.rows_for_count()),
            )
            page = paginator.get_page(number)
        page.object_list = list(page.object_list)
        self.prepare(page.object_list)
        self._prepare_extensions(page.object_list)
        return page, capped

    def count_capped(self) -> tuple[int, bool]:
        """How many rows the list holds, counting no further than `cap()`; and whether there
        are more. Without an order: the rows are only counted."""
        rows = self.found(self.rows()).order_by()
        cap = self.cap()
        if cap is None:
            return rows.count(), False
        found = rows[: cap + 1].count()
        return min(found, cap), found > cap

    def _fetch(self, ids: list[Any]) -> Iterable[Any]:
        rows = self.fetch(ids)
        related = self.extension_related()
        return rows.select_related(*related) if related and isinstance(rows, QuerySet) else rows

    def _prepare_extensions(self, rows: list[Any]) -> None:
        cells = [
            (e.cell, e.page_context(), e.header.css if e.header else "")
            for e in self.extensions
            if e.cell is not None
        ]
        for row in rows:
            row.extension_cells = [
                {"css": css, "html": cell(row, context)} for cell, context, css in cells
            ]

    def extension_fields(self) -> list[Any]:
        """The bound form fields of the filters other apps added, for the filter panel."""
        form = self.form
        return [form[name] for e in self.extensions for name in e.filters]

    def prepare(self, rows: list[Any]) -> None:
        """Give the page's rows what the table shows that is not a field (links, formatted
        values), once in Python rather than a tag or a lookup per row in the template."""

    def sort_headers(self) -> list[dict[str, Any]]:
        """The table's headers: a sortable one links to its sort, reversed on a second click."""
        current = self.sort
        out = []
        for header in self.headers:
            key = header.sort
            direction = ""
            if key and current == key:
                direction = "asc"
            elif key and current == f"-{key}":
                direction = "desc"
            out.append(
                {
                    "label": header.label,
                    "css": header.css,
                    "key": key,
                    "direction": direction,
                    "param": (f"-{key}" if direction == "asc" else key) if key else "",
                }
            )
        return out


# ------------------------------------------------------------------------------ the rendering


def render_list(
    request: HttpRequest,
    filterset: ListFilterSet,
    *,
    template: str,
    partial: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The list page, or for an HTMX request its results partial; one page of rows.

    The context holds `filterset`, `page_obj`, `capped` (more rows than `cap`), `cap`,
    `counting` (the count is not known yet: the partial asks for it, see `render_count`),
    `headers`, `filtered` and `partial` (an HTMX answer: the partial may add out-of-band parts
    such as the export links, which follow the filters), plus `context`.
    """
    page, capped = filterset.page(request.GET.get("page"), per_page=settings.PAGE_SIZE)
    partial_answer = is_partial(request)
    full = {
        "filterset": filterset,
        "page_obj": page,
        "capped": capped,
        "cap": filterset.cap(),
        "headers": filterset.sort_headers(),
        "filtered": filterset.is_filtered(),
        "counting": getattr(page, "counting", False),
        "partial": partial_answer,
        **(context or {}),
    }
    return vary_on_htmx(render(request, partial if partial_answer else template, full))


def render_count(request: HttpRequest, filterset: ListFilterSet, *, template: str) -> HttpResponse:
    """The count of a list whose page did not count it (`ListFilterSet.count_later`): the
    template gets `count`, `capped` and `cap`, as the list's own count line does."""
    count, capped = filterset.count_capped()
    context = {"count": count, "capped": capped, "cap": filterset.cap()}
    return vary_on_htmx(render(request, template, context))
