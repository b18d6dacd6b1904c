"""The pages of sales plans (docs/decisions.md, 125): the list of plans one reads, starting a
plan, a plan (its proposals, proposed targets, activity plan and the workflow), changing its
developments, the general plan of a team or the company, and the organisation-wide actions.
The writes of a plan's parts and of the workflow are in `edits.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.planning.models import SALES_PERIOD_COUNTS, SalesAction, SalesPeriod, SalesPlan
from koers.planning.salesplans import forms, general, queries, sales_actions, services

LIST_LIMIT = 100
NAV = "targets"


def post_data(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def plan_or_404(request: AuthenticatedHttpRequest, pk: int) -> SalesPlan:
    try:
        return queries.plan_for_detail(request.user, pk)
    except SalesPlan.DoesNotExist as exc:
        raise Http404 from exc


def owner_only(request: AuthenticatedHttpRequest, plan: SalesPlan) -> None:
    if request.user.pk != plan.owner_id or not queries.may_own(request.user):
        raise NotAllowed


def _year(request: AuthenticatedHttpRequest) -> int:
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() and len(value) == 4 else timezone.localdate().year
    return year if services.FIRST_YEAR <= year <= services.LAST_YEAR else timezone.localdate().year


@login_required
def salesplan_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year(request)
    plans = list(queries.plans_for_list(request.user).filter(year=year)[:LIST_LIMIT])
    context = {
        "plans": plans,
        "year": year,
        "years": [year - 1, year, year + 1],
        "may_start": queries.may_own(request.user),
        "reads_general": queries.teams_for(request.user).exists(),
        "nav": NAV,
    }
    return render(request, "planning/salesplans/list.html", context)


@login_required
def salesplan_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not queries.may_own(request.user):
        raise NotAllowed
    initial = {"year": timezone.localdate().year, "period_kind": SalesPeriod.YEAR, "period": 1}
    form = forms.PlanNewForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.sales_plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your sales plan is started."))
            return redirect("planning:salesplan_detail", pk=plan.pk)
    return render(request, "planning/salesplans/new.html", {"form": form, "nav": NAV})


@login_required
def salesplan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    rights = queries.rights_of(request.user, plan)
    comments = list(plan.comments.all())
    context = {
        "plan": plan,
        "rights": rights,
        "totals": queries.totals_of(plan),
        "proposals": list(plan.proposals.all()),
        "asked_more": [c for c in comments if c.asks_more],
        "decide_form": forms.DecideForm(),
        "ask_more_form": forms.AskMoreForm(),
        "target_form": forms.TargetForm() if rights.write else None,
        "action_form": forms.ActionForm(plan=plan) if rights.write else None,
        "nav": NAV,
    }
    return render(request, "planning/salesplans/detail.html", context)


@login_required
def salesplan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    owner_only(request, plan)
    form = forms.PlanForm(post_data(request), instance=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.sales_plan_update(
                actor=request.user,
                plan=plan,
                expected_version=id_param(request.POST.get("version")) or 0,
                data=form.data_for_service(),
            )
        except StaleVersionError as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("planning:salesplan_detail", pk=plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "conflict": conflict,
        "title": _("Developments behind the plan"),
        "nav": NAV,
    }
    return render(request, "planning/salesplans/form.html", context)


def _period(request: AuthenticatedHttpRequest) -> tuple[str, int]:
    kind = request.GET.get("period_kind") or SalesPeriod.YEAR
    if kind not in SALES_PERIOD_COUNTS:
        raise Http404
    value = request.GET.get("period", "1")
    period = int(value) if value.isdigit() and len(value) == 1 else 0
    if not 1 <= period <= SALES_PERIOD_COUNTS[kind]:
        raise Http404
    return kind, period


@login_required
def salesplan_general(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The general plan: of the company (who reads everything) or of one team (its manager)."""
    teams = queries.teams_for(request.user)
    if not teams.exists():
        raise Http404
    year = _year(request)
    kind, period = _period(request)
    team_id = id_param(request.GET.get("team"))
    team = teams.filter(pk=team_id).first() if team_id else None
    if team_id and team is None:
        raise Http404
    company = team is None and queries.reads_company(request.user)
    if company:
        plan = general.company_plan(teams, year, kind, period)
    else:
        team = team or teams.first()
        assert team is not None
        plan = general.team_plan(team, year, kind, period)
    context = {
        "general": plan,
        "team": team,
        "teams": list(teams),
        "company": company,
        "reads_company": queries.reads_company(request.user),
        "periods": SalesPeriod.choices,
        "years": [year - 1, year, year + 1],
        "nav": NAV,
    }
    return render(request, "planning/salesplans/general.html", context)


@login_required
def sales_action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "actions": list(queries.sales_actions_readable(request.user)[:LIST_LIMIT]),
        "may_define": queries.may_define_actions(request.user),
        "nav": NAV,
    }
    return render(request, "planning/salesplans/sales_actions.html", context)


def _sales_action_form(
    request: AuthenticatedHttpRequest, action: SalesAction | None
) -> HttpResponse:
    if not queries.may_define_actions(request.user):
        raise NotAllowed
    form = forms.SalesActionForm(post_data(request), instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            sales_actions.sales_action_save(
                actor=request.user, action=action, **form.data_for_service()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The action is saved."))
            return redirect("planning:sales_action_list")
    title = _("Change the action") if action else _("New organisation-wide action")
    context = {"form": form, "title": title, "plan": None, "nav": NAV}
    return render(request, "planning/salesplans/form.html", context)


@login_required
def sales_action_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _sales_action_form(request, None)


@login_required
def sales_action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = queries.sales_actions_readable(request.user).filter(pk=pk).first()
    if action is None:
        raise Http404
    return _sales_action_form(request, action)
