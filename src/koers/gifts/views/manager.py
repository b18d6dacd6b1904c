"""The manager's side of the register: the requests to decide and the gifts received above the
limit (with a count in the header), and the yearly overview per colleague and per account (the
ethics check of seeds/001, 3.4)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import url_maker
from koers.gifts import queries
from koers.gifts.filters import FIRST_YEAR, LAST_YEAR

DECISIONS_LIMIT = 200
# The accounts with the most value; the export has them all.
OVERVIEW_ACCOUNTS = 200


@login_required
def decisions(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_decide(request.user):
        raise NotAllowed
    requests = queries.first_of(queries.awaiting_decision(request.user), DECISIONS_LIMIT)
    flagged = queries.first_of(queries.flagged_for(request.user), DECISIONS_LIMIT)
    # The links once per page, not a reverse per row (decision 133).
    detail, noted = url_maker("gifts:gift_detail"), url_maker("gifts:gift_noted")
    for gift in [*requests, *flagged]:
        gift.url = detail(gift.pk)  # type: ignore[attr-defined]
        gift.noted_url = noted(gift.pk)  # type: ignore[attr-defined]
    context = {"nav": "gifts", "requests": requests, "flagged": flagged}
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


@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The year's gifts per colleague and per account, with totals given and received; refused
    gifts are listed but not counted (they were not given). Each row links to its gifts in the
    gift list."""
    year = _year(request)
    found = queries.year_overview(request.user, year, accounts_limit=OVERVIEW_ACCOUNTS)
    context = {
        "nav": "gifts",
        "year": year,
        "years": [year - 1, year + 1],
        "people": found["people"],
        "accounts": found["accounts"][:OVERVIEW_ACCOUNTS],
        "more_accounts": len(found["accounts"]) > OVERVIEW_ACCOUNTS,
        "accounts_limit": OVERVIEW_ACCOUNTS,
        "total": found["total"],
    }
    return render(request, "gifts/overview.html", context)
