"""What is done on an order's page: move its status, cancel it, add or remove lines, record a
problem, tell the customer, resolve it, order again. Each is a POST that calls one service and
goes back to the page (or shows it with the errors next to the form's fields, 422)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.sales.models import Order, OrderLine, OrderProblem
from koers.sales.orders import forms, queries, services
from koers.sales.orders.services import LineIn
from koers.sales.orders.views.pages import get_order, render_detail


def _changeable(user: User, pk: int) -> Order:
    order = get_order(user, pk)
    if not queries.may_change(user, order):
        raise NotAllowed(_("You may not change this order."))
    return order


def _act(
    request: AuthenticatedHttpRequest,
    order: Order,
    name: str,
    form: Form,
    call: Callable[[Any], object],
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:order_detail", pk=order.pk)
    return render_detail(request, order.pk, 422, **{name: form})


@login_required
@require_POST
def status_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _changeable(request.user, pk)
    form = forms.StatusForm(request.POST, prefix="status", order=order)

    def call(d: dict[str, Any]) -> object:
        return services.order_status_change(
            actor=request.user, order=order, to=d["to"], on=d["on"], note=d["note"]
        )

    return _act(request, order, "status", form, call)


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _changeable(request.user, pk)
    form = forms.CancelForm(request.POST, prefix="cancel")

    def call(d: dict[str, Any]) -> object:
        return services.order_status_change(
            actor=request.user, order=order, to="cancelled", cancel_reason=d["reason"]
        )

    return _act(request, order, "cancel", form, call)


@login_required
@require_POST
def line_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _changeable(request.user, pk)
    form = forms.LineForm(request.POST, prefix="line")

    def call(d: dict[str, Any]) -> object:
        line = LineIn(
            quantity=d["quantity"],
            product=d["product"],
            description=d["description"],
            unit_price=d["unit_price"],
            discount=d["discount"] or Decimal("0"),
        )
        return services.order_line_add(actor=request.user, order=order, line=line)

    return _act(request, order, "line", form, call)


@login_required
@require_POST
def line_remove(request: AuthenticatedHttpRequest, pk: int, line_pk: int) -> HttpResponse:
    order = _changeable(request.user, pk)
    line = OrderLine.objects.filter(order=order, pk=line_pk).select_related("order").first()
    if line is None:
        raise Http404
    try:
        services.order_line_remove(actor=request.user, line=line)
    except ValidationError:
        return render_detail(request, order.pk, 422)
    return redirect("sales:order_detail", pk=order.pk)


@login_required
@require_POST
def problem_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _changeable(request.user, pk)
    form = forms.ProblemForm(request.POST, prefix="problem")

    def call(d: dict[str, Any]) -> object:
        return services.order_problem_record(
            actor=request.user,
            order=order,
            kind=d["kind"],
            description=d["description"],
            new_promised_on=d["new_promised_on"],
        )

    return _act(request, order, "problem", form, call)


def _problem(user: User, pk: int, problem_pk: int) -> tuple[Order, OrderProblem]:
    order = _changeable(user, pk)
    problem = OrderProblem.objects.filter(order=order, pk=problem_pk).first()
    if problem is None:
        raise Http404
    problem.order = order
    return order, problem


@login_required
@require_POST
def problem_resolve(request: AuthenticatedHttpRequest, pk: int, problem_pk: int) -> HttpResponse:
    order, problem = _problem(request.user, pk, problem_pk)
    prefix = f"resolve-{problem.pk}"
    form = forms.ResolveForm(request.POST, prefix=prefix)

    def call(d: dict[str, Any]) -> object:
        return services.order_problem_resolve(
            actor=request.user, problem=problem, resolution=d["resolution"]
        )

    return _act(request, order, prefix, form, call)


@login_required
@require_POST
def problem_mail(request: AuthenticatedHttpRequest, pk: int, problem_pk: int) -> HttpResponse:
    order, problem = _problem(request.user, pk, problem_pk)
    prefix = f"mail-{problem.pk}"
    form = forms.CommunicateForm(request.POST, prefix=prefix, account=order.account)

    def call(d: dict[str, Any]) -> object:
        return services.order_problem_communicate(
            actor=request.user,
            problem=problem,
            contacts=d["contacts"],
            template=d["template"],
            subject=d["subject"],
            body=d["body"],
        )

    return _act(request, order, prefix, form, call)


@login_required
@require_POST
def order_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _changeable(request.user, pk)
    try:
        again = services.order_again(actor=request.user, order=order)
    except ValidationError:
        return render_detail(request, order.pk, 422)
    return redirect("sales:order_detail", pk=again.pk)
