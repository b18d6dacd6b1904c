"""The manager's side of the register: the requests to decide and the gifts received above the
limit (with a count in the header), and the yearly overview per colleague and per account (the
ethics check of seeds/001, 3.4)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.gifts import queries
from koers.gifts.filters import FIRST_YEAR, LAST_YEAR
from koers.gifts.models import Gift, GiftDirection, GiftStatus

DECISIONS_LIMIT = 200
OVERVIEW_LIMIT = 5000


@login_required
def decisions(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_decide(request.user):
        raise NotAllowed
    context = {
        "nav": "gifts",
        "requests": list(queries.awaiting_decision(request.user)[:DECISIONS_LIMIT]),
        "flagged": list(queries.flagged_for(request.user)[:DECISIONS_LIMIT]),
    }
    return render(request, "gifts/decisions.html", context)


@login_required
def decisions_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's badge (HTMX): how many requests and flags wait; empty when none."""
    count = queries.decisions_count(request.user)
    return vary_on_htmx(render(request, "gifts/_count.html", {"count": count}))


def _year(request: AuthenticatedHttpRequest) -> int:
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR:
        return int(raw)
    return timezone.localdate().year


def _totals() -> dict[str, Any]:
    return {"given": Decimal("0"), "received": Decimal("0"), "count": 0, "items": []}


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year's gifts per colleague and per account, with totals given and received; refused
    gifts are listed but not counted (they were not given)."""
    year = _year(request)
    gifts = list(
        queries.gifts_readable(request.user)
        .filter(date__year=year)
        .select_related(*queries.RELATED)
        .order_by("date", "pk")[:OVERVIEW_LIMIT]
    )
    people: dict[Any, dict[str, Any]] = defaultdict(_totals)
    accounts: dict[Any, dict[str, Any]] = defaultdict(_totals)
    for gift in gifts:
        for key, table in ((gift.person, people), (gift.account, accounts)):
            _add(table[key], gift)
    context = {
        "nav": "gifts",
        "year": year,
        "years": [year - 1, year + 1],
        "people": sorted(people.items(), key=lambda kv: str(kv[0])),
        "accounts": sorted(accounts.items(), key=lambda kv: kv[0].name),
        "total": _sum(gifts),
        "truncated": len(gifts) == OVERVIEW_LIMIT,
    }
    return render(request, "gifts/overview.html", context)


def _add(row: dict[str, Any], gift: Gift) -> None:
    row["items"].append(gift)
    if gift.status == GiftStatus.REFUSED:
        return
    row["count"] += 1
    side = "given" if gift.direction == GiftDirection.GIVEN else "received"
    row[side] += gift.value


def _sum(gifts: list[Gift]) -> dict[str, Any]:
    row = _totals()
    for gift in gifts:
        _add(row, gift)
    row["items"] = []
    return row
