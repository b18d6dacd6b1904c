"""The forecast page: per month of expected close, for a team or one owner (`forecast.py`)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.sales.opportunities import forecast as projection
from koers.sales.opportunities.scope import pipeline_scope


@login_required
@require_GET
def forecast_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = pipeline_scope(request.user, request.GET)
    months = projection.months_param(request.GET.get("months"))
    context = {
        "nav": "pipeline",
        "scope": scope,
        "months": months,
        "month_choices": projection.MONTHS,
        "forecast": projection.forecast(request.user, scope, months),
    }
    if is_partial(request):
        return vary_on_htmx(render(request, "sales/_forecast.html", context))
    return vary_on_htmx(render(request, "sales/forecast.html", context))
