"""A campaign's results page (decision 140): the figures against the goals, two charts with
their tables, and per account manager how their accounts responded. Whoever reads the campaign
sees its totals; the table per account manager shows every row to who reads the whole file
and to the campaign's owner, a manager their team's rows, the others their own row (decision
147)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from koers.campaigns import results_charts
from koers.campaigns.models import Exclusion
from koers.campaigns.results import campaign_results, owner_rows_for
from koers.campaigns.views.campaigns import campaign_or_404
from koers.core.http import AuthenticatedHttpRequest

NAV = "campaigns"


@login_required
def campaign_results_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    results = campaign_results(campaign)
    context = {
        "campaign": campaign,
        "results": results,
        "owners": owner_rows_for(request.user, campaign, results.owners),
        "exclusions": [(Exclusion(r).label, n) for r, n in results.excluded.items()],
        "charts": [
            ("results-funnel", results_charts.funnel(results)),
            ("results-goals", results_charts.goals(results)),
        ],
        "nav": NAV,
    }
    return render(request, "campaigns/campaign_results.html", context)
