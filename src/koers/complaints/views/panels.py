"""The open complaints of an account or a contact: a panel on their pages (HTMX)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koers.complaints import queries
from koers.complaints.models import OPEN_STATUSES, Complaint, ComplaintStatus
from koers.core import access
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest

PANEL_LIMIT = 20


def _open(rows: QuerySet[Complaint]) -> list[Complaint]:
    """Open ones first (past the promised date first), then those waiting for the customer's
    answer to the follow-up check."""
    today = timezone.localdate()
    found = list(
        rows.filter(status__in=[*OPEN_STATUSES, ComplaintStatus.SOLVED])
        .select_related("category", "owner")
        .order_by("-received_at", "-pk")[:PANEL_LIMIT]
    )
    for c in found:
        c.overdue = c.overdue_on(today)  # type: ignore[attr-defined]
    found.sort(key=lambda c: (not c.is_open, not c.overdue, c.promised_on or today))  # type: ignore[attr-defined]
    return found


@login_required
def account_complaints(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = access.accounts_readable(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    rows = Complaint.objects.filter(account=account)
    context = {
        "account": account,
        "complaints": _open(rows),
        "may_register": queries.may_register(request.user, account.pk),
    }
    return vary_on_htmx(render(request, "complaints/_panel.html", context))


@login_required
def contact_complaints(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = access.contacts_readable(request.user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    rows = queries.complaints_readable(request.user).filter(contact=contact)
    context = {"contact": contact, "complaints": _open(rows), "may_register": False}
    return vary_on_htmx(render(request, "complaints/_panel.html", context))
