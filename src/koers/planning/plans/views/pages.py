"""The pages that read plans: the panel on the account page, the account's plans, a plan, its
versions, and the templates and setting."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.planning.models import (
    AccountPlan,
    PlanStatus,
    PlanTemplate,
    PlanType,
)
from koers.planning.models.plans import TEXT_PARTS
from koers.planning.plans import forms, queries, services, templates
from koers.planning.plans.views.base import (
    LIST_LIMIT,
    _account,
    _plan,
    _post,
    progress_context,
)


@login_required
def account_plans(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The panel on the account page: its plans, this year's first."""
    account = _account(request, pk)
    context = {
        "account": account,
        "plans": list(queries.plans_of(request.user, account)[:5]),
        "may_start": services.may_own(request.user)
        and access.can_change_account(request.user, account),
    }
    return vary_on_htmx(render(request, "planning/plans/_panel.html", context))


@login_required
def plan_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    context = {
        "account": account,
        "plans": list(queries.plans_of(request.user, account)[:LIST_LIMIT]),
        "may_start": services.may_own(request.user)
        and access.can_change_account(request.user, account),
        "nav": "accounts",
    }
    return render(request, "planning/plans/plan_list.html", context)


@login_required
def plan_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    if not (services.may_own(request.user) and access.can_change_account(request.user, account)):
        raise NotAllowed
    year = timezone.localdate().year
    form = forms.PlanNewForm(
        request.POST if request.method == "POST" else None,
        initial={"year": year, "plan_type": PlanType.GROW},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                account=account,
                year=form.cleaned_data["year"],
                plan_type=form.cleaned_data["plan_type"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan is started from its template."))
            return redirect("planning:plan_detail", pk=plan.pk)
    context = {"account": account, "form": form, "nav": "accounts"}
    return render(request, "planning/plans/plan_new.html", context)


def _goal_rows(plan: AccountPlan) -> list[dict[str, Any]]:
    """The goals grouped in parts: the whole account first, then each branch."""
    parts: dict[Any, dict[str, Any]] = {}
    for goal in plan.goals.all():
        part = parts.setdefault(goal.branch_id, {"branch": goal.branch, "goals": []})
        part["goals"].append(goal)
    return sorted(parts.values(), key=lambda p: (p["branch"] is not None, str(p["branch"] or "")))


@login_required
def plan_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    rights = queries.rights_of(request.user, plan)
    comments = list(plan.comments.all())
    context = {
        "account": plan.account,
        "plan": plan,
        "rights": rights,
        "parts": _goal_rows(plan),
        "texts": [(name, label, getattr(plan, name)) for name, label in TEXT_PARTS],
        "counts": queries.counts_of(plan),
        "comments": comments,
        "proposals": [c for c in comments if c.kind == "proposal"],
        "return_form": forms.ReturnForm(),
        "revise_form": forms.ReviseForm(),
        "comment_form": forms.CommentForm(),
        "proposal_form": forms.ProposalForm(),
        "team_form": forms.TeamMemberForm() if rights.write else None,
        **progress_context(request, plan),
        "nav": "accounts",
    }
    return render(request, "planning/plans/plan_detail.html", context)


@login_required
def version_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    context = {
        "account": plan.account,
        "plan": plan,
        "versions": list(queries.versions_of(plan)),
        "nav": "accounts",
    }
    return render(request, "planning/plans/version_list.html", context)


@login_required
def version_detail(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponse:
    plan = _plan(request, pk)
    version = get_object_or_404(queries.versions_of(plan), number=number)
    content = version.content
    labels = dict(TEXT_PARTS)
    context = {
        "account": plan.account,
        "plan": plan,
        "version": version,
        "content": content,
        "texts": [(labels[k], v) for k, v in content.get("texts", {}).items() if k in labels],
        "plan_type": dict(PlanType.choices).get(content.get("plan_type"), ""),
        "status": dict(PlanStatus.choices).get(content.get("status"), ""),
        "nav": "accounts",
    }
    return render(request, "planning/plans/version_detail.html", context)


@login_required
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    saved = {t.plan_type: t for t in PlanTemplate.objects.all()}
    rows = [
        {
            "type": value,
            "label": label,
            "goals": templates.parse(
                saved[value].goals if value in saved else templates.default_text(value)
            ),
            "saved": value in saved,
        }
        for value, label in PlanType.choices
    ]
    context = {
        "rows": rows,
        "may_change": access.can_manage_plan_templates(request.user),
        "nav": "accounts",
    }
    return render(request, "planning/plans/template_list.html", context)


@login_required
def template_edit(request: AuthenticatedHttpRequest, plan_type: str) -> HttpResponse:
    if plan_type not in PlanType.values:
        raise Http404
    if not access.can_manage_plan_templates(request.user):
        raise NotAllowed
    goals, dmu = templates.template_text(plan_type)
    form = forms.TemplateForm(_post(request), initial={"goals": goals, "dmu_strategy": dmu})
    if request.method == "POST" and form.is_valid():
        services.template_save(actor=request.user, plan_type=plan_type, **form.cleaned_data)
        messages.success(request, _("The template is saved."))
        return redirect("planning:template_list")
    context = {
        "form": form,
        "label": dict(PlanType.choices)[plan_type],
        "nav": "accounts",
    }
    return render(request, "planning/plans/template_form.html", context)


@login_required
def plan_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_manage_settings(request.user):
        raise NotAllowed
    current = services.planning_settings()
    form = forms.SettingsForm(
        _post(request),
        initial={
            "level_a_gives_input": current.level_a_gives_input,
            "deviation_margin": current.deviation_margin,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.settings_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The setting is saved."))
        return redirect("planning:plan_settings")
    return render(request, "planning/plans/settings.html", {"form": form, "nav": "settings"})
