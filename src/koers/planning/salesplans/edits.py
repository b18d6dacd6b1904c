"""The writes of a sales plan's pages: its proposals, proposed targets and activity plan (the
owner), and the workflow's moves (submit; decide a proposal, ask for more: the manager). A
refused write says why and changes nothing (docs/decisions.md, 125)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.planning.models import SalesPlan, SalesPlanAction, SalesPlanTarget, SalesProposal
from koers.planning.salesplans import forms, queries, services, workflow
from koers.planning.salesplans.views import NAV, owner_only, plan_or_404, post_data
from koers.relations.models import ActivityKind


def _back(plan_id: int) -> HttpResponse:
    return redirect("planning:salesplan_detail", pk=plan_id)


def _refused(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _proposal(request: AuthenticatedHttpRequest, pk: int) -> SalesProposal:
    try:
        return queries.proposal_for_change(request.user, pk)
    except SalesProposal.DoesNotExist as exc:
        raise Http404 from exc


def _proposal_page(
    request: AuthenticatedHttpRequest,
    plan: SalesPlan,
    form: forms.ProposalForm,
    save: Callable[[], Any],
    delete: Callable[[], Any] | None = None,
) -> HttpResponse:
    if request.method == "POST" and delete is not None and "delete" in request.POST:
        try:
            delete()
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Removed."))
        return _back(plan.pk)
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return _back(plan.pk)
    context = {
        "plan": plan,
        "form": form,
        "title": _("Change the proposal") if delete else _("New proposal"),
        "deletable": delete is not None,
        "nav": NAV,
    }
    return render(request, "planning/salesplans/form.html", context)


@login_required
def proposal_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    owner_only(request, plan)
    form = forms.ProposalForm(post_data(request), owner=plan.owner)

    def save() -> Any:
        return services.proposal_add(actor=request.user, plan=plan, **form.data_for_service())

    return _proposal_page(request, plan, form, save)


@login_required
def proposal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    plan = proposal.plan
    owner_only(request, plan)
    form = forms.ProposalForm(post_data(request), instance=proposal, owner=plan.owner)

    def save() -> Any:
        return services.proposal_update(
            actor=request.user, proposal=proposal, data=form.data_for_service()
        )

    def delete() -> None:
        services.proposal_delete(actor=request.user, proposal=proposal)

    return _proposal_page(request, plan, form, save, delete)


@login_required
@require_POST
def proposal_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request, pk)
    form = forms.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision, and give an amount as 1250.50."))
        return _back(proposal.plan_id)
    try:
        workflow.proposal_decide(actor=request.user, proposal=proposal, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The proposal is decided."))
    return _back(proposal.plan_id)


@login_required
@require_POST
def target_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    owner_only(request, plan)
    form = forms.TargetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a measure and give an amount of 0 or more."))
        return _back(plan.pk)
    try:
        services.target_add(actor=request.user, plan=plan, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    return _back(plan.pk)


@login_required
@require_POST
def target_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target = (
        SalesPlanTarget.objects.select_related("plan")
        .filter(pk=pk, plan__in=queries.sales_plans_readable(request.user))
        .first()
    )
    if target is None:
        raise Http404
    owner_only(request, target.plan)
    try:
        services.target_remove(actor=request.user, target=target)
    except ValidationError as exc:
        _refused(request, exc)
    return _back(target.plan_id)


@login_required
@require_POST
def action_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    owner_only(request, plan)
    form = forms.ActionForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Say what you will do, for which account and when."))
        return _back(plan.pk)
    try:
        services.action_add(actor=request.user, plan=plan, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    return _back(plan.pk)


def _action(request: AuthenticatedHttpRequest, pk: int) -> SalesPlanAction:
    try:
        return queries.action_for_change(request.user, pk)
    except SalesPlanAction.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def action_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    owner_only(request, action.plan)
    try:
        services.action_remove(actor=request.user, action=action)
    except ValidationError as exc:
        _refused(request, exc)
    return _back(action.plan_id)


@login_required
@require_POST
def action_activity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One click: the action becomes a planned activity (a visit, or the kind asked)."""
    action = _action(request, pk)
    owner_only(request, action.plan)
    kind = request.POST.get("kind") or ActivityKind.VISIT
    if kind not in ActivityKind.values:
        kind = ActivityKind.VISIT
    try:
        services.action_plan_activity(actor=request.user, action=action, kind=kind)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The action is planned in the agenda."))
    return _back(action.plan_id)


@login_required
@require_POST
def salesplan_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    try:
        workflow.sales_plan_submit(actor=request.user, plan=plan)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The plan is submitted to your manager."))
    return _back(plan.pk)


@login_required
@require_POST
def salesplan_ask_more(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = plan_or_404(request, pk)
    try:
        workflow.sales_plan_ask_more(
            actor=request.user, plan=plan, comment=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The plan is returned to its owner, asking for more."))
    return _back(plan.pk)
