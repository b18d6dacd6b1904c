"""What the plan pages share: the plan, goal or action the user may read, the check that
they may write it, and the form page of every edit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.planning.models import (
    AccountPlan,
    PlanAction,
    PlanGoal,
)
from koers.planning.plans import progress, queries, services

LIST_LIMIT = 50
REVIEWS_SHOWN = 12


def _account(request: AuthenticatedHttpRequest, pk: int) -> Account:
    found = access.accounts_readable(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _plan(request: AuthenticatedHttpRequest, pk: int) -> AccountPlan:
    try:
        return queries.plan_for_detail(request.user, pk)
    except AccountPlan.DoesNotExist as exc:
        raise Http404 from exc


def _writable(request: AuthenticatedHttpRequest, plan: AccountPlan) -> None:
    if not (
        services.may_own(request.user) and access.can_change_account(request.user, plan.account)
    ):
        raise NotAllowed


def _refused(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _form_page(
    request: AuthenticatedHttpRequest,
    plan: AccountPlan,
    form: Any,
    title: str,
    save: Callable[[], Any],
    *,
    deletable: Callable[[], Any] | None = None,
) -> HttpResponse:
    conflict = None
    if request.method == "POST" and deletable is not None and "delete" in request.POST:
        try:
            deletable()
        except ValidationError as exc:
            _refused(request, exc)
        else:
            messages.success(request, _("Removed."))
        return redirect("planning:plan_detail", pk=plan.pk)
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except StaleVersionError as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("planning:plan_detail", pk=plan.pk)
    context = {
        "account": plan.account,
        "plan": plan,
        "form": form,
        "title": title,
        "conflict": conflict,
        "deletable": deletable is not None,
        "nav": "accounts",
    }
    return render(request, "planning/plans/plan_form.html", context)


def _post(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _goal(request: AuthenticatedHttpRequest, pk: int) -> PlanGoal:
    try:
        return queries.goal_for_change(request.user, pk)
    except PlanGoal.DoesNotExist as exc:
        raise Http404 from exc


def _action(request: AuthenticatedHttpRequest, pk: int) -> PlanAction:
    try:
        return queries.action_for_change(request.user, pk)
    except PlanAction.DoesNotExist as exc:
        raise Http404 from exc


def progress_context(request: AuthenticatedHttpRequest, plan: AccountPlan) -> dict[str, Any]:
    """What the progress and reviews parts of the plan page show (decision 127); the plan's
    goals and actions loaded."""
    return {
        "progress": progress.plan_progress(plan, timezone.localdate()),
        "may_follow_up": services.may_follow_up(request.user, plan),
        "reviews": list(plan.reviews.select_related("held_by")[:REVIEWS_SHOWN]),
    }
