"""Administration: the sales teams (name, manager, members). Administrators only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from koers.core import services
from koers.core.forms import TeamForm, add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import Team
from koers.core.views.administration import PER_PAGE, admin_page, posted, require_admin


@login_required
def team_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    teams = (
        Team.objects.select_related("manager")
        .annotate(member_count=Count("members"))
        .order_by("name", "pk")
    )
    page = Paginator(teams, PER_PAGE).get_page(request.GET.get("page"))
    return admin_page(request, "core/admin/team_list.html", "teams", {"page": page})


@login_required
def team_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = TeamForm(posted(request))
    if form.is_valid():
        try:
            team = services.team_create(
                actor=request.user,
                data={"name": form.cleaned_data["name"], "manager": form.cleaned_data["manager"]},
                members=form.cleaned_data["members"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Team %(name)s has been created.") % {"name": team})
            return redirect("core:team_list")
    return admin_page(request, "core/admin/team_form.html", "teams", {"form": form, "team": None})


@login_required
def team_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    team = get_object_or_404(Team, pk=pk)
    form = TeamForm(posted(request), instance=team)
    if form.is_valid():
        try:
            saved = services.team_update(
                actor=request.user,
                team=team,
                data={"name": form.cleaned_data["name"], "manager": form.cleaned_data["manager"]},
                members=form.cleaned_data["members"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Team %(name)s has been saved.") % {"name": saved})
            return redirect("core:team_list")
    if form.is_bound:
        team.refresh_from_db()
    return admin_page(request, "core/admin/team_form.html", "teams", {"form": form, "team": team})
