"""The market pages: per segment and per product group, with charts (server-rendered SVG,
`koers.core.charts`). Readable by everyone signed in; the figures about accounts are those of
the accounts the reader may read (`planning/market.py`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from koers.accounts.models import Segment
from koers.core import access
from koers.core.charts import Chart, Series, bar_chart
from koers.core.http import AuthenticatedHttpRequest
from koers.core.pdf import money
from koers.planning import market
from koers.planning.models import SignalKind
from koers.sales.models import ProductGroup

KINDS = dict(SignalKind.choices)


def _count(value: Any) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _euros(value: Any) -> str:
    return money(Decimal(value).quantize(Decimal(1)))


def _month_label(first: date) -> str:
    return f"{MONTHS_3[first.month]} {first.strftime('%y')}"


def _charts(figures: market.MarketFigures) -> list[tuple[str, Chart]]:
    months = [_month_label(m) for m in figures.months]
    revenue = bar_chart(
        title=_("Revenue per month"),
        categories=months,
        series=[Series(_("Revenue"), [m.revenue for m in figures.sales])],
        fmt=_euros,
    )
    buyers = bar_chart(
        title=_("Buying accounts per month"),
        categories=months,
        series=[Series(_("Accounts"), [m.buying_accounts for m in figures.sales])],
        fmt=_count,
    )
    signals = bar_chart(
        title=_("Signals per kind per month"),
        categories=months,
        series=[Series(str(KINDS[k]), v) for k, v in figures.signals.items()],
        fmt=_count,
        stacked=True,
    )
    present = bar_chart(
        title=_("Competitors present: accounts"),
        categories=[p.name for p in figures.competitors],
        series=[Series(_("Accounts"), [p.accounts for p in figures.competitors])],
        fmt=_count,
    )
    return [
        ("chart-revenue", revenue),
        ("chart-accounts", buyers),
        ("chart-signals", signals),
        ("chart-competitors", present),
    ]


def _page(
    request: AuthenticatedHttpRequest, *, subject: Any, kind: str, figures: market.MarketFigures
) -> HttpResponse:
    user = request.user
    context = {
        "subject": subject,
        "kind": kind,
        "figures": figures,
        "charts": _charts(figures),
        "revenue_total": sum((m.revenue for m in figures.sales), Decimal(0)),
        "signal_total": sum(sum(v) for v in figures.signals.values()),
        "may_read_feed": access.can_read_signal_feed(user),
        "nav": "signals" if access.can_read_signal_feed(user) else "accounts",
    }
    return render(request, "planning/market_page.html", context)


@login_required
def market_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The segments and product groups, each linking to its market page."""
    context = {
        "segments": list(Segment.objects.order_by("name")),
        "groups": list(
            ProductGroup.objects.filter(parent__isnull=True, active=True).order_by(
                "position", "code"
            )
        ),
        "nav": "signals" if access.can_read_signal_feed(request.user) else "accounts",
    }
    return render(request, "planning/market_index.html", context)


def _market_of(
    request: AuthenticatedHttpRequest,
    subject: Segment | ProductGroup | None,
    figures: Callable[[Any, Any, date], market.MarketFigures],
    kind: str,
) -> HttpResponse:
    if subject is None:
        raise Http404
    found = figures(request.user, subject, timezone.localdate())
    return _page(request, subject=subject, kind=kind, figures=found)


@login_required
def segment_market(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    segment = Segment.objects.filter(pk=pk).first()
    return _market_of(request, segment, market.segment_figures, "segment")


@login_required
def product_group_market(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = ProductGroup.objects.filter(pk=pk).first()
    return _market_of(request, group, market.product_group_figures, "product_group")
