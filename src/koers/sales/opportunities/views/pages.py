"""The opportunity pages: the list (and its export), one opportunity with what can be done to
it, and the form to create or change one. Thin: forms validate, services act."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.accounts.models import Account, BuyingRole
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param, render_count, render_list
from koers.core.models import User
from koers.sales.models import LostReason, Opportunity, Stage
from koers.sales.opportunities import forms, queries, services
from koers.sales.opportunities.filters import OpportunityFilterSet, weighted
from koers.sales.quote_templates.queries import templates_to_pick
from koers.sales.quotes import queries as quote_queries
from koers.transfer.export_views import export_list


@login_required
def opportunity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = OpportunityFilterSet(request.GET, user=request.user)
    return render_list(
        request,
        filterset,
        template="sales/opportunity_list.html",
        partial="sales/_opportunity_results.html",
        context={
            "nav": "pipeline",
            "may_keep_competitors": access.can_keep_competitors(request.user),
        },
    )


@login_required
@require_GET
def opportunity_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The list's count line for the same filters, asked by the list page after its rows."""
    filterset = OpportunityFilterSet(request.GET, user=request.user)
    return render_count(request, filterset, template="sales/_opportunity_count.html")


@login_required
@require_GET
def opportunity_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    """The list as it is filtered, as a file (only the opportunities the user may read)."""
    return export_list(
        request, OpportunityFilterSet, fmt=fmt, name="opportunities", title=_("Opportunities")
    )


def get_opportunity(user: User, pk: int) -> Opportunity:
    try:
        return queries.opportunity_for_detail(user, pk)
    except Opportunity.DoesNotExist as exc:
        raise Http404 from exc


def dmu_map(opportunity: Opportunity) -> dict[str, Any]:
    """The deal's DMU per buying role, the roles nobody fills, and whether a decider is known."""
    contacts = list(opportunity.deal_contacts.all())
    roles = [
        {"value": value, "label": label, "people": [c for c in contacts if c.buying_role == value]}
        for value, label in BuyingRole.choices
    ]
    unknown = [c for c in contacts if not c.buying_role]
    return {
        "contacts": contacts,
        "roles": roles,
        "unknown": unknown,
        "missing": [r["label"] for r in roles if not r["people"]],
        "no_decider": not any(c.buying_role == BuyingRole.DECIDER for c in contacts),
    }


def detail_context(
    request: AuthenticatedHttpRequest, opportunity: Opportunity, **bound: Form
) -> dict[str, Any]:
    user = request.user
    may_change = queries.may_change(user, opportunity)
    editable = may_change and opportunity.is_open
    settings = queries.stage_settings()
    probability = queries.probability_of(opportunity, settings)
    opportunity.effective_probability = probability  # type: ignore[attr-defined]
    may_reopen = may_change and opportunity.is_closed and access.can_reopen_deal(user)

    def form(name: str, make: Any) -> Form | None:
        if not editable:
            return None
        return bound.get(name) or make()

    return {
        "nav": "pipeline",
        "opportunity": opportunity,
        "today": timezone.localdate(),
        "may_change": may_change,
        "editable": editable,
        "probability": probability,
        "weighted": weighted(opportunity),
        "dmu": dmu_map(opportunity),
        "next_step": queries.next_step(opportunity),
        "activities": queries.last_done(opportunity),
        "stage_form": form(
            "stage", lambda: forms.StageForm(prefix="stage", opportunity=opportunity)
        ),
        "reopen_form": (bound.get("reopen") or forms.ReopenForm(prefix="reopen"))
        if may_reopen
        else None,
        "contact_form": form(
            "contact", lambda: forms.DealContactForm(prefix="contact", opportunity=opportunity)
        ),
        "role_form": forms.DealRoleForm,
        "members_form": form(
            "members", lambda: forms.MembersForm(prefix="members", opportunity=opportunity)
        ),
        "competitors_form": form(
            "competitors",
            lambda: forms.CompetitorsForm(prefix="competitors", opportunity=opportunity),
        ),
        "qualification_form": form(
            "qualification",
            lambda: forms.QualificationForm(
                prefix="qualification",
                initial={
                    name: getattr(opportunity, name) for name in forms.QualificationForm.base_fields
                },
            ),
        ),
        "line_form": form("line", lambda: forms.LineForm(prefix="line")),
        "may_approve_room": editable and access.can_approve(user),
        "quotes": quote_queries.opportunity_quotes(user, opportunity),
        "may_quote": editable,
        # The templates to make a quote with: one query, whatever their number.
        "quote_templates": list(templates_to_pick(user).only("name", "language"))
        if editable
        else [],
        "lost_reasons": LostReason.choices,
        "stages": Stage,
    }


@login_required
def opportunity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity(request.user, pk)
    context = detail_context(request, opportunity)
    return render(request, "sales/opportunity_detail.html", context)


def render_detail(
    request: AuthenticatedHttpRequest, pk: int, status: int, **bound: Form
) -> HttpResponse:
    opportunity = get_opportunity(request.user, pk)
    context = detail_context(request, opportunity, **bound)
    return render(request, "sales/opportunity_detail.html", context, status=status)


def _writable_account(user: User, pk: int | None) -> Account:
    account = access.accounts_readable(user).filter(pk=pk).first() if pk else None
    if account is None:
        raise Http404
    if not queries.may_create_for(user, account):
        raise NotAllowed(_("You may not add opportunities to this account."))
    return account


@login_required
def opportunity_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new opportunity for the account in `?account=` (from the account page)."""
    account = _writable_account(request.user, id_param(request.GET.get("account")))
    data = request.POST if request.method == "POST" else None
    form = forms.OpportunityForm(data, account=account, user=request.user)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            opportunity = services.opportunity_create(actor=request.user, account=account, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:opportunity_detail", pk=opportunity.pk)
    context = {"nav": "pipeline", "form": form, "account": account, "opportunity": None}
    status = 422 if form.errors else 200
    return render(request, "sales/opportunity_form.html", context, status=status)


@login_required
def opportunity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = get_opportunity(request.user, pk)
    if not queries.may_change(request.user, opportunity):
        raise NotAllowed(_("You may not change this opportunity."))
    if opportunity.is_closed:
        return redirect("sales:opportunity_detail", pk=opportunity.pk)
    data = request.POST if request.method == "POST" else None
    form = forms.OpportunityForm(
        data, account=opportunity.account, user=request.user, opportunity=opportunity
    )
    if form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version") or opportunity.version
        if form.fields["amount"].disabled:
            values.pop("amount", None)
        try:
            services.opportunity_update(
                actor=request.user, opportunity=opportunity, expected_version=version, data=values
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersionError:
            form.add_error(
                None,
                _("Someone changed this opportunity meanwhile; reload it to see the changes."),
            )
        else:
            return redirect("sales:opportunity_detail", pk=opportunity.pk)
    context = {
        "nav": "pipeline",
        "form": form,
        "account": opportunity.account,
        "opportunity": opportunity,
    }
    status = 422 if form.errors else 200
    return render(request, "sales/opportunity_form.html", context, status=status)
