"""The pages of account plans: the panel on the account page, the account's plans, a plan (read)
and its edit forms, the workflow's actions with a clear message when a move is refused, the
versions, and the templates and setting (docs/decisions.md, 117)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.planning.models import (
    AccountPlan,
    PlanAction,
    PlanComment,
    PlanGoal,
    PlanStatus,
    PlanTemplate,
    PlanType,
)
from koers.planning.models.plans import TEXT_PARTS
from koers.planning.plans import forms, queries, services, templates
from koers.relations.models import ActivityKind

LIST_LIMIT = 50


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
        "nav": "accounts",
    }
    return render(request, "planning/plans/plan_detail.html", context)


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
        _post(request), initial={"level_a_gives_input": current.level_a_gives_input}
    )
    if request.method == "POST" and form.is_valid():
        services.settings_save(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The setting is saved."))
        return redirect("planning:plan_settings")
    return render(request, "planning/plans/settings.html", {"form": form, "nav": "settings"})
