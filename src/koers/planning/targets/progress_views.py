"""The plan-against-actual pages (issue 15): the targets of a period with their actual,
deviation, forecast and what is still to close; the drill-down behind a figure; and the cause
of a deviation with the corrective action, recorded by the target's owner."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.history import recent_history
from koers.core.http import AuthenticatedHttpRequest
from koers.core.paging import Uncounted, UncountedPage
from koers.planning.models.deviations import TargetDeviation
from koers.planning.models.targets import Measure, PeriodKind, Target, TargetLevel
from koers.planning.targets import deviations, drilldown, progress, queries
from koers.planning.targets.forms import DeviationForm

PER_PAGE = 50
# A drill-down shows this many rows; its total counts them all.
DRILL_ROWS = 500
PERIOD_NUMBERS = {PeriodKind.MONTH: range(1, 13), PeriodKind.QUARTER: range(1, 5)}


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 6 else None


def _filters(request: AuthenticatedHttpRequest) -> progress.ProgressFilters:
    params = request.GET
    given: dict[str, Any] = {}
    for name in ("year", "period", "user", "team"):
        value = _number(params.get(name))
        if value is not None:
            given[name] = value
    for name in ("period_kind", "measure", "level"):
        if name in params:
            given[name] = params[name]
    return progress.default_filters(request.user, **given)


def _page(found: QuerySet[Target], number: str | None) -> tuple[UncountedPage, list[Target]]:
    """A page of targets without counting them all: one row more tells whether more follow."""
    page_number = max(_number(number) or 1, 1)
    start = (page_number - 1) * PER_PAGE
    rows = list(found[start : start + PER_PAGE + 1])
    shown = rows[:PER_PAGE]
    page = UncountedPage(
        shown,
        page_number,
        uncounted=Uncounted(per_page=PER_PAGE, count=None, num_pages=None),
        more=len(rows) > PER_PAGE,
        counting=False,
    )
    return page, shown


@login_required
def target_progress(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    filters = _filters(request)
    found = progress.targets_for(user, filters)
    page, shown = _page(found, request.GET.get("page"))
    rows = progress.figures(shown)
    explainable = queries.explainable(user, shown)
    context = {
        "filters": filters,
        "rows": rows,
        "explainable": explainable,
        "page_obj": page,
        "causes": progress.cause_counts(found),
        "measures": Measure.choices,
        "levels": TargetLevel.choices,
        "period_kinds": PeriodKind.choices,
        "period_numbers": list(PERIOD_NUMBERS.get(PeriodKind(filters.period_kind), [1])),
        "years": [filters.year - 1, filters.year, filters.year + 1],
        "money": filters.measure in (Measure.REVENUE, Measure.MARGIN),
        "nav": "targets",
    }
    return render(request, "planning/targets/progress.html", context)


def _target(request: AuthenticatedHttpRequest, pk: int) -> Target:
    readable = queries.targets_readable(request.user).select_related(
        "team", "user", "account", "product_group", "segment"
    )
    return get_object_or_404(readable, pk=pk)


def progress_url(target: Target) -> str:
    query: dict[str, str | int] = {
        "year": target.year,
        "period_kind": target.period_kind,
        "period": target.period,
        "measure": target.measure,
        "level": target.level,
    }
    return f"{reverse('planning:target_progress')}?{urlencode(query)}"


@login_required
def target_drilldown(request: AuthenticatedHttpRequest, pk: int, figure: str) -> HttpResponse:
    """The orders, visits, new customers or opportunities behind a target's figure."""
    target = _target(request, pk)
    if figure == "actual":
        drill = drilldown.actual_drill(target)
    elif figure == "pipeline":
        drill = drilldown.pipeline_drill(target, timezone.localdate())
    else:
        raise Http404
    rows = list(drill.rows[: DRILL_ROWS + 1])
    ids = {row["account_pk"] for row in rows}
    readable = set(
        access.accounts_readable(request.user).filter(pk__in=ids).values_list("pk", flat=True)
    )
    for row in rows:
        row["readable"] = row["account_pk"] in readable
    context = {
        "target": target,
        "label": progress.target_label(target),
        "figure": figure,
        "drill": drill,
        "rows": rows[:DRILL_ROWS],
        "more": len(rows) > DRILL_ROWS,
        "money": target.measure in (Measure.REVENUE, Measure.MARGIN),
        "back_url": progress_url(target),
        "nav": "targets",
    }
    return render(request, "planning/targets/drilldown.html", context)


@login_required
def target_deviation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cause of a target's deviation and the corrective action; its owner records them."""
    target = _target(request, pk)
    user = request.user
    may_explain = queries.may_explain(user, target)
    found = TargetDeviation.objects.filter(for_target=target).first()
    initial = (
        {"cause": found.cause, "comment": found.comment, "action": found.action} if found else {}
    )
    form = DeviationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_explain:
            raise NotAllowed
        if form.is_valid():
            try:
                deviations.deviation_record(actor=user, target=target, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The cause of the deviation is recorded."))
                return redirect(progress_url(target))
    (figure,) = progress.figures([target])
    context = {
        "target": target,
        "label": progress.target_label(target),
        "row": figure,
        "form": form,
        "may_explain": may_explain,
        "deviation": found,
        "history": recent_history(found, limit=10)[0] if found else [],
        "money": target.measure in (Measure.REVENUE, Measure.MARGIN),
        "back_url": progress_url(target),
        "nav": "targets",
    }
    return render(request, "planning/targets/deviation.html", context)
