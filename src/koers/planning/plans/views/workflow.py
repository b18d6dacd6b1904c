"""The workflow's actions, with a clear message when a move is refused, and the comments
and proposed changes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koers.core.http import AuthenticatedHttpRequest
from koers.planning.models import (
    PlanComment,
)
from koers.planning.plans import forms, queries, services
from koers.planning.plans.views.base import (
    _plan,
    _refused,
)

# Lazy: read in the language of the request, not of the process that imported this module.
MOVES = {
    "submit": gettext_lazy("The plan is submitted to your manager."),
    "approve": gettext_lazy("The plan is approved."),
    "return": gettext_lazy("The plan is returned to its owner."),
    "revise": gettext_lazy("The plan is a draft again; submit it when the revision is written."),
}


@login_required
@require_POST
def plan_move(request: AuthenticatedHttpRequest, pk: int, move: str) -> HttpResponse:
    """Submit, approve, return (with a comment) or revise (with a reason); a refused move says
    why and changes nothing."""
    plan = _plan(request, pk)
    actor = request.user
    try:
        if move == "submit":
            services.plan_submit(actor=actor, plan=plan)
        elif move == "approve":
            services.plan_approve(actor=actor, plan=plan, comment=request.POST.get("comment", ""))
        elif move == "return":
            services.plan_return(actor=actor, plan=plan, comment=request.POST.get("comment", ""))
        else:
            services.plan_revise(actor=actor, plan=plan, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, str(MOVES[move]))
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
@require_POST
def comment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    try:
        services.comment_add(actor=request.user, plan=plan, text=request.POST.get("text", ""))
    except ValidationError as exc:
        _refused(request, exc)
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
@require_POST
def proposal_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    form = forms.ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the part and write the proposed text."))
        return redirect("planning:plan_detail", pk=plan.pk)
    try:
        services.proposal_add(actor=request.user, plan=plan, **form.cleaned_data)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Your proposed change is sent to the owner."))
    return redirect("planning:plan_detail", pk=plan.pk)


@login_required
@require_POST
def proposal_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        PlanComment.objects.select_related("plan__account", "plan__owner"),
        pk=pk,
        kind="proposal",
        plan__in=queries.plans_readable(request.user),
    )
    accept = request.POST.get("answer") == "accept"
    try:
        services.proposal_decide(actor=request.user, proposal=proposal, accept=accept)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request, _("The change is taken over.") if accept else _("The change is rejected.")
        )
    return redirect("planning:plan_detail", pk=proposal.plan_id)
