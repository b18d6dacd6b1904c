"""The win and loss page (decisions 148 and 155): the opportunities won and lost in the period
counted and summed, the won ones by reason, the lost ones by reason and by the competitor who
won; every row links to the
opportunities behind it (a list that adds up to the row, with its XLSX export). Whose deals,
as on the pipeline page: an account manager's own; for a reader of the team one person, one
team or all they read; always within what the reader may read, of the period's segment and
tier."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core.charts import Chart, Series, bar_chart
from koers.core.http import AuthenticatedHttpRequest
from koers.insights import figures
from koers.insights.indicators.winloss import NONE, Choice, WinLoss, deals_drill, win_loss
from koers.insights.periods import Period
from koers.insights.pipeline_page import Whose, whose
from koers.insights.registry import MONEY
from koers.insights.templatetags.insights_tags import shown
from koers.insights.views import PAGE_SIZE, _cell, _int, _period, _period_context, drill_total
from koers.sales.models import Competitor, LostReason, Stage, WonReason
from koers.transfer.exports import export_response


def _whose(request: AuthenticatedHttpRequest) -> Whose:
    return whose(request.user, _int(request.GET.get("person")), _int(request.GET.get("team")))


def _keep(who: Whose) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in (("person", who.person), ("team", who.team)) if v is not None]


def _context(request: AuthenticatedHttpRequest, period: Period, who: Whose) -> dict[str, Any]:
    keep = _keep(who)
    reads_team = figures.reads_team(request.user)
    return {
        **_period_context(period, groups_filter=False),
        "keep": keep,
        "keep_query": "".join(f"&{k}={v}" for k, v in keep),
        "who": who,
        "reads_team": reads_team,
        "people": list(figures.team_people(request.user)) if reads_team else [],
        "teams": list(figures.teams_for(request.user)) if reads_team else [],
        "nav": "insights",
    }


def reasons_chart(found: WinLoss) -> Chart:
    """The value lost per reason, as bars (the table below it holds the same)."""
    return bar_chart(
        title=_("Value lost per reason"),
        categories=[b.label for b in found.reasons],
        series=[Series(_("Value lost"), [b.value for b in found.reasons])],
        fmt=lambda v: shown(Decimal(str(v)), MONEY),
    )


def won_reasons_chart(found: WinLoss) -> Chart:
    """The value won per reason, as bars (the table below it holds the same)."""
    return bar_chart(
        title=_("Value won per reason"),
        categories=[b.label for b in found.won_reasons],
        series=[Series(_("Value won"), [b.value for b in found.won_reasons])],
        fmt=lambda v: shown(Decimal(str(v)), MONEY),
    )


@login_required
@require_GET
def win_loss_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    period = _period(request)
    who = _whose(request)
    found = win_loss(request.user, period, who.owners)
    context = {
        **_context(request, period, who),
        "found": found,
        "chart": reasons_chart(found),
        "won_chart": won_reasons_chart(found),
    }
    return render(request, "insights/win_loss.html", context)


def title_of(choice: Choice) -> str:
    """What the list holds, in words: "Lost · Price", "Lost · to X Foods", "Won · Service"."""
    if choice.outcome == Stage.WON:
        if not choice.reason:
            return _("Won")
        label = dict(WonReason.choices).get(choice.reason, _("No reason recorded"))
        return " · ".join([_("Won"), str(label)])
    lost = choice.outcome == Stage.LOST or choice.reason or choice.competitor
    parts = [_("Lost") if lost else _("Won and lost")]
    if choice.reason:
        reasons = dict(LostReason.choices)
        label = reasons.get(choice.reason, _("No reason recorded"))
        parts.append(str(label))
    if choice.competitor == NONE:
        parts.append(_("no competitor named"))
    elif choice.competitor:
        name = Competitor.objects.filter(pk=int(choice.competitor)).values_list("name", flat=True)
        parts.append(_("to %(name)s") % {"name": name.first() or "?"})
    return " · ".join(parts)


@login_required
@require_GET
def win_loss_deals(request: AuthenticatedHttpRequest) -> HttpResponse:
    period = _period(request)
    who = _whose(request)
    choice = Choice.of(request.GET)
    found = deals_drill(request.user, period, who.owners, choice)
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (found.link(obj) if found.link else "", [_cell(c.value(obj)) for c in found.columns])
        for obj in page.object_list
    ]
    context = {
        **_context(request, period, who),
        "choice": choice,
        "title": title_of(choice),
        "total": drill_total(found),
        "headers": [str(c.header) for c in found.columns],
        "rows": rows,
        "page_obj": page,
    }
    return render(request, "insights/win_loss_deals.html", context)


@login_required
@require_GET
def win_loss_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    period = _period(request)
    choice = Choice.of(request.GET)
    found = deals_drill(request.user, period, _whose(request).owners, choice)
    return export_response(
        found.rows,
        found.columns,
        fmt="xlsx",
        name="insights-win-loss",
        title=_("Win and loss"),
    )
