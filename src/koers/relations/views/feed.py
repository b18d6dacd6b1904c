"""The feed of visit reports: a manager reads the team's reports, newest first, and opens one to
comment ("beoordelen/analyseren van bezoekverslagen", seeds/002); everyone else reads the
reports of the accounts they may read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse

from koers.core import access
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import render_count, render_list
from koers.relations.filters import ReportFilterSet


@login_required
def report_feed(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ReportFilterSet(request.GET, user=request.user)
    context = {"nav": "my_day", "can_comment": access.can_comment_on_reports(request.user)}
    return render_list(
        request,
        filterset,
        template="relations/report_feed.html",
        partial="relations/_report_feed_results.html",
        context=context,
    )


@login_required
def report_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The feed's count line for the same filters, asked by the feed page after its cards (the
    page does not count: docs/performance.md, part 3)."""
    filterset = ReportFilterSet(request.GET, user=request.user)
    return render_count(request, filterset, template="relations/_report_count.html")
