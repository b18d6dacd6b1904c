"""Administration of prices: price lists with their prices and quantity breaks, and prices agreed
with accounts. Administrators only; what has applied ends today instead of being deleted."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import render_list
from koers.core.views.administration import admin_page, posted, require_admin
from koers.sales.catalogue import queries, services
from koers.sales.catalogue.filters import AgreedPriceFilterSet, PriceListFilterSet
from koers.sales.catalogue.forms import AgreedPriceForm, PriceListForm, PriceListItemForm
from koers.sales.models import AgreedPrice, PriceList, PriceListItem

TAB_LISTS, TAB_AGREED = "price_lists", "agreed_prices"


def _admin_context(tab: str) -> dict[str, Any]:
    from koers.core.navigation import settings_pages

    return {"nav": "administration", "tab": tab, "tabs": settings_pages()}


@login_required
def price_list_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    filterset = PriceListFilterSet(request.GET, user=request.user)
    return render_list(
        request,
        filterset,
        template="sales/price_list_list.html",
        partial="sales/_price_list_results.html",
        context=_admin_context(TAB_LISTS),
    )


def _price_list(request: AuthenticatedHttpRequest, pk: int) -> PriceList:
    found = (
        queries.price_lists_readable(request.user)
        .select_related("segment", "account")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def price_list_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = PriceListForm(posted(request), user=request.user)
    if form.is_valid():
        try:
            plist = services.price_list_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Price list %(name)s has been added.") % {"name": plist})
            return redirect("sales:price_list_detail", pk=plist.pk)
    context = {"form": form, "price_list": None}
    return admin_page(request, "sales/price_list_form.html", TAB_LISTS, context)


@login_required
def price_list_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The list's details (changed here) and its prices."""
    require_admin(request)
    plist = _price_list(request, pk)
    form = PriceListForm(posted(request), instance=PriceList.objects.get(pk=pk), user=request.user)
    if form.is_valid():
        try:
            services.price_list_update(actor=request.user, price_list=plist, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Price list %(name)s has been saved.") % {"name": plist})
            return redirect("sales:price_list_detail", pk=plist.pk)
    return _price_list_page(request, plist, form, PriceListItemForm())


def _price_list_page(
    request: AuthenticatedHttpRequest,
    plist: PriceList,
    form: PriceListForm,
    item_form: PriceListItemForm,
) -> HttpResponse:
    items = PriceListItem.objects.filter(price_list=plist).select_related("product")
    context = {"form": form, "price_list": plist, "items": items, "item_form": item_form}
    return admin_page(request, "sales/price_list_form.html", TAB_LISTS, context)


@login_required
@require_POST
def price_list_item_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    plist = _price_list(request, pk)
    item_form = PriceListItemForm(request.POST)
    if item_form.is_valid():
        try:
            services.price_list_item_set(
                actor=request.user, price_list=plist, **item_form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(item_form, exc)
        else:
            messages.success(request, _("The price has been saved."))
            return redirect("sales:price_list_detail", pk=plist.pk)
    form = PriceListForm(instance=plist, user=request.user)
    return _price_list_page(request, plist, form, item_form)


@login_required
@require_POST
def price_list_item_remove(
    request: AuthenticatedHttpRequest, pk: int, item_pk: int
) -> HttpResponse:
    require_admin(request)
    plist = _price_list(request, pk)
    item = get_object_or_404(PriceListItem, pk=item_pk, price_list=plist)
    services.price_list_item_remove(actor=request.user, item=item)
    messages.success(request, _("The price has been removed from the list."))
    return redirect("sales:price_list_detail", pk=plist.pk)


@login_required
@require_POST
def price_list_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    plist = _price_list(request, pk)
    outcome = services.price_list_remove(actor=request.user, price_list=plist)
    if outcome == services.DELETED:
        messages.success(request, _("Price list %(name)s has been deleted.") % {"name": plist})
        return redirect("sales:price_list_list")
    messages.success(
        request, _("Price list %(name)s has applied, so it ends today.") % {"name": plist}
    )
    return redirect("sales:price_list_detail", pk=plist.pk)


@login_required
def agreed_price_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    filterset = AgreedPriceFilterSet(request.GET, user=request.user)
    return render_list(
        request,
        filterset,
        template="sales/agreed_price_list.html",
        partial="sales/_agreed_price_results.html",
        context=_admin_context(TAB_AGREED),
    )


def _agreed(request: AuthenticatedHttpRequest, pk: int) -> AgreedPrice:
    found = (
        queries.agreed_prices_readable(request.user)
        .select_related("account", "product")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


@login_required
def agreed_price_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    initial = {
        k: request.GET[k] for k in ("account", "product") if request.GET.get(k, "").isdigit()
    }
    form = AgreedPriceForm(posted(request), user=request.user, initial=initial)
    if form.is_valid():
        try:
            agreed = services.agreed_price_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agreed price has been saved."))
            return redirect("sales:agreed_price_edit", pk=agreed.pk)
    context = {"form": form, "agreed": None}
    return admin_page(request, "sales/agreed_price_form.html", TAB_AGREED, context)


@login_required
def agreed_price_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    agreed = _agreed(request, pk)
    form = AgreedPriceForm(
        posted(request), instance=AgreedPrice.objects.get(pk=pk), user=request.user
    )
    if form.is_valid():
        try:
            services.agreed_price_update(actor=request.user, agreed=agreed, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agreed price has been saved."))
            return redirect("sales:agreed_price_edit", pk=agreed.pk)
    context = {"form": form, "agreed": agreed}
    return admin_page(request, "sales/agreed_price_form.html", TAB_AGREED, context)


@login_required
@require_POST
def agreed_price_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    agreed = _agreed(request, pk)
    outcome = services.agreed_price_remove(actor=request.user, agreed=agreed)
    if outcome == services.DELETED:
        messages.success(request, _("The agreed price has been deleted."))
        return redirect("sales:agreed_price_list")
    messages.success(request, _("The agreed price has applied, so it ends today."))
    return redirect("sales:agreed_price_edit", pk=agreed.pk)
