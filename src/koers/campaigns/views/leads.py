"""Leads at the fair (decision 140): the short form for a phone, the suggested match to confirm,
the list of a campaign's leads, a lead's page, and turning it into an opportunity.

Recording: account managers, managers and administrators (`access.can_record_leads`); the
list and the page: who may read the lead (`lead_queries.leads_readable`), on a campaign they
may read (a 404 otherwise)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.campaigns import lead_queries, lead_services
from koers.campaigns.lead_filters import LeadFilterSet
from koers.campaigns.lead_forms import LeadForm
from koers.campaigns.lead_matching import suggest
from koers.campaigns.lead_models import Lead, LeadMatch
from koers.campaigns.views.campaigns import campaign_or_404
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param, render_list
from koers.sales.opportunities import queries as deal_queries

NAV = "campaigns"


def lead_or_404(request: AuthenticatedHttpRequest, pk: int) -> Lead:
    try:
        return lead_queries.lead_for_detail(request.user, pk)
    except Lead.DoesNotExist as exc:
        raise Http404 from exc


def _suggestion(request: AuthenticatedHttpRequest, form: LeadForm) -> dict[str, object] | None:
    """The match to confirm before recording, when the file has one and no choice was made."""
    if form.cleaned_data.get("decision"):
        return None
    data = form.cleaned_data
    match = suggest(email=data["email"], company=data["company"], name=data["name"])
    if match.kind == LeadMatch.PROSPECT or match.account is None:
        return None
    return {
        "kind": LeadMatch(match.kind).label,
        "account": match.account,
        "contact": match.contact,
        "readable": access.can_read_account(request.user, match.account),
    }


@login_required
def lead_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_record_leads(request.user):
        raise NotAllowed
    initial = {}
    campaign_id = id_param(request.GET.get("campaign"))
    if campaign_id:
        initial["campaign"] = campaign_id
    form = LeadForm(request.POST or None, user=request.user, initial=initial)
    suggestion = None
    if request.method == "POST" and form.is_valid():
        suggestion = _suggestion(request, form)
        if suggestion is None:
            try:
                lead = lead_services.lead_record(actor=request.user, **form.service_data())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The lead is recorded; %(owner)s follows it up.") % {"owner": lead.owner},
                )
                return redirect("campaigns:lead_detail", pk=lead.pk)
    context = {"form": form, "suggestion": suggestion, "nav": NAV}
    status = 422 if form.errors else 200
    return render(request, "campaigns/lead_form.html", context, status=status)


@login_required
def lead_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    filterset = LeadFilterSet(request.GET, user=request.user, campaign=campaign)
    context = {
        "campaign": campaign,
        "may_record": access.can_record_leads(request.user),
        "nav": NAV,
    }
    return render_list(
        request,
        filterset,
        template="campaigns/lead_list.html",
        partial="campaigns/_lead_results.html",
        context=context,
    )


@login_required
def lead_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lead = lead_or_404(request, pk)
    context = {
        "lead": lead,
        "campaign": lead.campaign,
        "account_readable": access.can_read_account(request.user, lead.account),
        "may_convert": lead.opportunity_id is None
        and deal_queries.may_create_for(request.user, lead.account),
        "nav": NAV,
    }
    return render(request, "campaigns/lead_detail.html", context)


@login_required
@require_POST
def lead_convert(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    lead = lead_or_404(request, pk)
    if lead.opportunity_id is None and not deal_queries.may_create_for(request.user, lead.account):
        raise NotAllowed(_("You may not add opportunities to this account."))
    try:
        opportunity = lead_services.lead_convert(actor=request.user, lead=lead)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("campaigns:lead_detail", pk=lead.pk)
    messages.success(request, _("The lead is now an opportunity, with the campaign as source."))
    return redirect("sales:opportunity_detail", pk=opportunity.pk)
