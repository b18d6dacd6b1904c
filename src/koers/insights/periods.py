"""The period an indicator is computed over, read from the URL (`?period=month&date=...`, or
`?period=range&start=...&end=...`), so that a view can be bookmarked and shared.

A bad value never fails: it falls back to the current month (the period filter is a filter, not
a form a user must get right).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KINDS = {
    "week": gettext_lazy("Week"),
    "month": gettext_lazy("Month"),
    "quarter": gettext_lazy("Quarter"),
    "year": gettext_lazy("Year"),
    "range": gettext_lazy("Date range"),
}
DEFAULT_KIND = "month"
# What a figure is compared with, kept in the URL as `?compare=...`.
COMPARES = {
    "previous": gettext_lazy("Previous period"),
    "last_year": gettext_lazy("Same period last year"),
    "none": gettext_lazy("No comparison"),
}
DEFAULT_COMPARE = "previous"
# A date range longer than this is cut: a figure over centuries helps nobody.
MAX_RANGE_DAYS = 3 * 366
# Dates outside these are no period anyone means (and a year 9999 has no following period).
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def _parse_date(text: Any) -> date | None:
    try:
        found = date.fromisoformat(str(text))
    except ValueError:
        return None
    return found if FIRST_DAY <= found <= LAST_DAY else None


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _year_back(day: date) -> date:
    if day.month == 2 and day.day == 29:
        return date(day.year - 1, 2, 28)
    return day.replace(year=day.year - 1)


TIERS = ("A", "B", "C")


@dataclass(frozen=True)
class AccountSlice:
    """What the figures count: accounts of one segment and/or one tier, and sales of one product
    group (a main group with its subgroups; empty: all). It travels with the period, so the
    period compared with and the drill-down count the same. Only the indicators that can be
    narrowed by product group (`Indicator.by_product_group`) read `product_group`."""

    segment: int | None = None
    tier: str = ""
    product_group: int | None = None

    def __bool__(self) -> bool:
        """True when the accounts are narrowed (a product group alone narrows no account)."""
        return self.segment is not None or bool(self.tier)

    def in_group(self, line: str = "") -> Q:
        """The filter on lines (reached by `line`, "" for a line) of the product group or one of
        its subgroups; no filter without a product group. A join, no query of its own."""
        if self.product_group is None:
            return Q()
        prefix = f"{line}__" if line else ""
        return Q(**{f"{prefix}product_group": self.product_group}) | Q(
            **{f"{prefix}product_group__parent": self.product_group}
        )

    def lookups(self, account: str) -> dict[str, Any]:
        """The filter on rows whose account is reached by `account` ("" for an account)."""
        prefix = f"{account}__" if account else ""
        found: dict[str, Any] = {}
        if self.segment is not None:
            found[f"{prefix}segment"] = self.segment
        if self.tier:
            found[f"{prefix}tier"] = self.tier
        return found

    def params(self) -> dict[str, str]:
        found = {"segment": str(self.segment)} if self.segment is not None else {}
        found |= {"tier": self.tier} if self.tier else {}
        if self.product_group is not None:
            found["product_group"] = str(self.product_group)
        return found


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # inclusive
    accounts: AccountSlice = field(default=AccountSlice(), compare=True)

    @classmethod
    def of(cls, kind: str, anchor: date) -> Period:
        """The week, month, quarter or year that holds `anchor`."""
        if kind == "week":
            start = anchor - timedelta(days=anchor.weekday())
            return cls(kind, start, start + timedelta(days=6))
        if kind == "quarter":
            first = (anchor.month - 1) // 3 * 3 + 1
            start = date(anchor.year, first, 1)
            return cls(kind, start, _add_months(start, 3) - timedelta(days=1))
        if kind == "year":
            return cls(kind, date(anchor.year, 1, 1), date(anchor.year, 12, 31))
        start = anchor.replace(day=1)
        last = calendar.monthrange(start.year, start.month)[1]
        return cls("month", start, start.replace(day=last))

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period just before, of the same kind (a range: as many days)."""
        return replace(self._previous(), accounts=self.accounts)

    def _previous(self) -> Period:
        if self.kind == "range":
            end = self.start - timedelta(days=1)
            return Period("range", end - timedelta(days=self.days - 1), end)
        return Period.of(self.kind, self.start - timedelta(days=1))

    def last_year(self) -> Period:
        """The same period a year earlier: a week 52 weeks back (Monday to Sunday, mostly the
        same week number); a month, quarter or year holding the same day a year back; a range:
        the same days (29 February becomes the 28th)."""
        return replace(self._last_year(), accounts=self.accounts)

    def _last_year(self) -> Period:
        if self.kind == "week":
            return Period.of("week", self.start - timedelta(weeks=52))
        start, end = _year_back(self.start), _year_back(self.end)
        if self.kind == "range":
            return Period("range", start, end)
        return Period.of(self.kind, start)

    def compared(self, compare: str) -> Period | None:
        """The period a figure is compared with: the previous one, the same one last year, or
        none."""
        if compare == "none":
            return None
        return self.last_year() if compare == "last_year" else self.previous()

    def following(self) -> Period:
        return replace(self._following(), accounts=self.accounts)

    def _following(self) -> Period:
        if self.kind == "range":
            start = self.end + timedelta(days=1)
            return Period("range", start, start + timedelta(days=self.days - 1))
        return Period.of(self.kind, self.end + timedelta(days=1))

    def params(self) -> dict[str, str]:
        if self.kind == "range":
            found = {
                "period": "range",
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
            }
        else:
            found = {"period": self.kind, "date": self.start.isoformat()}
        return found | self.accounts.params()

    def query(self) -> str:
        return urlencode(self.params())

    def target_period(self) -> tuple[int, str, int] | None:
        """(year, period kind, number) of the targets of this period: a month, a quarter or a
        year; None for a week or a date range (targets are not set for those)."""
        if self.kind == "month":
            return self.start.year, "month", self.start.month
        if self.kind == "quarter":
            return self.start.year, "quarter", (self.start.month - 1) // 3 + 1
        if self.kind == "year":
            return self.start.year, "year", 1
        return None

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{MONTHS[self.start.month]} {self.start.year}"
        if self.kind == "quarter":
            return _("Q%(number)s %(year)s") % {
                "number": (self.start.month - 1) // 3 + 1,
                "year": self.start.year,
            }
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "week":
            return _("week %(number)s of %(year)s") % {
                "number": self.start.isocalendar()[1],
                "year": self.start.isocalendar()[0],
            }
        return f"{formats.date_format(self.start, 'SHORT_DATE_FORMAT')} - " + formats.date_format(
            self.end, "SHORT_DATE_FORMAT"
        )


def slice_from(data: Mapping[str, Any]) -> AccountSlice:
    """The segment, tier and product group the query string asks for; a bad value is no filter
    (an id of nothing counts nothing)."""
    tier = str(data.get("tier") or "")
    return AccountSlice(
        segment=_id(data.get("segment")),
        tier=tier if tier in TIERS else "",
        product_group=_id(data.get("product_group")),
    )


def _id(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


def period_from(data: Mapping[str, Any], today: date) -> Period:
    """The period the query string asks for (this month when it asks for nothing sensible),
    with the accounts it counts."""
    return replace(_period_from(data, today), accounts=slice_from(data))


def _period_from(data: Mapping[str, Any], today: date) -> Period:
    kind = str(data.get("period") or DEFAULT_KIND)
    if kind not in KINDS:
        kind = DEFAULT_KIND
    if kind == "range":
        start, end = _parse_date(data.get("start")), _parse_date(data.get("end"))
        if start is None or end is None:
            return Period.of(DEFAULT_KIND, today)
        if end < start:
            start, end = end, start
        end = min(end, start + timedelta(days=MAX_RANGE_DAYS))
        return Period("range", start, end)
    return Period.of(kind, _parse_date(data.get("date")) or today)


def compare_from(data: Mapping[str, Any]) -> str:
    """What the query string asks to compare with; the previous period when nothing sensible."""
    found = str(data.get("compare") or DEFAULT_COMPARE)
    return found if found in COMPARES else DEFAULT_COMPARE
