"""Pages of lists that can hold tens of thousands of rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet


def capped_page(
    found: QuerySet[Any],
    number: str | int | None,
    *,
    per_page: int,
    cap: int,
    fetch: Callable[[list[int]], Iterable[Model]],
    first_ids: Callable[[QuerySet[Any], int], list[Any]] | None = None,
) -> tuple[Page, bool]:
    """One page of `found`, counting no further than `cap`; and whether there are more.

    One query for the ids of the first `cap` + 1 rows in list order, one (`fetch`) for the
    page's rows by id. A COUNT(*) and a page query each do the filtering, and counting every
    contact a manager may read costs more than the whole rest of the page
    (docs/performance.md, findings 6 and 9). `first_ids(found, n)`: the ids of the first `n`
    rows of `found` in its order, where the list reads them faster than by its ORDER BY.
    """
    ids = (first_ids or _first_ids)(found, cap + 1)
    page = Paginator(ids[:cap], per_page).get_page(number)
    page.object_list = in_order(list(page.object_list), fetch)
    return page, len(ids) > cap


def _first_ids(found: QuerySet[Any], n: int) -> list[Any]:
    return list(found.values_list("pk", flat=True)[:n])


@dataclass(frozen=True)
class Uncounted:
    """What a page fetched without counting knows of its list: `count` (None: not known; the
    page's count is asked for in a second request) and the number of pages, if known."""

    per_page: int
    count: int | None
    num_pages: int | None


class UncountedPage(Page):
    """A page of a list that was not counted: whether a next page exists comes from one row
    more than the page shows. `paginator` is an `Uncounted`, `counting` says whether the count
    is still to come."""

    def __init__(
        self,
        object_list: list[Any],
        number: int,
        *,
        uncounted: Uncounted,
        more: bool,
        counting: bool,
    ) -> None:
        super().__init__(object_list, number, uncounted)  # type: ignore[arg-type]
        self.more = more
        self.counting = counting

    def has_next(self) -> bool:
        return self.more

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + 1 if self.object_list else 0

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


def _page_number(number: str | int | None, last: int) -> int:
    try:
        wanted = int(number or 1)
    except (TypeError, ValueError):
        wanted = 1
    return min(max(wanted, 1), last)


def uncounted_page(
    found: QuerySet[Any],
    number: str | int | None,
    *,
    per_page: int,
    cap: int,
    fetch: Callable[[list[int]], Iterable[Model]],
) -> tuple[UncountedPage, bool] | None:
    """One page of `found` within its first `cap` rows, without counting them; and whether
    there are more than `cap` (known only on the last page).

    One query for the ids of the page and one row more, in list order: a list whose rows are
    checked one by one against the access scope stops after them, where counting to `cap`
    checks thousands (docs/performance.md, issue 7). The count is known when the list ends on
    this page; otherwise it is left to `ListFilterSet.count_capped`, asked by a second request.
    None for a page beyond the end of the list: the caller counts, to show the last page.
    """
    last = max(1, -(-cap // per_page))
    page_number = _page_number(number, last)
    start = (page_number - 1) * per_page
    ids = list(found.values_list("pk", flat=True)[start : start + per_page + 1])
    if not ids and page_number > 1:
        return None
    shown = ids[: min(per_page, cap - start)]
    capped = start + len(ids) > cap
    ended = len(ids) <= per_page
    more = not ended and start + per_page < cap
    count = start + len(ids) if ended else None
    uncounted = Uncounted(
        per_page=per_page,
        count=count,
        num_pages=page_number if (ended or not more) else None,
    )
    rows = in_order(shown, fetch)
    page = UncountedPage(
        rows, page_number, uncounted=uncounted, more=more, counting=count is None and not capped
    )
    return page, capped


def in_order(ids: list[Any], fetch: Callable[[list[Any]], Iterable[Model]]) -> list[Any]:
    """The rows `fetch` reads for `ids`, in the order of `ids`.

    The ids come from a scoped queryset, so fetching them by id shows nothing unreadable.
    """
    by_id = {obj.pk: obj for obj in fetch(ids)} if ids else {}
    return [by_id[pk] for pk in ids if pk in by_id]


class SplitPaginator(Paginator):
    """Pages from one queryset, the count from another holding the same rows.

    The two differ in how the database is best told the access scope: a page in list order
    and a count of everything want different plans (docs/performance.md, finding 8).
    """

    def __init__(self, object_list: Any, per_page: int, *, count_from: QuerySet[Any]) -> None:
        super().__init__(object_list, per_page)
        self.count_from = count_from

    @cached_property
    def count(self) -> int:
        return self.count_from.count()
