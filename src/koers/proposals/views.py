"""The pages of improvement proposals: the list, a new proposal (blank, from a row of the
structural complaints overview, or from a complaint), one proposal with the manager's decision,
the panel on a complaint's page and the manager's count in the header. Thin: forms validate,
services act."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.complaints.models import Complaint
from koers.complaints.queries import complaint_for_detail, complaints_readable
from koers.complaints.structural import behind_label, complaints_behind
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import render_list
from koers.core.models import User
from koers.proposals import queries, services
from koers.proposals.filters import ProposalFilterSet
from koers.proposals.forms import DecisionForm, ProposalEditForm, ProposalForm, WithdrawForm
from koers.proposals.lifecycle import PROPOSAL_LIFECYCLE
from koers.proposals.models import Proposal, ProposalStatus

S = ProposalStatus
PANEL_LIMIT = 10
LINKS_SHOWN = 50


@login_required
def proposal_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ProposalFilterSet(request.GET, user=request.user)
    context = {"nav": "proposals", "may_propose": queries.may_propose(request.user)}
    return render_list(
        request,
        filterset,
        template="proposals/proposal_list.html",
        partial="proposals/_proposal_results.html",
        context=context,
    )


def _proposal(user: User, pk: int) -> Proposal:
    try:
        return queries.proposal_for_detail(user, pk)
    except Proposal.DoesNotExist as exc:
        raise Http404 from exc


def _initial(complaints: list[Complaint], label: str) -> dict[str, Any]:
    if not complaints:
        return {}
    initial = {
        "complaints": ", ".join(str(c.pk) for c in sorted(complaints, key=lambda c: c.pk)),
        "title": label[:200],
    }
    accounts = {c.account_id for c in complaints}
    if len(accounts) > 1:
        # From the overview: always two accounts or more (its lowest threshold).
        initial["why"] = _("%(complaints)d complaints at %(accounts)d accounts.") % {
            "complaints": len(complaints),
            "accounts": len(accounts),
        }
    return initial


def _from_overview(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    """The form's start from a row of the structural overview (its query string)."""
    complaints = complaints_behind(request.user, request.GET, services.MAX_LINKS)
    if not complaints:
        return {}
    return _initial(complaints, behind_label(request.GET, complaints))


def _form_page(
    request: AuthenticatedHttpRequest, initial: dict[str, Any], complaint: Complaint | None
) -> HttpResponse:
    if not queries.may_propose(request.user):
        raise NotAllowed
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        ids = data.pop("complaints")
        try:
            proposal = services.proposal_submit(
                actor=request.user, complaints=[Complaint(pk=pk) for pk in ids], **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your proposal is sent to your manager."))
            return redirect("proposals:proposal_detail", pk=proposal.pk)
    status = 422 if form.errors else 200
    context = {"nav": "proposals", "form": form, "complaint": complaint}
    return render(request, "proposals/proposal_form.html", context, status=status)


@login_required
def proposal_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Blank, or from a row of the structural overview (`?category=`, `?product=`,
    `?product_group=` or `?product_name=` with the period, owner and team of the overview)."""
    initial = _from_overview(request) if request.method == "GET" else {}
    return _form_page(request, initial, None)


@login_required
def proposal_from_complaint(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        complaint = complaint_for_detail(request.user, pk)
    except Complaint.DoesNotExist as exc:
        raise Http404 from exc
    about = complaint.product or complaint.product_group
    label = (about.name if about is not None else complaint.product_name) or (
        complaint.category.name
    )
    initial = _initial([complaint], label) if request.method == "GET" else {}
    return _form_page(request, initial, complaint)


def _links(user: User, proposal: Proposal) -> dict[str, Any]:
    """The linked complaints and accounts the reader may read, and how many they may not."""
    complaints = list(
        complaints_readable(user)
        .filter(proposals=proposal)
        .select_related("account", "category", "product", "product_group")
        .order_by("-received_at", "-pk")[:LINKS_SHOWN]
    )
    accounts = list(
        access.accounts_readable(user).filter(proposals=proposal).order_by("name")[:LINKS_SHOWN]
    )
    return {"linked_complaints": complaints, "linked_accounts": accounts}


def _detail(
    request: AuthenticatedHttpRequest,
    proposal: Proposal,
    form: DecisionForm | None = None,
    withdraw: WithdrawForm | None = None,
) -> HttpResponse:
    may_decide = proposal.undecided and queries.may_decide_on(request.user, proposal)
    may_change = queries.may_change(request.user, proposal)
    context = {
        "nav": "proposals",
        "proposal": proposal,
        "decisions": proposal.decisions.select_related("decided_by"),
        "may_decide": may_decide,
        "may_park": may_decide and "parked" in PROPOSAL_LIFECYCLE.targets(proposal.status),
        "decision_form": form or (DecisionForm() if may_decide else None),
        "may_change": may_change,
        "withdraw_form": withdraw or (WithdrawForm() if may_change else None),
        **_links(request.user, proposal),
    }
    refused = any(f is not None and f.errors for f in (form, withdraw))
    return render(
        request, "proposals/proposal_detail.html", context, status=422 if refused else 200
    )


@login_required
def proposal_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _proposal(request.user, pk))


DECISIONS = {
    "accept": (services.proposal_accept, _("The proposal is accepted.")),
    "reject": (services.proposal_reject, _("The proposal is rejected.")),
    "park": (services.proposal_park, _("The proposal is parked.")),
}


@login_required
@require_POST
def proposal_decide(request: AuthenticatedHttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        raise Http404
    proposal = _proposal(request.user, pk)
    if not queries.may_decide_on(request.user, proposal):
        raise NotAllowed(_("Only the proposer's manager decides on a proposal."))
    call, done = DECISIONS[decision]
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            call(actor=request.user, proposal=proposal, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            # Decided meanwhile, or a comment of spaces: said at the comment.
            form.add_error("comment", exc.messages)
        else:
            messages.success(request, str(done))
            return redirect("proposals:proposal_detail", pk=pk)
    return _detail(request, _proposal(request.user, pk), form)


@login_required
def proposal_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The proposer changes the proposal while the manager has not decided."""
    proposal = _proposal(request.user, pk)
    if not queries.may_change(request.user, proposal):
        raise NotAllowed(_("Only the proposer may change a proposal, until it is decided."))
    numbers = ", ".join(
        str(pk) for pk in proposal.complaints.order_by("pk").values_list("pk", flat=True)
    )
    initial = {"complaints": numbers, "version": proposal.version}
    form = ProposalEditForm(request.POST or None, instance=proposal, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.EDITABLE}
        version = form.cleaned_data.get("version") or proposal.version
        data["complaints"] = [Complaint(pk=n) for n in form.cleaned_data["complaints"]]
        try:
            services.proposal_update(
                actor=request.user, proposal=proposal, expected_version=version, data=data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersionError:
            form.add_error(
                None, _("Someone changed this proposal meanwhile; reload it to see the changes.")
            )
        else:
            messages.success(request, _("Your proposal is changed."))
            return redirect("proposals:proposal_detail", pk=pk)
    status = 422 if form.errors else 200
    context = {"nav": "proposals", "form": form, "complaint": None, "proposal": proposal}
    return render(request, "proposals/proposal_form.html", context, status=status)


@login_required
@require_POST
def proposal_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(request.user, pk)
    if request.user.pk != proposal.proposer_id:
        raise NotAllowed(_("Only the proposer may withdraw a proposal."))
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_withdraw(
                actor=request.user, proposal=proposal, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            # Decided meanwhile: said at the form.
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Your proposal is withdrawn."))
            return redirect("proposals:proposal_detail", pk=pk)
    return _detail(request, _proposal(request.user, pk), withdraw=form)


@login_required
def complaint_proposals(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The panel on a complaint's page: the proposals linked to it that the reader may read."""
    try:
        complaint = complaint_for_detail(request.user, pk)
    except Complaint.DoesNotExist as exc:
        raise Http404 from exc
    proposals = list(
        queries.proposals_readable(request.user)
        .filter(complaints=complaint)
        .select_related(*queries.RELATED)
        .order_by("-submitted_at", "-pk")[:PANEL_LIMIT]
    )
    context = {
        "complaint": complaint,
        "proposals": proposals,
        "may_propose": queries.may_propose(request.user),
    }
    return vary_on_htmx(render(request, "proposals/_complaint_panel.html", context))


@login_required
def decisions_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's badge (HTMX): how many proposals wait for the manager's decision."""
    count = queries.decisions_count(request.user)
    return vary_on_htmx(render(request, "proposals/_count.html", {"count": count}))
