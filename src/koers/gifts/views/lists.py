"""The list of gifts (filters, sort, pages) and its export, from one FilterSet."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core import access
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import render_list
from koers.gifts.filters import GiftFilterSet
from koers.gifts.models import current_limit
from koers.transfer.export_views import export_list


@login_required
def gift_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = GiftFilterSet(request.GET, user=request.user)
    context = {
        "nav": "gifts",
        "limit": current_limit(),
        "may_decide": access.may_decide(request.user),
    }
    return render_list(
        request,
        filterset,
        template="gifts/gift_list.html",
        partial="gifts/_gift_results.html",
        context=context,
    )


@login_required
@require_GET
def gift_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    return export_list(request, GiftFilterSet, fmt=fmt, name="gifts", title=_("Gifts"))
