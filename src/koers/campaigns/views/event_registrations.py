"""An event's registrations for staff (decisions 139 and 147): the list the user may read, and
for marketing and the campaign's owner a registration cancelled for the registrant or moved up
from the waiting list by hand (asked first when every place is taken)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.campaigns import event_queries, event_services
from koers.campaigns.event_models import Event, Registration, RegistrationStatus
from koers.campaigns.views.campaigns import NAV
from koers.campaigns.views.events import event_or_404
from koers.core.errors import NotAllowed
from koers.core.http import AuthenticatedHttpRequest

PER_PAGE = 50
SHOWS = ("registered", "waiting", "cancelled", "attended", "unmatched")


def _shown(rows: Any, show: str) -> Any:
    if show == "attended":
        return rows.filter(checked_in_at__isnull=False)
    if show == "unmatched":
        return rows.filter(contact__isnull=True).exclude(status=RegistrationStatus.CANCELLED)
    if show in RegistrationStatus.values:
        return rows.filter(status=show)
    return rows


def _show(value: str) -> str:
    return value if value in SHOWS else ""


def _context(request: AuthenticatedHttpRequest, event: Event, show: str) -> dict[str, Any]:
    rows = _shown(event_queries.registrations_readable(request.user, event), show)
    rows = rows.prefetch_related("mails").order_by("registered_at", "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    labels = dict(RegistrationStatus.choices) | {
        "attended": _("Attended"),
        "unmatched": _("Unmatched (no contact)"),
    }
    return {
        "event": event,
        "campaign": event.campaign,
        "page": page,
        "show": show,
        "shows": [(value, labels[value]) for value in SHOWS],
        "may_manage": event_queries.may_manage(request.user, event),
        "nav": NAV,
    }


@login_required
def event_registrations(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The registrations the user may read: all for marketing and the campaign's owner; an
    account manager's those of contacts at their accounts. `show` narrows to a status, the
    attended or the unmatched."""
    event = event_or_404(request, pk)
    context = _context(request, event, _show(request.GET.get("show", "")))
    return render(request, "campaigns/events/registrations.html", context)


def _registration(
    request: AuthenticatedHttpRequest, pk: int, registration: int
) -> tuple[Event, Registration]:
    """The event and one of its registrations the user reads (else 404), for who may manage them
    (else 403)."""
    event = event_or_404(request, pk)
    try:
        found = event_queries.registration_for(request.user, event, registration)
    except Registration.DoesNotExist as exc:
        raise Http404 from exc
    if not event_queries.may_manage(request.user, event):
        raise NotAllowed
    found.event = event
    return event, found


def _back(event: Event, show: str) -> HttpResponse:
    url = reverse("campaigns:event_registrations", args=[event.pk])
    return redirect(f"{url}?show={show}" if show else url)


@login_required
@require_POST
def registration_cancel(
    request: AuthenticatedHttpRequest, pk: int, registration: int
) -> HttpResponse:
    event, found = _registration(request, pk, registration)
    cancelled = event_services.registration_cancel_by_staff(actor=request.user, registration=found)
    if not cancelled.done:
        messages.info(
            request, _("%(name)s's registration was cancelled already.") % {"name": found.name}
        )
    else:
        messages.success(request, _("%(name)s's registration is cancelled.") % {"name": found.name})
    if cancelled.moved_up is not None:
        messages.success(
            request,
            _("%(name)s moved up from the waiting list and gets the mail.")
            % {"name": cancelled.moved_up.name},
        )
    return _back(event, _show(request.POST.get("show", "")))


@login_required
@require_POST
def registration_move_up(
    request: AuthenticatedHttpRequest, pk: int, registration: int
) -> HttpResponse:
    """Moves one up by hand; when every place is taken, the list again with the question and
    a button that confirms (422 until confirmed: nothing changed)."""
    event, found = _registration(request, pk, registration)
    show = _show(request.POST.get("show", ""))
    try:
        _row, done = event_services.registration_move_up(
            actor=request.user,
            registration=found,
            over_capacity=request.POST.get("over_capacity") == "1",
        )
    except ValidationError as exc:
        context = _context(request, event, show) | {"refused": found, "refusal": exc}
        context["full"] = "over_capacity" in getattr(exc, "error_dict", {})
        return render(request, "campaigns/events/registrations.html", context, status=422)
    if done:
        messages.success(
            request, _("%(name)s has a place now and gets the mail.") % {"name": found.name}
        )
    else:
        messages.info(request, _("%(name)s had a place already.") % {"name": found.name})
    return _back(event, show)
