"""The account's yearly report: the page (internal, with margin) from the account page, and its
PDF with our letterhead (for the customer by default; `?variant=internal` for ourselves). Only
for who may read the account; the figures over what they may read of its tree."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from koers.accounts.models import Account
from koers.core import access
from koers.core.http import AuthenticatedHttpRequest
from koers.insights.reports import account_review, document

FIRST_YEAR, LAST_YEAR = 2000, 2199


def _account(request: AuthenticatedHttpRequest, pk: int) -> Account:
    found = access.accounts_readable(request.user).select_related("owner").filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _year(request: AuthenticatedHttpRequest) -> int:
    text = str(request.GET.get("year") or "")
    year = int(text) if text.isdigit() and len(text) == 4 else timezone.localdate().year
    return min(max(year, FIRST_YEAR), LAST_YEAR)


@login_required
@require_GET
def account_review_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    year = _year(request)
    review = account_review.review_of(request.user, account, year, internal=True)
    context = {
        "account": account,
        "review": review,
        "year": year,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 4, -1)),
        "nav": "accounts",
    }
    return render(request, "insights/reports/account_review.html", context)


@login_required
@require_GET
def account_review_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    year = _year(request)
    internal = request.GET.get("variant") == "internal"
    review = account_review.review_of(request.user, account, year, internal=internal)
    response = HttpResponse(
        document.account_review_pdf(review, request.user), content_type="application/pdf"
    )
    suffix = "" if internal else "-customer"
    name = f"year-report-{year}-{account.pk}{suffix}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
