"""An event's pages for staff (decision 139): creating and changing it (marketing), the event
page with its counts, public link, stand duty, a personal invitation link and the button to
plan an appointment at the fair. Its registrations: `event_registrations.py`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.campaigns import event_queries, event_services, stand_duty
from koers.campaigns.event_forms import EventForm, SlotForm
from koers.campaigns.event_links import invitation_url, page_url
from koers.campaigns.event_models import Event, RegistrationStatus, StandSlot
from koers.campaigns.forms import ContactChoiceForm
from koers.campaigns.views.campaigns import NAV, campaign_or_404
from koers.campaigns.views.selection import CHOICES_LIMIT, own_contacts
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest


def event_or_404(request: AuthenticatedHttpRequest, pk: int) -> Event:
    try:
        return event_queries.event_for_detail(request.user, pk)
    except Event.DoesNotExist as exc:
        raise Http404 from exc


def _data(form: EventForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in event_services.EDITABLE}


@login_required
def event_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    initial = {"name": campaign.name, "reminder_days": 2}
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = event_services.event_create(
                actor=request.user, campaign=campaign, data=_data(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event is created."))
            return redirect("campaigns:event_detail", pk=event.pk)
    context = {"campaign": campaign, "form": form, "nav": NAV}
    return render(request, "campaigns/events/event_form.html", context)


@login_required
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(request, pk)
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST" and form.is_valid():
        try:
            event_services.event_update(actor=request.user, event=event, data=_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The event has been changed."))
            return redirect("campaigns:event_detail", pk=event.pk)
    context = {"campaign": event.campaign, "event": event, "form": form, "nav": NAV}
    return render(request, "campaigns/events/event_form.html", context)


def _counts(request: AuthenticatedHttpRequest, event: Event) -> dict[str, int]:
    rows = event_queries.registrations_readable(request.user, event)
    return rows.aggregate(
        registered=Count("pk", filter=Q(status=RegistrationStatus.REGISTERED)),
        waiting=Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
        attended=Count("pk", filter=Q(checked_in_at__isnull=False)),
        unmatched=Count(
            "pk", filter=Q(contact__isnull=True) & ~Q(status=RegistrationStatus.CANCELLED)
        ),
    )


def appointment_url(event: Event) -> str:
    """The activity planner, filled in with the event's day, time and place."""
    start = timezone.localtime(event.starts_at)
    query = {
        "kind": "event_meeting",
        "day": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "location": event.location,
        "subject": _("Appointment at %(event)s") % {"event": event.name},
    }
    return reverse("relations:activity_plan") + "?" + urlencode(query)


def _context(request: AuthenticatedHttpRequest, event: Event, **extra: Any) -> dict[str, Any]:
    user = request.user
    may_run = access.can_run_campaigns(user)
    context = {
        "event": event,
        "campaign": event.campaign,
        "counts": _counts(request, event),
        "public_url": page_url(event.slug),
        "slots": event_queries.slots_of(event),
        "may_run": may_run,
        "may_check_in": event_queries.may_check_in(user, event),
        "may_invite": access.can_invite_personally(user),
        "may_plan": not access.changes_nothing(user),
        "appointment_url": appointment_url(event),
        "nav": NAV,
    }
    if context["may_invite"]:
        context["invite_form"] = ContactChoiceForm(contacts=_inviteable(request)[:CHOICES_LIMIT])
    if may_run:
        context["slot_form"] = SlotForm(
            initial={"starts_at": event.starts_at, "ends_at": event.ends_at}
        )
    return context | extra


def _inviteable(request: AuthenticatedHttpRequest) -> Any:
    if access.can_run_campaigns(request.user):
        return (
            access.contacts_readable(request.user)
            .filter(erased_at__isnull=True)
            .order_by("last_name", "first_name", "pk")
        )
    return own_contacts(request.user)


@login_required
def event_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(request, pk)
    return render(request, "campaigns/events/event_detail.html", _context(request, event))


@login_required
@require_POST
def event_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A personal invitation link for one of the user's own contacts, to copy into a mail."""
    event = event_or_404(request, pk)
    if not access.can_invite_personally(request.user):
        raise NotAllowed
    contacts = _inviteable(request)
    form = ContactChoiceForm(request.POST, contacts=contacts)
    link, contact = "", None
    if form.is_valid():
        contact = form.cleaned_data["contact"]
        link = invitation_url(event.slug, contact.pk)
    context = _context(request, event, invite_link=link, invited=contact, invite_error=not link)
    status = 200 if link else 422
    return render(request, "campaigns/events/event_detail.html", context, status=status)


@login_required
@require_POST
def event_slot_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = event_or_404(request, pk)
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    form = SlotForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            stand_duty.slot_add(
                actor=request.user,
                event=event,
                user=data["user"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                note=data["note"],
                despite_agenda=data["despite_agenda"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The stand duty is planned."))
            return redirect("campaigns:event_detail", pk=event.pk)
    context = _context(request, event, slot_form=form)
    return render(request, "campaigns/events/event_detail.html", context, status=422)


@login_required
@require_POST
def event_slot_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    slot = StandSlot.objects.filter(
        pk=pk, event__in=event_queries.events_readable(request.user)
    ).first()
    if slot is None:
        raise Http404
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    event_id = slot.event_id
    stand_duty.slot_remove(actor=request.user, slot=slot)
    messages.success(request, _("The stand duty is removed."))
    return redirect("campaigns:event_detail", pk=event_id)
