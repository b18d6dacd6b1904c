"""The company's figures page (`/insights/company/`): teams, segments or product groups side by
side for administrators and the sales director. Thin: the sheets come from `company.py`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core import access
from koers.core.http import AuthenticatedHttpRequest
from koers.insights import charts, company
from koers.insights.periods import COMPARES, DEFAULT_COMPARE, compare_from
from koers.insights.views import _period, _period_context


@login_required
@require_GET
def company_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_read_company_insights(user):
        raise PermissionDenied
    period = _period(request)
    by = str(request.GET.get("by") or "teams")
    by = by if by in company.BY else "teams"
    compare = compare_from(request.GET)
    keep = [("by", by)] + ([] if compare == DEFAULT_COMPARE else [("compare", compare)])
    context = {
        **_period_context(period),
        "keep": keep,
        "keep_query": "".join(f"&{k}={v}" for k, v in keep),
        "by": by,
        "tabs": [
            ("teams", _("Teams")),
            ("segments", _("Segments")),
            ("product_groups", _("Product groups")),
        ],
        "nav": "insights",
    }
    if by == "product_groups":
        against = period.compared(compare)
        groups = company.by_product_group(user, period, against)
        unnamed = _("No product group")
        context |= {
            "groups": groups,
            "against": against,
            "compares": list(COMPARES.items()),
            "compare": compare,
            "chart_id": "chart-product-groups",
            "chart": charts.product_group_chart(
                [(r.label or unnamed, r.revenue, r.revenue_before) for r in groups.rows]
            ),
        }
    else:
        sheet = company.by_team(user, period) if by == "teams" else company.by_segment(user, period)
        context["sheet"] = sheet
    return render(request, "insights/company.html", context)
