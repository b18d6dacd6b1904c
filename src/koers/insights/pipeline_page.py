"""The pipeline page (decision 142): what moved between two dates (new, advanced, slipped,
won, lost) from the weekly snapshots, the funnel of the deals closed in the period with its
chart, and the average discount per level. For the reader's own pipeline (an account
manager), one person or one team they manage, or everything they read; every figure links to
the list behind it (`insights:drill`), which counts the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.core.charts import Chart, Series, bar_chart
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.insights import figures, movement
from koers.insights.indicators.common import SUM
from koers.insights.indicators.funnel import Step, funnel
from koers.insights.indicators.mandate import discount_by_level
from koers.insights.periods import Period
from koers.insights.registry import by_owners


@dataclass(frozen=True)
class Moved:
    category: str
    label: str
    count: int
    value: Decimal


@dataclass(frozen=True)
class Whose:
    """Whose pipeline the page shows: the owners counted (None: all the reader reads), and
    what goes into the links behind the figures."""

    owners: list[int] | None
    person: int | None
    team: int | None


def whose(user: User, person: int | None, team: int | None) -> Whose:
    """An account manager: their own (as on My figures). A reader of the team: a person of
    their teams, a team they manage, or all they read. A person or team outside what the
    reader manages counts nothing (the figures stay within the reader's scope anyway)."""
    own = figures.subject_owners(user)
    if own is not None and not figures.reads_team(user):
        return Whose(own, user.pk, None)
    if person is not None:
        return Whose([person], person, None)
    if team is not None and figures.reads_team(user):
        people = list(figures.team_people(user, team).values_list("pk", flat=True))
        return Whose(people, None, team)
    return Whose(own, own[0] if own else None, None)


def moved(user: User, period: Period, owners: list[int] | None) -> list[Moved]:
    found = []
    for category in movement.CATEGORIES:
        rows = movement.moved(user, period.start, period.end, category, period.accounts)
        totals = by_owners(rows, owners).aggregate(
            n=Count("pk"), value=Sum("amount", output_field=SUM)
        )
        found.append(
            Moved(
                category,
                str(movement.LABELS[category]),
                totals["n"],
                Decimal(totals["value"] or 0),
            )
        )
    return found


def funnel_chart(steps: list[Step]) -> Chart:
    return bar_chart(
        title=_("Funnel of the deals closed in the period"),
        categories=[s.label for s in steps],
        series=[Series(_("Deals that reached the stage"), [s.reached for s in steps])],
        fmt=lambda v: str(int(v)),
    )


def _int(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


@login_required
@require_GET
def pipeline(request: AuthenticatedHttpRequest) -> HttpResponse:
    from koers.insights.views import _period, _period_context

    user = request.user
    period = _period(request)
    who = whose(user, _int(request.GET.get("person")), _int(request.GET.get("team")))
    week_a, week_b = movement.weeks(period.start, period.end)
    steps = funnel(user, period, who.owners)
    keep = [(k, v) for k, v in (("person", who.person), ("team", who.team)) if v is not None]
    reads_team = figures.reads_team(user)
    context = {
        **_period_context(period, groups_filter=False),
        "keep": keep,
        "keep_query": "".join(f"&{k}={v}" for k, v in keep),
        "who": who,
        "reads_team": reads_team,
        "people": list(figures.team_people(user)) if reads_team else [],
        "teams": list(figures.teams_for(user)) if reads_team else [],
        "week_a": week_a,
        "week_b": week_b,
        "moved": moved(user, period, who.owners) if week_a else [],
        "steps": steps,
        "chart": funnel_chart(steps),
        "levels": discount_by_level(user, period, who.owners),
        "nav": "insights",
    }
    return render(request, "insights/pipeline.html", context)
