"""Administration of the catalogue: product groups, VAT rates and who sees cost prices.
Administrators only; groups in use are retired, not deleted."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.views.administration import admin_page, posted, require_admin
from koers.sales.catalogue import queries, services
from koers.sales.catalogue.forms import CostPriceSettingsForm, ProductGroupForm, VatRateForm
from koers.sales.models import ProductGroup, VatRate

TAB = "catalogue"


@login_required
def group_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    groups = list(
        ProductGroup.objects.select_related("parent")
        .annotate(product_count=Count("products"))
        .order_by("position", "code")
    )
    tree = [
        (main, [g for g in groups if g.parent_id == main.pk])
        for main in groups
        if main.parent_id is None
    ]
    return admin_page(request, "sales/group_list.html", TAB, {"tree": tree})


def _group_page(
    request: AuthenticatedHttpRequest, form: ProductGroupForm, group: ProductGroup | None
) -> HttpResponse:
    return admin_page(request, "sales/group_form.html", TAB, {"form": form, "group": group})


@login_required
def group_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = ProductGroupForm(posted(request))
    if form.is_valid():
        try:
            group = services.product_group_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Group %(name)s has been added.") % {"name": group})
            return redirect("sales:group_list")
    return _group_page(request, form, None)


@login_required
def group_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    group = get_object_or_404(ProductGroup, pk=pk)
    form = ProductGroupForm(posted(request), instance=ProductGroup.objects.get(pk=pk))
    if form.is_valid():
        try:
            saved = services.product_group_update(
                actor=request.user, group=group, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Group %(name)s has been saved.") % {"name": saved})
            return redirect("sales:group_list")
    return _group_page(request, form, group)


@login_required
@require_POST
def group_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    group = get_object_or_404(ProductGroup, pk=pk)
    outcome = services.product_group_remove(actor=request.user, group=group)
    if outcome == services.DELETED:
        messages.success(request, _("Group %(name)s has been deleted.") % {"name": group})
    else:
        messages.success(
            request,
            _("Group %(name)s holds products or groups, so it is kept as inactive.")
            % {"name": group},
        )
    return redirect("sales:group_list")


@login_required
def vat_rate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = VatRateForm(posted(request))
    if form.is_valid():
        try:
            services.vat_rate_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The VAT rate has been added."))
            return redirect("sales:vat_rate_list")
    rates = VatRate.objects.order_by("vat_category", "-valid_from")
    return admin_page(request, "sales/vat_rate_list.html", TAB, {"rates": rates, "form": form})


@login_required
@require_POST
def vat_rate_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    rate = get_object_or_404(VatRate, pk=pk)
    try:
        services.vat_rate_remove(actor=request.user, rate=rate)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The VAT rate has been deleted."))
    return redirect("sales:vat_rate_list")


@login_required
def catalogue_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = CostPriceSettingsForm(
        posted(request), initial={"cost_prices_hidden_for": queries.cost_prices_hidden_for()}
    )
    if form.is_valid():
        try:
            services.cost_prices_hide_for(
                actor=request.user, audiences=form.cleaned_data["cost_prices_hidden_for"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Who sees cost prices has been saved."))
            return redirect("sales:catalogue_settings")
    return admin_page(request, "sales/catalogue_settings.html", TAB, {"form": form})
