"""A campaign's pages: the list, the campaign itself with its recent changes, creating and
changing it, and its full history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from koers.campaigns import queries, services
from koers.campaigns.event_models import EVENT_KINDS
from koers.campaigns.filters import CampaignFilterSet
from koers.campaigns.forms import CampaignForm
from koers.campaigns.models import Campaign
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.history import recent_history, render_history
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param, render_list

NAV = "campaigns"


def campaign_or_404(request: AuthenticatedHttpRequest, pk: int) -> Campaign:
    try:
        return queries.campaign_for_detail(request.user, pk)
    except Campaign.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def campaign_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = CampaignFilterSet(request.GET, user=request.user)
    context = {
        "nav": NAV,
        "may_run": access.can_run_campaigns(request.user),
        "may_record": access.can_record_leads(request.user),
    }
    return render_list(
        request,
        filterset,
        template="campaigns/campaign_list.html",
        partial="campaigns/_campaign_results.html",
        context=context,
    )


@login_required
def campaign_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    history, more = recent_history(campaign, limit=10)
    may_run = access.can_run_campaigns(request.user)
    context = {
        "campaign": campaign,
        "selection": campaign.selection,
        "groups": list(campaign.product_groups.all()),
        "may_run": may_run,
        "mailings": list(campaign.mailings.all()) if may_run else [],
        "events": list(campaign.events.all()),
        "has_events": campaign.kind in EVENT_KINDS,
        "history": history,
        "more_history": more,
        "nav": NAV,
    }
    return render(request, "campaigns/campaign_detail.html", context)


@login_required
def campaign_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    form = CampaignForm(request.POST or None, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, data=_data(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign is created."))
            return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "nav": NAV})


def _data(form: CampaignForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.EDITABLE}


@login_required
def campaign_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    form = CampaignForm(request.POST or None, instance=campaign)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = id_param(request.POST.get("version")) or 0
        try:
            services.campaign_update(
                actor=request.user, campaign=campaign, expected_version=version, data=_data(form)
            )
        except StaleVersionError as exc:
            conflict = exc
            campaign = campaign_or_404(request, pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The campaign has been changed."))
            return redirect("campaigns:campaign_detail", pk=campaign.pk)
    context = {"campaign": campaign, "form": form, "conflict": conflict, "nav": NAV}
    return render(request, "campaigns/campaign_form.html", context)


@login_required
def campaign_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    crumbs = [
        (reverse("campaigns:campaign_list"), _("Campaigns")),
        (reverse("campaigns:campaign_detail", args=[campaign.pk]), campaign.name),
    ]
    return render_history(
        request,
        campaign,
        title=campaign.name,
        crumbs=crumbs,
        back_label=_("Back to the campaign"),
        nav=NAV,
        created_text=_("Created this campaign."),
    )
