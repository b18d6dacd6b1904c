"""My day and my week: what is planned, what is overdue; a manager's view of a team member."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from koers.core import access
from koers.core.errors import NotAllowed
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
    person = _person(request)
    today = timezone.localdate()
    day = _day(request.GET.get("day"), today)
    activities = agenda.activities_between(request.user, person, day, day + timedelta(1))
    suggestions = nearby_due(request.user, activities, max(day, today))
    for activity in activities:
        activity.nearby = suggestions.get(activity.pk, [])  # type: ignore[attr-defined]
    context = {
        **_context(request, person, today),
        "day": day,
        "previous": day - timedelta(days=1),
        "next": day + timedelta(days=1),
        "holiday": holiday_name(day),
        "activities": activities,
    }
    return render(request, "relations/my_day.html", context)


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
