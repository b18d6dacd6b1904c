"""The order pages: the list and the orders to watch (and their export), one order with what
can be done to it, the form to enter or change one, the UBL download and the account's panel.
Thin: forms validate, services act."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param, render_count, render_list
from koers.core.models import User
from koers.core.panels import panels_for
from koers.correspondence.placeholders import language_of
from koers.sales.catalogue.queries import sees_cost_prices
from koers.sales.models import Order, OrderStatus
from koers.sales.orders import forms, queries, services
from koers.sales.orders.filters import OrderFilterSet, OrderWatchFilterSet
from koers.sales.orders.mails import problem_mail_text
from koers.sales.orders.ubl import order_xml
from koers.transfer.export_views import export_list


def _list(
    request: AuthenticatedHttpRequest, filterset: OrderFilterSet, watch: bool
) -> HttpResponse:
    return render_list(
        request,
        filterset,
        template="sales/order_list.html",
        partial="sales/_order_results.html",
        context={
            "nav": "orders",
            "watch": watch,
            "may_import": access.can_process_orders(request.user),
        },
    )


@login_required
def order_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _list(request, OrderFilterSet(request.GET, user=request.user), watch=False)


@login_required
def order_watch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Orders to watch: late (promised and not delivered) or with an open problem."""
    return _list(request, OrderWatchFilterSet(request.GET, user=request.user), watch=True)


@login_required
def order_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The order list's count line for the same filters, asked by the list page after its rows
    (decision 135)."""
    filterset = OrderFilterSet(request.GET, user=request.user)
    return render_count(request, filterset, template="sales/_order_count.html")


@login_required
@require_GET
def order_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    """The list as it is filtered, as a file (only the orders the user may read)."""
    return export_list(request, OrderFilterSet, fmt=fmt, name="orders", title=_("Orders"))


def get_order(user: User, pk: int) -> Order:
    try:
        return queries.order_for_detail(user, pk)
    except Order.DoesNotExist as exc:
        raise Http404 from exc


def _problem_forms(order: Order, bound: dict[str, Form]) -> list[dict[str, Any]]:
    """Each problem with, while open, the forms to tell the customer and to resolve it. The
    contacts and templates are read once for all the forms (the page's queries stay fixed)."""
    out = []
    shared: tuple[dict[str, list[tuple[Any, str]]], str] | None = None
    for problem in order.problems.all():
        row: dict[str, Any] = {"problem": problem}
        if problem.is_open:
            prefix = f"mail-{problem.pk}"
            mail_form = bound.get(prefix) or forms.CommunicateForm(
                prefix=prefix, account=order.account
            )
            shared = shared or _mail_choices(mail_form)
            choices, language = shared
            for name, listed in choices.items():
                mail_form.fields[name].choices = listed  # type: ignore[attr-defined]
            if prefix not in bound:
                subject, body = problem_mail_text(problem, language)
                mail_form.initial = {"subject": subject, "body": body}
            row["mail_form"] = mail_form
            row["resolve_form"] = bound.get(f"resolve-{problem.pk}") or forms.ResolveForm(
                prefix=f"resolve-{problem.pk}"
            )
        out.append(row)
    return out


def _mail_choices(form: Form) -> tuple[dict[str, list[tuple[Any, str]]], str]:
    """The contacts and templates to choose from, and the language of the first contact (the
    proposed text's)."""
    people = list(form.fields["contacts"].queryset)  # type: ignore[attr-defined]
    templates = list(form.fields["template"].queryset)  # type: ignore[attr-defined]
    choices = {
        "contacts": [(c.pk, str(c)) for c in people],
        "template": [("", "---------"), *((t.pk, str(t)) for t in templates)],
    }
    return choices, language_of(people[0]) if people else "nl"


def detail_context(
    request: AuthenticatedHttpRequest, order: Order, /, **bound: Form
) -> dict[str, Any]:
    user = request.user
    may_change = queries.may_change(user, order)
    may_process = may_change and queries.may_process(user, order)
    editable = may_change and order.status in (OrderStatus.RECEIVED, OrderStatus.CONFIRMED)
    troubled = may_change and order.status not in (OrderStatus.INVOICED, OrderStatus.CANCELLED)
    cancellable = may_process and order.status in (OrderStatus.RECEIVED, OrderStatus.CONFIRMED)
    lines = list(order.lines.all())
    status_form = None
    if may_process and order.status not in (OrderStatus.INVOICED, OrderStatus.CANCELLED):
        status_form = bound.get("status") or forms.StatusForm(prefix="status", order=order)
        if not status_form.fields["to"].choices:  # type: ignore[attr-defined]
            status_form = None
    return {
        "nav": "orders",
        "order": order,
        "lines": lines,
        "late": queries.is_late(order, timezone.localdate()),
        "sees_cost": sees_cost_prices(user),
        "may_change": may_change,
        "may_process": may_process,
        "editable": editable,
        "may_order_again": may_change and bool(lines) and order.status != OrderStatus.CANCELLED,
        "status_form": status_form,
        "cancel_form": (bound.get("cancel") or forms.CancelForm(prefix="cancel"))
        if cancellable
        else None,
        "line_form": (bound.get("line") or forms.LineForm(prefix="line")) if editable else None,
        "problem_form": (bound.get("problem") or forms.ProblemForm(prefix="problem"))
        if troubled
        else None,
        "problems": _problem_forms(order, bound)
        if may_change
        else [{"problem": p} for p in order.problems.all()],
        # Sections of the apps built on orders (after-sales), loaded after the page.
        "panels": panels_for("order", user, order),
    }


@login_required
def order_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = get_order(request.user, pk)
    return render(request, "sales/order_detail.html", detail_context(request, order))


def render_detail(
    request: AuthenticatedHttpRequest, pk: int, code: int, /, **bound: Form
) -> HttpResponse:
    """The page again, with the forms in `bound` showing their errors (`code`: 422)."""
    order = get_order(request.user, pk)
    context = detail_context(request, order, **bound)
    return render(request, "sales/order_detail.html", context, status=code)


def _writable_account(user: User, pk: int | None) -> Account:
    account = access.accounts_readable(user).filter(pk=pk).first() if pk else None
    if account is None:
        raise Http404
    if not queries.may_create_for(user, account):
        raise NotAllowed(_("You may not add orders to this account."))
    return account


@login_required
def order_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new order for the account in `?account=` (from the account page); its lines are
    added on the order's page."""
    account = _writable_account(request.user, id_param(request.GET.get("account")))
    data = request.POST if request.method == "POST" else None
    form = forms.OrderForm(data, account=account)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            order = services.order_create(actor=request.user, account=account, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:order_detail", pk=order.pk)
    context = {"nav": "orders", "form": form, "account": account, "order": None}
    return render(request, "sales/order_form.html", context, status=422 if form.errors else 200)


@login_required
def order_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = get_order(request.user, pk)
    if not queries.may_change(request.user, order):
        raise NotAllowed(_("You may not change this order."))
    data = request.POST if request.method == "POST" else None
    form = forms.OrderForm(data, account=order.account, order=order)
    if form.is_valid():
        values = dict(form.cleaned_data)
        version = values.pop("version") or order.version
        if values.get("owner") is None:
            values["owner"] = order.owner
        try:
            services.order_update(
                actor=request.user, order=order, expected_version=version, data=values
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersionError:
            form.add_error(None, _("Someone changed this order meanwhile; reload it to see how."))
        else:
            return redirect("sales:order_detail", pk=order.pk)
    context = {"nav": "orders", "form": form, "account": order.account, "order": order}
    return render(request, "sales/order_form.html", context, status=422 if form.errors else 200)


@login_required
@require_GET
def order_ubl(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The order as a UBL 2.1 Order document (Peppol BIS Ordering 3, order only)."""
    order = get_order(request.user, pk)
    if not order.lines.all():
        raise Http404
    response = HttpResponse(order_xml(order), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{order.number}.xml"'
    return response


@login_required
def account_orders(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The account's recent orders and its count of orders since the first (a panel)."""
    account = access.accounts_readable(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    rows = queries.account_orders(request.user, account)
    today = timezone.localdate()
    for row in rows:
        row.late = queries.is_late(row, today)  # type: ignore[attr-defined]
    context = {
        "account": account,
        "orders": rows,
        "summary": queries.customer_summary(account),
        "may_create": queries.may_create_for(request.user, account),
    }
    return vary_on_htmx(render(request, "sales/_order_panel.html", context))
