"""The door of an event (decision 139), on a phone or tablet: search the registrations by name
or company and tap to check one in, open a registrant's QR code (its link checks them in for a
colleague who is signed in), and add a walk-in. For who runs campaigns and the colleagues on
the event's stand duty (`access.can_check_in`); the others who read the event get a 403."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.campaigns import event_queries, event_services
from koers.campaigns.event_forms import WalkInForm
from koers.campaigns.event_links import CHECK_IN, unsign_id
from koers.campaigns.event_models import Event, Registration
from koers.campaigns.event_services import Registrant
from koers.campaigns.views.campaigns import NAV
from koers.campaigns.views.events import event_or_404
from koers.core.errors import NotAllowed
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest


def _door(request: AuthenticatedHttpRequest, pk: int) -> Event:
    event = event_or_404(request, pk)
    if not event_queries.may_check_in(request.user, event):
        raise NotAllowed
    return event


def _message(registration: Registration, done_now: bool) -> str:
    if done_now:
        return _("%(name)s is checked in.") % {"name": registration.name}
    return _("%(name)s was checked in already.") % {"name": registration.name}


@login_required
def event_door(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _door(request, pk)
    text = request.GET.get("q", "").strip()[:100]
    context = {
        "event": event,
        "campaign": event.campaign,
        "q": text,
        "found": event_queries.door_search(event, text) if text else [],
        "walk_in_form": WalkInForm(),
        "nav": NAV,
    }
    if is_partial(request):
        return vary_on_htmx(render(request, "campaigns/events/_door_results.html", context))
    return vary_on_htmx(render(request, "campaigns/events/door.html", context))


@login_required
@require_POST
def event_check_in(request: AuthenticatedHttpRequest, pk: int, registration: int) -> HttpResponse:
    event = _door(request, pk)
    found = get_object_or_404(Registration, pk=registration, event=event)
    try:
        done_now = event_services.registration_check_in(actor=request.user, registration=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _message(found, done_now))
    found.refresh_from_db()
    if is_partial(request):
        context = {"event": event, "row": found}
        return vary_on_htmx(render(request, "campaigns/events/_door_row.html", context))
    return redirect("campaigns:event_door", pk=event.pk)


@login_required
@require_POST
def event_walk_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = _door(request, pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        who = Registrant(name=data["name"], company=data["company"], email=data["email"])
        try:
            registration = event_services.walk_in(actor=request.user, event=event, who=who)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
        else:
            messages.success(request, _message(registration, True))
            return redirect("campaigns:event_door", pk=event.pk)
    context = {
        "event": event,
        "campaign": event.campaign,
        "q": "",
        "found": [],
        "walk_in_form": form,
        "nav": NAV,
    }
    return render(request, "campaigns/events/door.html", context, status=422)


@login_required
def event_scan(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The QR code's link: checks its registration in for a colleague at the door (idempotent:
    opening it twice says "already"). A forged token, or an event the user may not read, is a
    404; a colleague who reads it but is not at the door, a 403."""
    registration_id = unsign_id(CHECK_IN, token)
    found = Registration.objects.filter(pk=registration_id).first() if registration_id else None
    if found is None:
        raise Http404
    event = _door(request, found.event_id)
    try:
        done_now = event_services.registration_check_in(actor=request.user, registration=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _message(found, done_now))
    return redirect("campaigns:event_door", pk=event.pk)
