"""The pipeline board: the page (or its columns, for HTMX), a column's next cards, one card,
and moving a card to another stage.

A move calls `opportunity_stage_change` with the stage form of the opportunity's page, so the
same rules hold: a move to lost is answered with the card asking why (its reason, and the
competitor who won when that is the reason), and a move without the reason is refused with
the message next to the field (422). A move to won asks why too, but the reason may stay
empty (decision 155): the answer with or without one wins the deal. A moved card leaves its
column; the answer puts it on top of its new column and brings every column's header up to
date (out of band).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.sales.models import Opportunity, Stage
from koers.sales.opportunities import board as pipeline
from koers.sales.opportunities import forms, queries, services
from koers.sales.opportunities.scope import Scope, pipeline_scope

PREFIX = "move"
# The field whose presence in the POST says the card's question was answered, per stage asked.
ASKED = {Stage.LOST: f"{PREFIX}-lost_reason", Stage.WON: f"{PREFIX}-won_reason"}


def _scope(request: AuthenticatedHttpRequest) -> tuple[Scope, int]:
    return pipeline_scope(request.user, request.GET), pipeline.days_param(request.GET.get("days"))


def _may_move(request: AuthenticatedHttpRequest) -> bool:
    """Every card on the board is readable; all but marketing change what they read."""
    return not access.changes_nothing(request.user)


def _common(scope: Scope, days: int) -> dict[str, Any]:
    return {
        "nav": "pipeline",
        "scope": scope,
        "days": days,
        "day_choices": pipeline.DAYS,
        "query": scope.query(days=days if days != pipeline.DEFAULT_DAYS else None),
    }


@login_required
@require_GET
def board_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope, days = _scope(request)
    context = {
        **_common(scope, days),
        "columns": pipeline.board(request.user, scope, days),
        "may_move": _may_move(request),
    }
    if is_partial(request):
        # The link to the stale deals follows the picked scope (out of band).
        context["oob_links"] = True
        return vary_on_htmx(render(request, "sales/_board.html", context))
    return vary_on_htmx(render(request, "sales/board.html", context))


@login_required
@require_GET
def board_column(request: AuthenticatedHttpRequest, stage: str) -> HttpResponse:
    """The column's cards after the key `after` (the "more" button)."""
    if stage not in pipeline.COLUMNS:
        raise Http404
    scope, days = _scope(request)
    rows = pipeline.board_rows(request.user, scope, days)
    try:
        found, after = pipeline.cards(rows, stage, after=request.GET.get("after", ""))
    except pipeline.BadCursor:
        return HttpResponseBadRequest(_("after: not the key of a card."))
    column = pipeline.Column(stage, str(dict(Stage.choices)[stage]), cards=found, after=after)
    context = {**_common(scope, days), "column": column, "may_move": _may_move(request)}
    return render(request, "sales/_board_cards.html", context)


def _changeable(request: AuthenticatedHttpRequest, pk: int) -> Opportunity:
    opportunity = (
        queries.opportunities_readable(request.user).select_related("account").filter(pk=pk).first()
    )
    if opportunity is None:
        raise Http404
    if not queries.may_change(request.user, opportunity):
        raise NotAllowed(_("You may not change this opportunity."))
    return opportunity


def _card(
    request: AuthenticatedHttpRequest,
    pk: int,
    scope: Scope,
    days: int,
    *,
    form: forms.StageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    found = pipeline.card(request.user, pk)
    if found is None:
        raise Http404
    context = {
        **_common(scope, days),
        "card": found,
        "asking": form,
        "may_move": _may_move(request),
    }
    template = "sales/_board_card.html" if is_partial(request) else "sales/board_card.html"
    return vary_on_htmx(render(request, template, context, status=status))


@login_required
@require_GET
def board_card(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One card as on the board (the lost or won question's "cancel" puts it back)."""
    scope, days = _scope(request)
    return _card(request, pk, scope, days)


@login_required
@require_POST
def board_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    opportunity = _changeable(request, pk)
    scope, days = _scope(request)
    form = forms.StageForm(request.POST, prefix=PREFIX, opportunity=opportunity)
    if form.is_valid():
        data = form.cleaned_data
        if data["to"] in ASKED and ASKED[data["to"]] not in request.POST:
            # The first step of a move to lost or won: ask why, before anything changes.
            return _card(request, pk, scope, days, form=form)
        try:
            services.opportunity_stage_change(
                actor=request.user,
                opportunity=opportunity,
                to=data["to"],
                lost_reason=data["lost_reason"],
                lost_to=data["lost_to"],
                price_gap=data["price_gap"],
                lost_note=data["lost_note"],
                won_reason=data["won_reason"],
                won_note=data["won_note"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        return _card(request, pk, scope, days, form=form, status=422)
    if not is_partial(request):
        query = scope.query(days=days if days != pipeline.DEFAULT_DAYS else None)
        return redirect(f"{reverse('sales:board')}?{query}" if query else reverse("sales:board"))
    context = {
        **_common(scope, days),
        "card": pipeline.card(request.user, pk),
        "may_move": _may_move(request),
        "columns": pipeline.headers(request.user, scope, days),
    }
    return vary_on_htmx(render(request, "sales/_board_moved.html", context))
