"""The header's bell (unread count) and the list of one's notifications, marked read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.notifications import services
from koers.notifications.models import Notification

PER_PAGE = 30
# The bell counts up to this, then shows "99+": counting is bounded whatever the backlog.
BELL_CAP = 99


@login_required
def bell(request: AuthenticatedHttpRequest) -> HttpResponse:
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True)
    count = unread[: BELL_CAP + 1].count()
    context = {"count": count, "capped": count > BELL_CAP, "cap": BELL_CAP}
    return vary_on_htmx(render(request, "notifications/_bell.html", context))


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = Notification.objects.filter(recipient=request.user).select_related("actor")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page_obj": page, "nav": "notifications"})


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Marks one (`id`) or all of one's notifications read; with `next`, follows its link."""
    pk = id_param(request.POST.get("id"))
    services.notifications_mark_read(actor=request.user, ids=None if pk is None else [pk])
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:notification_list")
