"""Pages of lists that can hold tens of thousands of rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
) -> tuple[Page, bool]:
    """One page of `found`, counting no further than `cap`; and whether there are more.

    One query for the ids of the first `cap` + 1 rows in list order, one (`fetch`) for the
    page's rows by id. A COUNT(*) and a page query each do the filtering, and counting every
    contact a manager may read costs more than the whole rest of the page
    (docs/performance.md, findings 6 and 9).
    """
    ids = list(found.values_list("pk", flat=True)[: cap + 1])
    page = Paginator(ids[:cap], per_page).get_page(number)
    page.object_list = in_order(list(page.object_list), fetch)
    return page, len(ids) > cap


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
