"""The user's own calendar: the Calendar section of the settings page; the private feed's
actions and the feed itself, which a calendar fetches without a login (the token in the URL is
the secret); and the CalDAV sync's connect, sync now and disconnect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.relations import services
from koers.relations.feed import cached_feed, feed_fingerprint
from koers.relations.forms import CalendarSyncForm
from koers.relations.models import CalendarFeed, CalendarSync
from koers.relations.tasks import sync_calendar


def _feed_url(request: HttpRequest, feed: CalendarFeed | None) -> str:
    if feed is None:
        return ""
    return request.build_absolute_uri(reverse("relations:calendar_feed", args=[feed.token]))


def _section(
    request: AuthenticatedHttpRequest, sync_form: CalendarSyncForm | None = None
) -> HttpResponse:
    feed = CalendarFeed.objects.filter(user=request.user).first()
    sync = CalendarSync.objects.filter(user=request.user).first()
    if sync_form is None:
        initial = {"url": sync.url, "username": sync.username} if sync else None
        sync_form = CalendarSyncForm(initial=initial, prefix="caldav")
    url = _feed_url(request, feed)
    context: dict[str, Any] = {
        "feed": feed,
        "feed_url": url,
        "webcal_url": url.replace("https://", "webcal://").replace("http://", "webcal://"),
        "sync": sync,
        "sync_form": sync_form,
        "nav": "settings",
    }
    template = "relations/_calendar_settings.html"
    if not is_partial(request):
        template = "relations/calendar_settings.html"
    return vary_on_htmx(render(request, template, context))


@login_required
def calendar_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The calendar section of the settings page (a panel), or a page of its own."""
    return _section(request)


def _back_to_settings() -> HttpResponse:
    return redirect(reverse("core:settings") + "#calendar")


_ACTIONS = {
    "on": (services.calendar_feed_enable, gettext_lazy("Your calendar feed is on.")),
    "renew": (
        services.calendar_feed_renew,
        gettext_lazy("Your calendar feed has a new address. The old one no longer works."),
    ),
    "revoke": (services.calendar_feed_revoke, gettext_lazy("Your calendar feed is off.")),
}


@login_required
@require_POST
def calendar_feed_action(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn the feed on, give it a new address, or switch it off: always the user's own."""
    action = _ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponse(_("Unknown action."), status=400)
    write, message = action
    write(actor=request.user)
    messages.success(request, message)
    return _back_to_settings()


@login_required
@require_POST
def calendar_sync_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Connects the user's CalDAV calendar and starts the first sync."""
    form = CalendarSyncForm(request.POST, prefix="caldav")
    if form.is_valid():
        try:
            services.calendar_sync_connect(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            sync_calendar.enqueue(request.user.pk)
            messages.success(request, _("Saved. Your calendar is being synchronised."))
            return _back_to_settings()
    return _section(request, form)


@login_required
@require_POST
def calendar_sync_now(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Runs the sync again now, for example after one that failed."""
    if not CalendarSync.objects.filter(user=request.user).exists():
        raise Http404
    sync_calendar.enqueue(request.user.pk)
    messages.success(request, _("Your calendar is being synchronised."))
    return _back_to_settings()


@login_required
@require_POST
def calendar_sync_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.calendar_sync_disconnect(actor=request.user)
    messages.success(
        request, _("The sync with your calendar is off. Its events stay in your calendar.")
    )
    return _back_to_settings()


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed: 404 for a token that is unknown, renewed or revoked, or of a blocked user."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=timezone.now())
    fingerprint = feed_fingerprint(feed.user, feed.token)
    etag = f'"{fingerprint}"'
    # A calendar that sends the ETag of what it has gets a 304 while nothing changed.
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        cached_feed(feed.user, fingerprint), content_type="text/calendar; charset=utf-8"
    )
    response["ETag"] = etag
    response["Content-Disposition"] = 'inline; filename="koers.ics"'
    # It names customers: no shared cache keeps it, and the URL is the only key; the calendar
    # itself may keep it and ask again with its ETag.
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    return response
