"""The pages of the whitespace grid, the realism check and the plan's PDF (docs/decisions.md,
128). Read with the account (or the plan's account); the writes go through
`whitespace_services`, which use the services of plans and sales."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.planning.analysis.paste import number
from koers.planning.models import AccountPlan
from koers.planning.plans import document, queries, realism, whitespace
from koers.planning.plans import whitespace_services as services
from koers.planning.plans.forms_extras import EstimateForm, WhitespaceDealForm
from koers.planning.plans.services import may_write
from koers.sales.models import ProductGroup
from koers.sales.opportunities import queries as opportunity_queries

CLOSE_IN_DAYS = 90
LARGEST = Decimal("9999999999999.99")


def _account(request: AuthenticatedHttpRequest, pk: int) -> Account:
    found = access.accounts_readable(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _plan(request: AuthenticatedHttpRequest, pk: int) -> AccountPlan:
    found = (
        queries.plans_readable(request.user)
        .select_related("account", "owner", "analysis")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _grid_url(account: Account, row: Account | None = None) -> str:
    url = reverse("planning:whitespace", args=[account.pk])
    return f"{url}#row-{row.pk}" if row is not None else url


@login_required
def whitespace_grid(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    grid = whitespace.grid_of(request.user, account)
    context = {
        "account": account,
        "grid": grid,
        "base": reverse("planning:whitespace", args=[account.pk]),
        "may_write": services.may_estimate(request.user, account),
        "nav": "accounts",
    }
    return render(request, "planning/plans/whitespace.html", context)


class _Cell:
    """The account, the row (the account or a branch) and the main group of one cell."""

    def __init__(self, request: AuthenticatedHttpRequest, pk: int, row: int, group: int) -> None:
        self.account = _account(request, pk)
        found = whitespace.grid_rows(request.user, self.account).filter(pk=row).first()
        group_found = ProductGroup.objects.filter(pk=group, parent__isnull=True).first()
        if found is None or group_found is None:
            raise Http404
        self.row: Account = found
        self.group: ProductGroup = group_found

    def figures(self, request: AuthenticatedHttpRequest) -> whitespace.Cell:
        return whitespace.cell_of(request.user, self.row, self.group)

    def deal_initial(self, cell: whitespace.Cell) -> dict[str, Any]:
        title = self.group.name
        if self.row.pk != self.account.pk:
            title = f"{self.group.name} · {self.row.name}"
        return {
            "title": title,
            "amount": cell.gap,
            "close_on": timezone.localdate() + timedelta(days=CLOSE_IN_DAYS),
        }

    def may_goal(self, user: Any, plan: AccountPlan | None) -> bool:
        """A goal of the plan may name the account or one of its own branches."""
        if plan is None or not may_write(user, plan):
            return False
        return plan.account_id in (self.row.pk, self.row.parent_id)

    def context(self, request: AuthenticatedHttpRequest, **extra: Any) -> dict[str, Any]:
        figures = self.figures(request)
        plan = whitespace.draft_plan(self.account)
        user = request.user
        out = {
            "account": self.account,
            "row": self.row,
            "group": self.group,
            "cell": figures,
            "plan": plan,
            "may_goal": self.may_goal(user, plan),
            "may_estimate": services.may_estimate(user, self.row),
            "may_deal": opportunity_queries.may_create_for(user, self.account)
            and not access.changes_nothing(user),
            "estimate_form": EstimateForm(initial={"amount": figures.estimate}),
            "deal_form": WhitespaceDealForm(initial=self.deal_initial(figures)),
            "back": _grid_url(self.account, self.row),
            "nav": "accounts",
        }
        out.update(extra)
        return out


def _cell_page(request: AuthenticatedHttpRequest, context: dict[str, Any]) -> HttpResponse:
    partial = is_partial(request)
    template = (
        "planning/plans/_whitespace_dialog.html"
        if partial
        else "planning/plans/whitespace_cell.html"
    )
    failed = any(f.errors for f in (context["estimate_form"], context["deal_form"]))
    status = 422 if failed and not partial else 200
    return vary_on_htmx(render(request, template, context, status=status))


def _done(request: AuthenticatedHttpRequest, url: str) -> HttpResponse:
    if is_partial(request):
        # Without the row's anchor: a change of the anchor alone would not load the grid again.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url.split("#", 1)[0]
        return response
    return redirect(url)


@login_required
def whitespace_cell(
    request: AuthenticatedHttpRequest, pk: int, row: int, group: int
) -> HttpResponse:
    cell = _Cell(request, pk, row, group)
    return _cell_page(request, cell.context(request))


@login_required
@require_POST
def whitespace_estimate(
    request: AuthenticatedHttpRequest, pk: int, row: int, group: int
) -> HttpResponse:
    cell = _Cell(request, pk, row, group)
    if not services.may_estimate(request.user, cell.row):
        raise NotAllowed
    form = EstimateForm(request.POST)
    if form.is_valid():
        try:
            services.whitespace_estimate_set(
                actor=request.user,
                account=cell.row,
                product_group=cell.group,
                amount=form.cleaned_data["amount"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The estimate is saved."))
            return _done(request, _grid_url(cell.account, cell.row))
    return _cell_page(request, cell.context(request, estimate_form=form))


@login_required
@require_POST
def whitespace_goal(
    request: AuthenticatedHttpRequest, pk: int, row: int, group: int
) -> HttpResponse:
    """One click: the cell becomes a revenue goal on the account's draft plan."""
    cell = _Cell(request, pk, row, group)
    plan = whitespace.draft_plan(cell.account)
    if plan is None:
        messages.error(request, _("This account has no plan open for changes; start one first."))
        return _done(request, _grid_url(cell.account, cell.row))
    if not may_write(request.user, plan):
        raise NotAllowed
    figures = cell.figures(request)
    try:
        services.whitespace_goal_add(
            actor=request.user,
            plan=plan,
            row=cell.row,
            product_group=cell.group,
            target=figures.gap,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _done(request, _grid_url(cell.account, cell.row))
    messages.success(request, _("The goal is added to the plan %(year)s.") % {"year": plan.year})
    return _done(request, _grid_url(cell.account, cell.row))


@login_required
def whitespace_opportunity(
    request: AuthenticatedHttpRequest, pk: int, row: int, group: int
) -> HttpResponse:
    """The dialog (or page) of a new opportunity, prefilled from the cell."""
    cell = _Cell(request, pk, row, group)
    if not opportunity_queries.may_create_for(request.user, cell.account):
        raise NotAllowed
    if request.method != "POST":
        return _cell_page(request, cell.context(request, open_deal=True))
    form = WhitespaceDealForm(request.POST)
    if form.is_valid():
        try:
            services.whitespace_opportunity_create(
                actor=request.user,
                account=cell.account,
                row=cell.row,
                product_group=cell.group,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The opportunity is opened."))
            return _done(request, _grid_url(cell.account, cell.row))
    return _cell_page(request, cell.context(request, deal_form=form, open_deal=True))


def _expected(request: AuthenticatedHttpRequest, plan: AccountPlan) -> Decimal | None:
    if "expected_revenue" not in request.GET:
        return plan.expected_revenue
    value = number(request.GET.get("expected_revenue", ""))
    if value is None or not (0 <= value <= LARGEST):
        return None
    return value


@login_required
def plan_realism(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The realism check of the expected revenue typed (or the plan's), as a partial."""
    plan = _plan(request, pk)
    check = realism.realism_of(realism.facts_of(request.user, plan, _expected(request, plan)))
    context = {"plan": plan, "realism": check}
    return vary_on_htmx(render(request, "planning/plans/_realism.html", context))


@login_required
def plan_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The plan as a PDF: internal, or `?variant=customer` without the internal parts."""
    try:
        plan = queries.plan_for_detail(request.user, pk)
    except AccountPlan.DoesNotExist as exc:
        raise Http404 from exc
    variant: document.Variant = (
        "customer" if request.GET.get("variant") == "customer" else "internal"
    )
    content = document.plan_pdf(plan, request.user, variant)
    response = HttpResponse(content, content_type="application/pdf")
    name = document.file_name(plan, variant)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
