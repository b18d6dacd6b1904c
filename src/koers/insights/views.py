"""The insights pages: the account manager's dashboard, the manager's team matrix, and the list
behind every figure (with its XLSX export). Thin: the figures come from `figures.py`, the
rows from the indicator's own drill-down, both through the reader's scope."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet, Sum
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.accounts.models import Segment, Tier
from koers.core import access
from koers.core.http import AuthenticatedHttpRequest
from koers.core.pdf import money
from koers.insights import charts, figures, registry
from koers.insights.periods import (
    COMPARES,
    DEFAULT_COMPARE,
    KINDS,
    Period,
    compare_from,
    period_from,
)
from koers.insights.registry import Drill, Indicator
from koers.sales.models import ProductGroup
from koers.transfer.exports import export_response

PAGE_SIZE = 50


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


def _period(request: AuthenticatedHttpRequest) -> Period:
    return period_from(request.GET, timezone.localdate())


def product_groups() -> list[tuple[int, str, bool]]:
    """The product groups to pick, (id, name, is a subgroup): each main group followed by its
    subgroups (one query)."""
    groups = list(ProductGroup.objects.order_by("position", "code"))
    found = []
    for main in (g for g in groups if g.parent_id is None):
        found.append((main.pk, main.name, False))
        found += [(g.pk, g.name, True) for g in groups if g.parent_id == main.pk]
    return found


def _period_context(period: Period, *, groups_filter: bool = True) -> dict[str, Any]:
    """The period filter's context; `groups_filter` False on a page whose figures are not
    narrowed by product group (pipeline movement, win and loss): no product group to pick."""
    groups = product_groups() if groups_filter else []
    chosen = period.accounts.product_group
    return {
        "period": period,
        "segments": list(Segment.objects.order_by("name").values_list("pk", "name")),
        "product_groups": groups,
        # The group's name for the notes next to the figures ("" when none is chosen).
        "product_group_name": next((n for pk, n, _sub in groups if pk == chosen), ""),
        "tiers": list(Tier.choices),
        "kinds": list(KINDS.items()),
        "previous_query": period.previous().query(),
        "next_query": period.following().query(),
        "keep": [],
        "keep_query": "",
    }


@login_required
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    period = _period(request)
    compare = compare_from(request.GET)
    against = period.compared(compare)
    team_id = _int(request.GET.get("team")) if figures.reads_team(user) else None
    team_owners = (
        list(figures.team_people(user, team_id).values_list("pk", flat=True)) if team_id else None
    )
    owners = figures.subject_owners(user) if team_owners is None else team_owners
    keep = [] if compare == DEFAULT_COMPARE else [("compare", compare)]
    keep += [("team", str(team_id))] if team_id else []
    context = {
        **_period_context(period),
        # The comparison is kept when the period changes (hidden field, previous/next links).
        "keep": keep,
        "keep_query": "".join(f"&{k}={v}" for k, v in keep),
        "compares": list(COMPARES.items()),
        "compare": compare,
        "compare_label": COMPARES[compare],
        "against": against,
        "against_query": against.query() if against else "",
        "figures": figures.my_figures(user, period, against=compare, team_owners=team_owners),
        "own": team_owners is None and owners is not None,
        "person": user.pk if team_owners is None and owners is not None else None,
        "team_id": team_id,
        "teams": list(figures.teams_for(user)) if figures.reads_team(user) else [],
        "charts": charts.dashboard_charts(user, period, owners),
        "reads_team": figures.reads_team(user),
        "reads_company": access.can_read_company_insights(user),
        "min_peers": figures.MIN_PEERS,
        "nav": "insights",
    }
    return render(request, "insights/dashboard.html", context)


@login_required
@require_GET
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if not figures.reads_team(user):
        raise PermissionDenied
    period = _period(request)
    team_id = _int(request.GET.get("team"))
    sort = str(request.GET.get("sort") or "")
    descending = request.GET.get("dir") != "asc"
    matrix = figures.team_matrix(user, period, team=team_id, sort=sort, descending=descending)
    context = {
        **_period_context(period),
        "matrix": matrix,
        "teams": list(figures.teams_for(user)),
        "keep": [("team", team_id)] if team_id else [],
        "keep_query": f"&team={team_id}" if team_id else "",
        "team_id": team_id,
        "sort": sort,
        "descending": descending,
        "nav": "insights",
    }
    return render(request, "insights/team.html", context)


def _drill_for(
    request: AuthenticatedHttpRequest, key: str
) -> tuple[Indicator, Period, int | None, Drill, list[int] | None]:
    """The indicator, period, person, rows, and whose rows they are (None: all read)."""
    indicator = registry.get(key)
    if indicator is None:
        raise Http404
    user = request.user
    period = _period(request)
    person = _int(request.GET.get("person"))
    if person is None and figures.subject_owners(user) is not None:
        person = user.pk
    found = indicator.drill(user, period, person)
    if not registry.narrowed(indicator, period) and isinstance(found.rows, QuerySet):
        # A figure that cannot be narrowed to the product group chosen has no rows either.
        found = replace(found, rows=found.rows.none())
    people = _team(request, person)
    if people is not None and found.owner and isinstance(found.rows, QuerySet):
        found = replace(found, rows=found.rows.filter(**{f"{found.owner}__in": people}))
        return indicator, period, person, found, people
    return indicator, period, person, found, None if person is None else [person]


def _team(request: AuthenticatedHttpRequest, person: int | None) -> list[int] | None:
    """The account managers of `?team=` (a team the reader manages; all teams for who reads
    everything), when no one person is asked for: the figure and its rows of that team."""
    team = _int(request.GET.get("team"))
    if team is None or person is not None or not figures.reads_team(request.user):
        return None
    return list(figures.team_people(request.user, team).values_list("pk", flat=True))


def _cell(value: Any) -> Any:
    """A cell on the page: amounts (numbers in the export) in euros and cents."""
    return money(Decimal(str(value))) if isinstance(value, float) else value


def drill_total(drill: Drill) -> Decimal | None:
    """What the rows add up to (the figure), or None for a ratio or count of rows."""
    if not drill.total:
        return None
    if isinstance(drill.rows, QuerySet):
        found = drill.rows.order_by().aggregate(t=Sum(drill.total))["t"]
        return Decimal(found or 0)
    return sum((Decimal(getattr(r, drill.total)) for r in drill.rows), Decimal(0))


@login_required
@require_GET
def drill(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    indicator, period, person, found, owners = _drill_for(request, key)
    value = figures.value_of(registry.compute(indicator, request.user, period, owners), indicator)
    page = Paginator(found.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        (found.link(obj) if found.link else "", [_cell(c.value(obj)) for c in found.columns])
        for obj in page.object_list
    ]
    context = {
        **_period_context(period),
        "indicator": indicator,
        "value": value,
        "by_group": figures.by_group(indicator, period),
        "total": drill_total(found),
        "headers": [str(c.header) for c in found.columns],
        "rows": rows,
        "page_obj": page,
        "person": person,
        "team": _int(request.GET.get("team")) if person is None and owners else None,
        "nav": "insights",
    }
    return render(request, "insights/drill.html", context)


@login_required
@require_GET
def drill_export(request: AuthenticatedHttpRequest, key: str) -> HttpResponseBase:
    indicator, _period_found, _person, found, _owners = _drill_for(request, key)
    title = str(indicator.name)
    return export_response(
        found.rows, found.columns, fmt="xlsx", name=f"insights-{key}", title=title or _("Insights")
    )
