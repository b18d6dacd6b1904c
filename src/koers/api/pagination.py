"""The lists of the API: sorting by `ordering`, and page-number pagination:
?page=2&page_size=50 -> {"count", "next", "previous", "results"}."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from koers.core.paging import in_order

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
# Beyond this the offset makes no sense for any list we have; it also keeps the number in range.
MAX_PAGE = 1_000_000

M = TypeVar("M", bound=Model)


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="1 is the first page.")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description=f"At most {MAX_PAGE_SIZE}."
    )


def order(
    queryset: QuerySet[M], orderings: Mapping[str, tuple[Any, ...]], ordering: str
) -> QuerySet[M]:
    """Sorted by `orderings[ordering]`; a leading "-" reverses every part; the id breaks ties."""
    fields = orderings[ordering.lstrip("-")]
    if ordering.startswith("-"):
        fields = tuple(f.desc() if hasattr(f, "desc") else f"-{f}" for f in fields)
    return queryset.order_by(*fields, "pk")


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def _page(
    request: HttpRequest,
    params: PageParams,
    count: int,
    rows: list[M],
    serialize: Callable[[M], dict[str, Any]],
) -> dict[str, Any]:
    offset = (params.page - 1) * params.page_size
    return {
        "count": count,
        "next": _page_url(request, params.page + 1) if offset + params.page_size < count else None,
        "previous": _page_url(request, params.page - 1) if params.page > 1 else None,
        "results": [serialize(row) for row in rows],
    }


def paginate(
    request: HttpRequest,
    queryset: QuerySet[M],
    params: PageParams,
    serialize: Callable[[M], dict[str, Any]],
    *,
    count_queryset: QuerySet[M] | None = None,
) -> dict[str, Any]:
    """Two queries (the count and the page) plus the queryset's own prefetches.

    `count_queryset`: the same rows built for counting, where that differs (contacts).
    """
    count = (queryset if count_queryset is None else count_queryset).count()
    offset = (params.page - 1) * params.page_size
    rows = list(queryset[offset : offset + params.page_size]) if offset < count else []
    return _page(request, params, count, rows, serialize)


def paginate_matches(
    request: HttpRequest,
    queryset: QuerySet[M],
    params: PageParams,
    serialize: Callable[[M], dict[str, Any]],
    *,
    fetch: Callable[[list[Any]], Iterable[M]],
) -> dict[str, Any]:
    """For a search: the ids of every match in list order in one query, the count is their
    number, and `fetch` reads the page's rows by id. A count and a page query would each run the
    search (docs/performance.md, finding 6). The ids come from the scoped queryset, so `fetch`
    may read them without the scope."""
    ids = list(queryset.values_list("pk", flat=True))
    offset = (params.page - 1) * params.page_size
    rows = in_order(ids[offset : offset + params.page_size], fetch)
    return _page(request, params, len(ids), rows, serialize)
