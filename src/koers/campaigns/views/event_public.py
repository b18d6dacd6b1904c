"""An event's public pages (decision 139): the registration page, reached by the event's random
address, and the cancel link of a registrant's mail (a signed token). No login; they show the
event itself and nothing else, and every request counts against EVENT_PAGE_RATE_LIMIT per
address, like the quote's and the unsubscribe page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from koers.campaigns import event_services
from koers.campaigns.event_forms import RegistrationForm
from koers.campaigns.event_links import CANCEL, invitation_of, unsign_id
from koers.campaigns.event_mail import when
from koers.campaigns.event_models import Event, Registration
from koers.campaigns.event_services import Registrant
from koers.core.ratelimit import over_limit

LIMITED = "sales/online/limited.html"


def _limited(request: HttpRequest) -> bool:
    return over_limit(request, "event-page", settings.EVENT_PAGE_RATE_LIMIT)


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "campaigns/events/public_invalid.html", status=404)


def _registrant(request: HttpRequest, form: RegistrationForm) -> Registrant:
    data = form.cleaned_data
    who = Registrant(
        name=data["name"],
        company=data["company"],
        email=data["email"],
        language=(translation.get_language() or "nl")[:2],
        answers=form.answers(),
    )
    invitation = invitation_of(request.GET.get("i", ""))
    if invitation is not None:
        who.invited, who.source = invitation[0], invitation[1]
    return who


@never_cache
@require_http_methods(["GET", "POST"])
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    if _limited(request):
        return render(request, LIMITED, status=429)
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        return _gone(request)
    form = RegistrationForm(request.POST or None, questions=event.question_list)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                registration, created = event_services.registration_create(
                    event=event, who=_registrant(request, form)
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                context = {"event": event, "when": when(event), "registration": registration}
                context["created"] = created
                return render(request, "campaigns/events/public_done.html", context)
    context = {"event": event, "when": when(event), "form": form}
    return render(request, "campaigns/events/public_register.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """GET asks (a mail scanner following links cancels nothing); POST cancels."""
    if _limited(request):
        return render(request, LIMITED, status=429)
    registration_id = unsign_id(CANCEL, token)
    found = (
        Registration.objects.filter(pk=registration_id, event__slug=slug)
        .select_related("event")
        .first()
        if registration_id
        else None
    )
    if found is None:
        return _gone(request)
    done_now = False
    if request.method == "POST":
        cancelled, done_now = event_services.registration_cancel(registration_id=found.pk)
        found = cancelled or found
    with translation.override(found.language or "nl"):
        context = {
            "event": found.event,
            "when": when(found.event),
            "registration": found,
            "done_now": done_now,
            "cancelled": found.status == "cancelled",
        }
        return render(request, "campaigns/events/public_cancel.html", context)
