"""The complaint pages: the list, one complaint with the actions its status allows, and the
form to register or change one. Thin: forms validate, services act."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.accounts.models import Account
from koers.complaints import forms, queries, services
from koers.complaints.filters import ComplaintFilterSet
from koers.complaints.lifecycle import COMPLAINT_LIFECYCLE
from koers.complaints.models import Complaint, ComplaintStatus
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param, render_list
from koers.core.models import User
from koers.core.navigation import url_or_none
from koers.core.panels import actions_for, panels_for
from koers.transfer.export_views import export_list

S = ComplaintStatus


@login_required
def complaint_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ComplaintFilterSet(request.GET, user=request.user)
    return render_list(
        request,
        filterset,
        template="complaints/complaint_list.html",
        partial="complaints/_complaint_results.html",
        context={
            "nav": "complaints",
            # Looked up, not imported: proposals build on complaints (docs/decisions.md).
            "proposals_url": url_or_none("proposals:proposal_list"),
        },
    )


@login_required
@require_GET
def complaint_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    """The list as it is filtered, as a file (only the complaints the user may read)."""
    return export_list(
        request, ComplaintFilterSet, fmt=fmt, name="complaints", title=_("Complaints")
    )


def _complaint(user: User, pk: int) -> Complaint:
    try:
        return queries.complaint_for_detail(user, pk)
    except Complaint.DoesNotExist as exc:
        raise Http404 from exc


# action -> (form, target status, service call, button label)
Action = tuple[type[Form], str, Callable[..., Complaint]]
ACTIONS: dict[str, Action] = {
    "start": (
        forms.NoteForm,
        S.IN_PROGRESS,
        lambda c, user, d: services.complaint_start(actor=user, complaint=c, note=d["note"]),
    ),
    "solve": (
        forms.SolveForm,
        S.SOLVED,
        lambda c, user, d: services.complaint_solve(
            actor=user, complaint=c, solution=d["solution"]
        ),
    ),
    "verify": (
        forms.VerifyForm,
        S.VERIFIED,
        lambda c, user, d: services.complaint_verify(actor=user, complaint=c, answer=d["answer"]),
    ),
    "reopen": (
        forms.ReasonForm,
        S.IN_PROGRESS,
        lambda c, user, d: services.complaint_reopen(actor=user, complaint=c, reason=d["reason"]),
    ),
    "reject": (
        forms.ReasonForm,
        S.REJECTED,
        lambda c, user, d: services.complaint_reject(actor=user, complaint=c, reason=d["reason"]),
    ),
    "follow-up": (
        forms.FollowUpForm,
        S.VERIFIED,
        lambda c, user, d: services.complaint_follow_up_answer(
            actor=user, complaint=c, satisfied=d["satisfied"], comment=d["comment"]
        ),
    ),
}


def allowed_actions(complaint: Complaint, may_handle: bool) -> list[str]:
    """The actions offered for the complaint's status (their required texts are asked for)."""
    if not may_handle:
        return []
    targets = COMPLAINT_LIFECYCLE.targets(complaint.status)
    offered = []
    for name, (_form, to, _call) in ACTIONS.items():
        if name == "start" and complaint.status != S.RECEIVED:
            continue
        if name == "reopen" and complaint.status not in (S.SOLVED, S.REJECTED):
            continue
        if name == "follow-up" and complaint.status != S.SOLVED:
            continue
        if to in targets:
            offered.append(name)
    return offered


def _detail_context(
    request: AuthenticatedHttpRequest, complaint: Complaint, **bound: Form
) -> dict[str, Any]:
    may_handle = queries.may_handle(request.user, complaint)
    actions = allowed_actions(complaint, may_handle)
    action_forms = {name: bound.get(name) or ACTIONS[name][0](prefix=name) for name in actions}
    task_form = bound.get("task") or (forms.TaskForm(complaint=complaint) if may_handle else None)
    may_comment = not access.changes_nothing(request.user)
    return {
        "nav": "complaints",
        "complaint": complaint,
        "today": timezone.localdate(),
        "may_handle": may_handle,
        "action_forms": action_forms,
        "steps": complaint.steps.select_related("actor"),
        "tasks": complaint.tasks.select_related("assignee"),
        "comments": complaint.comments.select_related("author"),
        "task_form": task_form,
        "comment_form": (bound.get("comment") or forms.CommentForm()) if may_comment else None,
        "follow_up": complaint.follow_up,
        # What later apps add to a complaint's page (improvement proposals: core/panels.py).
        "panels": panels_for("complaint", request.user, complaint),
        "page_actions": actions_for("complaint", request.user, complaint),
    }


@login_required
def complaint_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request.user, pk)
    return render(request, "complaints/complaint_detail.html", _detail_context(request, complaint))


def render_detail(
    request: AuthenticatedHttpRequest, complaint: Complaint, status: int, **bound: Form
) -> HttpResponse:
    context = _detail_context(request, complaint, **bound)
    return render(request, "complaints/complaint_detail.html", context, status=status)


@login_required
@require_POST
def complaint_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    complaint = _complaint(request.user, pk)
    if not queries.may_handle(request.user, complaint):
        raise NotAllowed(_("You may not handle this complaint."))
    form_class, _to, call = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            call(complaint, request.user, form.cleaned_data)
        except ValidationError as exc:  # a refused transition too: shown above the form
            add_service_errors(form, exc)
        else:
            return redirect("complaints:complaint_detail", pk=complaint.pk)
    complaint = _complaint(request.user, pk)
    return render_detail(request, complaint, 422, **{action: form})


def _writable_account(user: User, pk: int | None) -> Account:
    account = access.accounts_readable(user).filter(pk=pk).first() if pk else None
    if account is None:
        raise Http404
    if not queries.may_register(user, account.pk):
        raise NotAllowed(_("You may not register complaints for this account."))
    return account


@login_required
def complaint_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Register a complaint for the account in `?account=` (from the account page)."""
    account = _writable_account(request.user, id_param(request.GET.get("account")))
    data = request.POST if request.method == "POST" else None
    form = forms.ComplaintForm(data, account=account, user=request.user)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            complaint = services.complaint_register(actor=request.user, account=account, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("complaints:complaint_detail", pk=complaint.pk)
    context = {"nav": "complaints", "form": form, "account": account, "complaint": None}
    status = 422 if form.errors else 200
    return render(request, "complaints/complaint_form.html", context, status=status)


@login_required
def complaint_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request.user, pk)
    if not queries.may_handle(request.user, complaint):
        raise NotAllowed(_("You may not handle this complaint."))
    data = request.POST if request.method == "POST" else None
    form = forms.ComplaintForm(
        data, account=complaint.account, user=request.user, complaint=complaint
    )
    if form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version") or complaint.version
        try:
            services.complaint_update(
                actor=request.user, complaint=complaint, expected_version=version, data=values
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersionError:
            form.add_error(
                None, _("Someone changed this complaint meanwhile; reload it to see the changes.")
            )
        else:
            return redirect("complaints:complaint_detail", pk=complaint.pk)
    context = {
        "nav": "complaints",
        "form": form,
        "account": complaint.account,
        "complaint": complaint,
    }
    status = 422 if form.errors else 200
    return render(request, "complaints/complaint_form.html", context, status=status)
