"""My day and my week: what is planned, what is overdue; a manager's view of a team member."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.core.models import User
from koers.relations import agenda
from koers.relations.calendar import holiday_name
from koers.relations.nearby import nearby_due
from koers.relations.views.activities import item_context


def _person(request: AuthenticatedHttpRequest) -> User:
    """Whose agenda: `?user=` (a manager's team member), otherwise the one signed in."""
    pk = id_param(request.GET.get("user"))
    if pk is None or pk == request.user.pk:
        return request.user
    person = access.users_readable(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    if not access.can_view_agenda_of(request.user, person):
        raise NotAllowed("may not see this agenda")
    return person


def _day(value: str | None, default: date) -> date:
    try:
        return date.fromisoformat(value) if value else default
    except ValueError:
        return default


def _team(user: User) -> list[User]:
    """Whose week a manager may open: the members of the teams they manage."""
    if not (user.is_admin or user.role == "manager"):
        return []
    members = User.objects.filter(is_active=True).order_by("first_name", "last_name")
    if not user.is_admin:
        members = members.filter(teams__manager=user).distinct()
    return list(members)


def _context(request: AuthenticatedHttpRequest, person: User, today: date) -> dict[str, Any]:
    return {
        **item_context(),
        "nav": "my_day",
        "person": person,
        "own": person.pk == request.user.pk,
        "team": _team(request.user),
        "overdue": agenda.overdue(request.user, person, today),
    }


@login_required
def my_day(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The day's first activities; `?after=` (the "next" button, HTMX) the ones after a key."""
    person = _person(request)
    today = timezone.localdate()
    day = _day(request.GET.get("day"), today)
    after = request.GET.get("after", "")
    try:
        page = agenda.day_page(request.user, person, day, after=after)
    except agenda.BadCursor:
        return HttpResponseBadRequest(_("after: not the key of an activity."))
    suggestions = nearby_due(request.user, page.activities, max(day, today))
    for activity in page.activities:
        activity.nearby = suggestions.get(activity.pk, [])  # type: ignore[attr-defined]
    context = {
        **item_context(),
        "nav": "my_day",
        "person": person,
        "own": person.pk == request.user.pk,
        "day": day,
        "page": page,
        "activities": page.activities,
    }
    if after and is_partial(request):
        context["next_url"] = _day_url(person, day, request.user)
        return vary_on_htmx(render(request, "relations/_day_items.html", context))
    context.update(
        {
            **_context(request, person, today),
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "holiday": holiday_name(day),
        }
    )
    return vary_on_htmx(render(request, "relations/my_day.html", context))


def _day_url(person: User, day: date, viewer: User) -> str:
    """Where an agenda row's actions come back to: the day, not its "next" page."""
    query = {"day": day.isoformat()}
    if person.pk != viewer.pk:
        query["user"] = str(person.pk)
    return f"{reverse('relations:my_day')}?{urlencode(query)}"


@login_required
def my_week(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = _person(request)
    today = timezone.localdate()
    monday = agenda.monday_of(_day(request.GET.get("day"), today))
    days = agenda.week_of(request.user, person, monday, holiday_name)
    context = {
        **_context(request, person, today),
        "monday": monday,
        "days": days,
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
    }
    return render(request, "relations/my_week.html", context)
