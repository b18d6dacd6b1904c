"""The edit forms of a plan's content: the plan, its goals and actions, an action planned
as an activity, its team and the discussion with the account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.planning.plans import forms, services
from koers.planning.plans.views.base import (
    _action,
    _form_page,
    _goal,
    _plan,
    _post,
    _refused,
    _writable,
)
from koers.relations.models import ActivityKind


@login_required
def plan_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _writable(request, plan)
    form = forms.PlanForm(_post(request), instance=plan)

    def save() -> Any:
        return services.plan_update(
            actor=request.user,
            plan=plan,
            expected_version=id_param(request.POST.get("version")) or 0,
            data=form.data_for_service(),
        )

    return _form_page(request, plan, form, _("Change the plan"), save)


@login_required
def goal_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _writable(request, plan)
    form = forms.GoalForm(_post(request), plan=plan)

    def save() -> Any:
        return services.goal_add(actor=request.user, plan=plan, **form.data_for_service())

    return _form_page(request, plan, form, _("New goal"), save)


@login_required
def goal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    _writable(request, goal.plan)
    form = forms.GoalForm(_post(request), instance=goal, plan=goal.plan)

    def save() -> Any:
        return services.goal_update(actor=request.user, goal=goal, data=form.data_for_service())

    def delete() -> None:
        services.goal_delete(actor=request.user, goal=goal)

    return _form_page(request, goal.plan, form, _("Change the goal"), save, deletable=delete)


@login_required
def action_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    goal = _goal(request, pk)
    _writable(request, goal.plan)
    form = forms.ActionForm(_post(request), initial={"owner": goal.owner_id, "due_on": goal.due_on})

    def save() -> Any:
        return services.action_add(actor=request.user, goal=goal, **form.data_for_service())

    return _form_page(request, goal.plan, form, _("New action"), save)


@login_required
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    plan = action.goal.plan
    _writable(request, plan)
    form = forms.ActionForm(_post(request), instance=action)

    def save() -> Any:
        return services.action_update(
            actor=request.user, action=action, data=form.data_for_service()
        )

    def delete() -> None:
        services.action_delete(actor=request.user, action=action)

    return _form_page(request, plan, form, _("Change the action"), save, deletable=delete)


@login_required
@require_POST
def action_activity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One click: the action becomes a planned activity (a visit, or the kind asked)."""
    action = _action(request, pk)
    kind = request.POST.get("kind") or ActivityKind.VISIT
    if kind not in ActivityKind.values:
        kind = ActivityKind.VISIT
    try:
        services.action_plan_activity(actor=request.user, action=action, kind=kind)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The action is planned in the agenda."))
    return redirect("planning:plan_detail", pk=action.goal.plan_id)


@login_required
@require_POST
def team_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _writable(request, plan)
    form = forms.TeamMemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a colleague and give their role."))
        return redirect("planning:plan_detail", pk=plan.pk)
    try:
        services.team_member_add(actor=request.user, plan=plan, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
@require_POST
def team_remove(request: AuthenticatedHttpRequest, pk: int, member_pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _writable(request, plan)
    member = get_object_or_404(plan.team.all(), pk=member_pk)
    try:
        services.team_member_remove(actor=request.user, member=member)
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
def plan_discussed(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _writable(request, plan)
    form = forms.DiscussedForm(_post(request), instance=plan)

    def save() -> Any:
        data = form.cleaned_data
        return services.plan_discussed(
            actor=request.user,
            plan=plan,
            discussed_on=data["discussed_on"],
            contacts=data["discussed_with"],
            customer_agrees=data["customer_agrees"],
            customer_response=data["customer_response"],
        )

    return _form_page(request, plan, form, _("Discussed with the account"), save)
