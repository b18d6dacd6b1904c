"""Monitoring a plan (decision 127): its progress as a partial (always current), recording the
cause of a goal's deviation, recording a review, and the reviews due of the owner and the
manager."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.planning.models import AccountPlan
from koers.planning.plans import forms, overview, progress, services
from koers.planning.plans.views.base import _goal, _plan, _post

# Reviews due within this many days are listed with those overdue.
DUE_WITHIN_DAYS = 14
DUE_LIMIT = 100


@login_required
@require_GET
def plan_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress part of the plan page, computed now."""
    plan = _plan(request, pk)
    context = {
        "plan": plan,
        "progress": progress.plan_progress(plan, timezone.localdate()),
        "may_follow_up": services.may_follow_up(request.user, plan),
    }
    return vary_on_htmx(render(request, "planning/plans/_progress.html", context))


def _follow_up(request: AuthenticatedHttpRequest, plan: AccountPlan) -> None:
    if not services.may_follow_up(request.user, plan):
        raise NotAllowed


@login_required
def deviation_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cause of a goal's deviation and the corrective action."""
    goal = _goal(request, pk)
    plan = goal.plan
    _follow_up(request, plan)
    form = forms.DeviationForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.deviation_record(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The cause is recorded."))
            return redirect("planning:plan_detail", pk=plan.pk)
    context = {
        "account": plan.account,
        "plan": plan,
        "goal": goal,
        "form": form,
        "title": _("Why is this goal behind?"),
        "nav": "plans",
    }
    return render(request, "planning/plans/follow_up_form.html", context)


@login_required
def review_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    _follow_up(request, plan)
    form = forms.ReviewForm(_post(request), initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_record(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect("planning:plan_detail", pk=plan.pk)
    context = {
        "account": plan.account,
        "plan": plan,
        "form": form,
        "title": _("Review of the plan"),
        "nav": "plans",
    }
    return render(request, "planning/plans/follow_up_form.html", context)


@login_required
def review_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = {
        "plans": overview.reviews_due(request.user, DUE_WITHIN_DAYS, DUE_LIMIT),
        "today": timezone.localdate(),
        "limit": DUE_LIMIT,
        "nav": "plans",
    }
    return render(request, "planning/plans/review_list.html", context)
