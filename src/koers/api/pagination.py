"""The lists of the API: sorting by `ordering`, and page-number pagination with a capped count:
?page=2&page_size=50 -> {"count", "count_capped", "next", "previous", "results"}.

`count` counts at most `COUNT_CAP` results; with more, it is `COUNT_CAP` and `count_capped` is
true. Counting a whole scope on every request cost a manager's contact list 177-287 ms
(issue 7). `next` does not depend on the count: one row more than the page tells whether there
is a next page, so a client pages to the end either way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from koers.core.paging import in_order

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
# Beyond this the offset makes no sense for any list we have; it also keeps the number in range.
MAX_PAGE = 1_000_000
# As the pages do (decision 11): "1,000 or more" is all a person or a client needs to know.
COUNT_CAP = 1000

M = TypeVar("M", bound=Model)
T = TypeVar("T")


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


def paginate(
    request: HttpRequest,
    found: QuerySet[M],
    params: PageParams,
    serialize: Callable[[M], dict[str, Any]],
    *,
    count_from: QuerySet[Any] | None = None,
) -> dict[str, Any]:
    """Two queries plus the queryset's prefetches: the capped count and the page.

    The count asks for no order, so the database stops at the first `COUNT_CAP` + 1 rows it
    finds in the scope, whichever they are. `count_from`: the same rows in the form that
    counts fastest, where it differs from the form that walks a page in order
    (`ListFilterSet.rows_in_order`).
    """
    counted = found if count_from is None else count_from
    count = counted.order_by().values("pk")[: COUNT_CAP + 1].count()
    capped = count > COUNT_CAP
    offset = (params.page - 1) * params.page_size
    end = offset + params.page_size + 1
    rows = list(found[offset:end]) if capped or offset < count else []
    has_next = len(rows) > params.page_size
    return _page(request, params, count, has_next, rows[: params.page_size], serialize)


def paginate_matches(
    request: HttpRequest,
    found: QuerySet[M],
    params: PageParams,
    serialize: Callable[[M], dict[str, Any]],
    *,
    fetch: Callable[[list[Any]], Iterable[M]],
) -> dict[str, Any]:
    """For a search, which should run once (docs/performance.md, finding 6): the ids of the first
    `COUNT_CAP` + 1 matches in list order give the count and the first pages' ids; a page beyond
    them takes its ids with an offset. `fetch(ids)` reads the page's rows with their related
    objects; the ids come from the scoped queryset, so it may read them without the scope."""
    ids = found.values_list("pk", flat=True)
    head = list(ids[: COUNT_CAP + 1])
    capped = len(head) > COUNT_CAP
    offset = (params.page - 1) * params.page_size
    end = offset + params.page_size + 1
    page_ids = head[offset:end] if end <= len(head) or not capped else list(ids[offset:end])
    has_next = len(page_ids) > params.page_size
    rows = in_order(page_ids[: params.page_size], fetch)
    return _page(request, params, len(head), has_next, rows, serialize)


def paginate_computed(
    request: HttpRequest,
    rows: Sequence[T],
    params: PageParams,
    serialize: Callable[[T], dict[str, Any]],
) -> dict[str, Any]:
    """For rows computed in Python, all of them, because each depends on the others (the
    shares of a target's spread): the same page and the same capped count as a queryset's,
    so a client pages every list alike; only the page is serialised."""
    offset = (params.page - 1) * params.page_size
    shown = rows[offset : offset + params.page_size]
    has_next = len(rows) > offset + params.page_size
    return _page(request, params, min(len(rows), COUNT_CAP + 1), has_next, list(shown), serialize)


def _page(
    request: HttpRequest,
    params: PageParams,
    counted: int,
    has_next: bool,
    rows: list[T],
    serialize: Callable[[T], dict[str, Any]],
) -> dict[str, Any]:
    """`counted`: the rows counted, at most `COUNT_CAP` + 1 (one more means "more than the cap")."""
    return {
        "count": min(counted, COUNT_CAP),
        "count_capped": counted > COUNT_CAP,
        "next": _page_url(request, params.page + 1) if has_next else None,
        "previous": _page_url(request, params.page - 1) if params.page > 1 else None,
        "results": [serialize(row) for row in rows],
    }
