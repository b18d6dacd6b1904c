"""The catalogue as everyone reads it (the product list, its export, a product with its price
for an account), and the administrator's pages to add, change and retire products."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.accounts.filters.search import search_term_q, search_terms
from koers.accounts.models import Account
from koers.core import access
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import render_list
from koers.core.views.administration import posted, require_admin
from koers.sales.catalogue import queries, services
from koers.sales.catalogue.filters import ProductFilterSet
from koers.sales.catalogue.forms import PriceQuestionForm, ProductForm
from koers.sales.catalogue.removal import product_uses
from koers.sales.models import Product
from koers.sales.money import margin_percent
from koers.sales.pricing import ResolvedPrice, price_for
from koers.transfer.export_views import export_list

ACCOUNT_CHOICES = 10
PANEL_LIMIT = 20


def _product(request: AuthenticatedHttpRequest, pk: int) -> Product:
    try:
        return queries.product_for_detail(request.user, pk)
    except Product.DoesNotExist as exc:
        raise Http404 from exc


@login_required
def product_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ProductFilterSet(request.GET, user=request.user)
    context = {"nav": "catalogue", "may_manage": queries.can_manage_catalogue(request.user)}
    return render_list(
        request,
        filterset,
        template="sales/product_list.html",
        partial="sales/_product_results.html",
        context=context,
    )


@login_required
@require_GET
def product_export(request: AuthenticatedHttpRequest, fmt: str) -> HttpResponseBase:
    return export_list(request, ProductFilterSet, fmt=fmt, name="products", title=_("Catalogue"))


def _accounts_named(request: AuthenticatedHttpRequest, text: str) -> list[Account]:
    terms = search_terms(text)
    if not terms:
        return []
    found = access.accounts_readable(request.user).only("pk", "name", "visit_city")
    for term in terms:
        found = found.filter(search_term_q(term))
    return list(found.order_by("name", "pk")[:ACCOUNT_CHOICES])


def _price_question(request: AuthenticatedHttpRequest, product: Product) -> dict[str, Any]:
    """The price for the account, day and quantity asked in the query string, or why none."""
    form = PriceQuestionForm(request.GET or None)
    answer: dict[str, Any] = {"form": form, "price": None, "choices": [], "account": None}
    if not form.is_bound or not form.is_valid():
        return answer
    account_id = form.cleaned_data.get("account")
    account = None
    if account_id is not None:
        account = access.accounts_readable(request.user).filter(pk=account_id).first()
        if account is None:
            raise Http404
    elif form.cleaned_data.get("q"):
        answer["choices"] = _accounts_named(request, form.cleaned_data["q"])
        answer["searched"] = True
        return answer
    if account is None:
        return answer
    answer["account"] = account
    try:
        found: ResolvedPrice = price_for(
            product=product, account=account, on=form.day(), quantity=form.amount()
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
    else:
        answer["price"] = found
        if queries.sees_cost_prices(request.user):
            answer["price_margin"] = margin_percent(found.unit_price, product.cost_price)
    return answer


@login_required
def product_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    cost_prices = queries.sees_cost_prices(request.user)
    agreed = list(
        queries.agreed_prices_readable(request.user)
        .filter(product=product)
        .select_related("account")
        .order_by("account__name", "-valid_from")[:PANEL_LIMIT]
    )
    context = {
        "nav": "catalogue",
        "product": product,
        "cost_prices": cost_prices,
        "margin": margin_percent(product.list_price, product.cost_price) if cost_prices else None,
        "agreed": agreed,
        "may_manage": queries.can_manage_catalogue(request.user),
        **_price_question(request, product),
    }
    return render(request, "sales/product_detail.html", context)


def _product_form_page(
    request: AuthenticatedHttpRequest, form: ProductForm, product: Product | None
) -> HttpResponse:
    context = {"nav": "catalogue", "form": form, "product": product}
    return render(request, "sales/product_form.html", context)


@login_required
def product_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = ProductForm(posted(request))
    if form.is_valid():
        try:
            product = services.product_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Product %(code)s has been added.") % {"code": product.code}
            )
            return redirect("sales:product_detail", pk=product.pk)
    return _product_form_page(request, form, None)


@login_required
def product_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    product = _product(request, pk)
    form = ProductForm(posted(request), instance=Product.objects.get(pk=pk))
    if form.is_valid():
        try:
            services.product_update(actor=request.user, product=product, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Product %(code)s has been saved.") % {"code": product.code}
            )
            return redirect("sales:product_detail", pk=product.pk)
    return _product_form_page(request, form, product)


@login_required
@require_POST
def product_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    product = _product(request, pk)
    outcome = services.product_remove(actor=request.user, product=product)
    if outcome == services.DELETED:
        messages.success(request, _("Product %(code)s has been deleted.") % {"code": product.code})
        return redirect("sales:product_list")
    uses = " ".join(product_uses(product))
    messages.success(
        request,
        _("Product %(code)s is in use, so it is kept: it is sold until today. %(uses)s")
        % {"code": product.code, "uses": uses},
    )
    return redirect("sales:product_detail", pk=product.pk)
