"""The plans' overviews (decision 127): the Plans page of the header (my plans, my team's), and
the manager's overview of a team's plans of a year with its deadline and its export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.core.errors import NotAllowed
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param, render_list
from koers.planning.plans import forms, overview, services
from koers.planning.plans.filters import OverviewFilterSet, PlanFilterSet
from koers.transfer import exports


@login_required
def plan_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = PlanFilterSet(request.GET, user=request.user)
    context = {"nav": "plans", "oversees": overview.may_oversee(request.user)}
    return render_list(
        request,
        filterset,
        template="planning/plans/plan_index.html",
        partial="planning/plans/_plan_results.html",
        context=context,
    )


def _overseer(request: AuthenticatedHttpRequest) -> None:
    if not overview.may_oversee(request.user):
        raise NotAllowed(_("The overview of a team's plans is for its manager."))


@login_required
def plan_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    _overseer(request)
    filterset = OverviewFilterSet(request.GET, user=request.user)
    team = filterset.chosen_team
    context = {
        "nav": "plans",
        "team": team,
        "year": filterset.chosen_year,
        "deadline": filterset.deadline,
        "deadline_form": forms.DeadlineForm(initial={"submit_by": filterset.deadline}),
        "may_set_deadline": team is not None and services.may_set_deadline(request.user, team),
    }
    return render_list(
        request,
        filterset,
        template="planning/plans/plan_overview.html",
        partial="planning/plans/_overview_results.html",
        context=context,
    )


@login_required
@require_GET
def overview_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    _overseer(request)
    filterset = OverviewFilterSet(request.GET, user=request.user)
    # Prepared per chunk (the progress column); the writers only ask for iterator().
    rows = filterset.export_rows()
    return exports.export_response(
        rows,
        filterset.columns,
        fmt=fmt,
        name="plan-overview",
        title=_("Plans of the team"),
    )


@login_required
@require_POST
def deadline_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's deadline for the year's plans, set on the overview."""
    found = (
        overview.teams_overseen(request.user)
        .filter(pk=id_param(request.POST.get("team")) or 0)
        .first()
    )
    if found is None:
        raise Http404
    year = id_param(request.POST.get("year")) or 0
    form = forms.DeadlineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the deadline as a date."))
    else:
        try:
            services.deadline_set(
                actor=request.user, team=found, year=year, submit_by=form.cleaned_data["submit_by"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The deadline is saved."))
    query = f"?team={found.pk}&year={year}" if year else f"?team={found.pk}"
    return redirect(reverse("planning:plan_overview") + query)
