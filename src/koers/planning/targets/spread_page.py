"""Which rows the spreading page shows (docs/decisions.md, 149): a filter by name (the account
or the product group) and, over accounts and product groups, by product group, and one page
of what matches (`settings.PAGE_SIZE` rows, as the other lists of Koers).

The rows are all computed anyway (each row's share is its part of the whole), in a fixed
number of queries; the page only bounds what is rendered and posted. Paging and filtering
post the form (the percentages typed travel with it, `spread_forms.py`); `goto` names the page
asked, `action=show` shows the same page again (a new filter starts at its first page). Any
other POST saves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator

from koers.planning.targets.spread_parts import SpreadRow

MAX_QUERY = 100


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


@dataclass(frozen=True)
class Place:
    """A filter and a page number."""

    q: str = ""
    group: int | None = None
    page: int = 1

    @classmethod
    def read(cls, data: Mapping[str, Any], *, q: str, group: str, page: str) -> Place:
        return cls(
            str(data.get(q) or "").strip()[:MAX_QUERY],
            _int(data.get(group)),
            _int(data.get(page)) or 1,
        )

    def same_filter(self, other: Place) -> bool:
        return (self.q.casefold(), self.group) == (other.q.casefold(), other.group)

    def matches(self, row: SpreadRow) -> bool:
        if self.group is not None and row.ids.get("product_group") != self.group:
            return False
        words = self.q.casefold().split()
        name = row.name.casefold()
        return all(word in name for word in words)


@dataclass(frozen=True)
class Asked:
    """What a request asks: the place to show, the place a POST came from, and whether it
    saves."""

    place: Place
    posted: Place
    saving: bool


def asked(method: str, data: Mapping[str, Any]) -> Asked:
    if method != "POST":
        place = Place.read(data, q="q", group="group", page="page")
        return Asked(place, place, saving=False)
    posted = Place.read(data, q="shown_q", group="shown_group", page="page")
    typed = Place.read(data, q="q", group="group", page="goto")
    if "goto" not in data and data.get("action") != "show":
        return Asked(posted, posted, saving=True)
    number = typed.page if "goto" in data else posted.page
    if not typed.same_filter(posted):
        number = 1
    return Asked(Place(typed.q, typed.group, number), posted, saving=False)


def page_of(rows: list[SpreadRow], place: Place) -> Page:
    """The page of the rows that match `place` (the last page for a number beyond it)."""
    found = [row for row in rows if place.matches(row)]
    return Paginator(found, settings.PAGE_SIZE).get_page(place.page)


def group_choices(rows: list[SpreadRow]) -> list[tuple[int, str]]:
    """The product groups of rows over accounts and product groups, in the rows' order."""
    seen: dict[int, str] = {}
    for row in rows:
        pk = row.ids.get("product_group")
        if pk and row.group_label and pk not in seen:
            seen[pk] = row.group_label
    return list(seen.items())
