"""What is done on an opportunity's page: move the stage, reopen, the DMU, the colleagues and
the credit split, competitors, qualification, the estimate's products, the room's approval.
Each is a POST that calls one service and goes back to the page (or shows it with the errors
next to the form's fields, 422)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.sales.models import DealContact, Opportunity
from koers.sales.opportunities import forms, queries, services
from koers.sales.opportunities.views.pages import get_opportunity, render_detail


def _changeable(user: User, pk: int) -> Opportunity:
    opportunity = get_opportunity(user, pk)
    if not queries.may_change(user, opportunity):
        raise NotAllowed(_("You may not change this opportunity."))
    return opportunity


def _act(
    request: AuthenticatedHttpRequest,
    pk: int,
    name: str,
    form: Form,
    call: Callable[[Opportunity, Any], object],
    opportunity: Opportunity,
) -> HttpResponse:
    if form.is_valid():
        try:
            call(opportunity, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:opportunity_detail", pk=pk)
    return render_detail(request, pk, 422, **{name: form})


@login_required
@require_POST
def stage_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    form = forms.StageForm(request.POST, prefix="stage", opportunity=opportunity)

    def call(o: Opportunity, f: Any) -> object:
        d = f.cleaned_data
        return services.opportunity_stage_change(
            actor=request.user,
            opportunity=o,
            to=d["to"],
            lost_reason=d["lost_reason"],
            lost_to=d["lost_to"],
            price_gap=d["price_gap"],
            decided_by=d["decided_by"],
            lost_note=d["lost_note"],
            won_on=d["won_on"],
            won_reason=d["won_reason"],
            won_note=d["won_note"],
            note=d["note"],
        )

    return _act(request, pk, "stage", form, call, opportunity)


@login_required
@require_POST
def reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    form = forms.ReopenForm(request.POST, prefix="reopen")

    def call(o: Opportunity, f: Any) -> object:
        d = f.cleaned_data
        return services.opportunity_reopen(
            actor=request.user, opportunity=o, to=d["to"], reason=d["reason"]
        )

    return _act(request, pk, "reopen", form, call, opportunity)


@login_required
@require_POST
def contact_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    form = forms.DealContactForm(request.POST, prefix="contact", opportunity=opportunity)

    def call(o: Opportunity, f: Any) -> object:
        return services.deal_contact_add(
            actor=request.user, opportunity=o, contact=f.cleaned_data["contact"]
        )

    return _act(request, pk, "contact", form, call, opportunity)


def _deal_contact(user: User, pk: int) -> DealContact:
    row = (
        DealContact.objects.filter(
            pk=pk, opportunity__in=queries.opportunities_readable(user).values("pk")
        )
        .select_related("opportunity", "opportunity__account")
        .first()
    )
    if row is None:
        raise Http404
    if not queries.may_change(user, row.opportunity):
        raise NotAllowed(_("You may not change this opportunity."))
    return row


@login_required
@require_POST
def contact_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = _deal_contact(request.user, pk)
    form = forms.DealRoleForm(request.POST)
    if form.is_valid():
        try:
            services.deal_contact_update(actor=request.user, deal_contact=row, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        return render_detail(request, row.opportunity_id, 422)
    return redirect("sales:opportunity_detail", pk=row.opportunity_id)


@login_required
@require_POST
def contact_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    row = _deal_contact(request.user, pk)
    try:
        services.deal_contact_remove(actor=request.user, deal_contact=row)
    except ValidationError:
        return render_detail(request, row.opportunity_id, 422)
    return redirect("sales:opportunity_detail", pk=row.opportunity_id)


@login_required
@require_POST
def members_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    form = forms.MembersForm(request.POST, prefix="members", opportunity=opportunity)

    def call(o: Opportunity, f: Any) -> object:
        return services.opportunity_members_set(
            actor=request.user,
            opportunity=o,
            owner_share=f.cleaned_data["owner_share"],
            members=f.members(),
        )

    return _act(request, pk, "members", form, call, opportunity)


@login_required
@require_POST
def competitors_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    form = forms.CompetitorsForm(request.POST, prefix="competitors", opportunity=opportunity)

    def call(o: Opportunity, f: Any) -> object:
        return services.opportunity_competitors_set(
            actor=request.user, opportunity=o, competitors=f.cleaned_data["competitors"]
        )

    return _act(request, pk, "competitors", form, call, opportunity)


@login_required
@require_POST
def qualify(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    form = forms.QualificationForm(request.POST, prefix="qualification")

    def call(o: Opportunity, f: Any) -> object:
        d = dict(f.cleaned_data)
        decision, reason = d.pop("decision"), d.pop("decision_reason")
        return services.opportunity_qualify(
            actor=request.user, opportunity=o, scores=d, decision=decision, reason=reason
        )

    return _act(request, pk, "qualification", form, call, opportunity)


def _lines(opportunity: Opportunity) -> list[tuple[Any, Decimal]]:
    return [(line.product, line.quantity) for line in opportunity.lines.all()]


@login_required
@require_POST
def line_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    form = forms.LineForm(request.POST, prefix="line")

    def call(o: Opportunity, f: Any) -> object:
        d = f.cleaned_data
        return services.opportunity_update(
            actor=request.user,
            opportunity=o,
            expected_version=o.version,
            data={},
            lines=[*_lines(o), (d["product"], d["quantity"])],
        )

    return _act(request, pk, "line", form, call, opportunity)


@login_required
@require_POST
def line_remove(request: AuthenticatedHttpRequest, pk: int, line_pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    kept = [line for line in opportunity.lines.all() if line.pk != line_pk]
    if len(kept) == len(opportunity.lines.all()):
        raise Http404
    try:
        services.opportunity_update(
            actor=request.user,
            opportunity=opportunity,
            expected_version=opportunity.version,
            data={},
            lines=[(line.product, line.quantity) for line in kept],
        )
    except ValidationError:
        return render_detail(request, pk, 422)
    return redirect("sales:opportunity_detail", pk=pk)


@login_required
@require_POST
def room_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request.user, pk)
    try:
        services.opportunity_room_approve(actor=request.user, opportunity=opportunity)
    except ValidationError:
        return render_detail(request, pk, 422)
    return redirect("sales:opportunity_detail", pk=pk)
