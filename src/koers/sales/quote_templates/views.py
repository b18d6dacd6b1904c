"""The quote template pages (settings, for administrators and the sales director): the list, a
new template, one template with its texts, groups and lines, copy and archive. Thin: forms
validate, services act; every page asks `access.can_manage_quote_templates`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.core.navigation import settings_pages
from koers.sales.catalogue.queries import sees_cost_prices
from koers.sales.models import QuoteTemplate, QuoteTemplateGroup, QuoteTemplateLine
from koers.sales.quote_templates import forms, queries, services


def _require_manager(user: User) -> None:
    if not access.can_manage_quote_templates(user):
        raise NotAllowed(_("Only administrators and the sales director change quote templates."))


def _template(user: User, pk: int) -> QuoteTemplate:
    _require_manager(user)
    found = queries.with_content(queries.templates_readable(user)).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _base(user: User) -> dict[str, Any]:
    # The administrator reaches the page among the administration tabs; the sales director
    # from the header.
    if access.can_manage_settings(user):
        return {"nav": "administration", "tab": "quote_templates", "tabs": settings_pages()}
    return {"nav": "quote_templates", "tab": "quote_templates", "tabs": []}


@login_required
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_manager(request.user)
    rows = list(
        queries.templates_for_list(request.user).order_by("archived_at", "language", "name")
    )
    context = {**_base(request.user), "rows": rows}
    return render(request, "sales/quote_template_list.html", context)


@login_required
def template_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_manager(request.user)
    form = forms.TemplateForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            made = services.quote_template_create(actor=request.user, data=form.template_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:quote_template_detail", pk=made.pk)
    context = {**_base(request.user), "form": form}
    status = 422 if form.errors else 200
    return render(request, "sales/quote_template_form.html", context, status=status)


def _detail(
    request: AuthenticatedHttpRequest, template: QuoteTemplate, status: int = 200, **bound: Form
) -> HttpResponse:
    context = {
        **_base(request.user),
        "template": template,
        "groups": list(template.groups.all()),
        "sees_cost": sees_cost_prices(request.user),
        "form": bound.get("form")
        or forms.TemplateForm(initial=forms.TemplateForm.initial_of(template)),
        "group_form": bound.get("group") or forms.GroupForm(prefix="group"),
        "line_form": bound.get("line") or forms.LineForm(prefix="line", template=template),
    }
    return render(request, "sales/quote_template_detail.html", context, status=status)


@login_required
def template_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The template; a POST saves its name, language, validity and texts."""
    template = _template(request.user, pk)
    if request.method != "POST":
        return _detail(request, template)
    form = forms.TemplateForm(request.POST)
    if form.is_valid():
        try:
            services.quote_template_update(
                actor=request.user, template=template, data=form.template_data()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Template saved."))
            return redirect("sales:quote_template_detail", pk=pk)
    return _detail(request, template, 422, form=form)


@login_required
@require_POST
def template_group_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = _template(request.user, pk)
    form = forms.GroupForm(request.POST, prefix="group")
    if form.is_valid():
        try:
            services.quote_template_group_add(
                actor=request.user, template=template, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:quote_template_detail", pk=pk)
    return _detail(request, template, 422, group=form)


@login_required
@require_POST
def template_line_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = _template(request.user, pk)
    form = forms.LineForm(request.POST, prefix="line", template=template)
    if form.is_valid():
        try:
            services.quote_template_line_add(
                actor=request.user,
                template=template,
                data=form.line_data(),
                group=form.cleaned_data.get("group"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:quote_template_detail", pk=pk)
    return _detail(request, template, 422, line=form)


@login_required
@require_POST
def template_group_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_manager(request.user)
    group = QuoteTemplateGroup.objects.filter(pk=pk).select_related("template").first()
    if group is None:
        raise Http404
    services.quote_template_group_remove(actor=request.user, group=group)
    return redirect("sales:quote_template_detail", pk=group.template_id)


@login_required
@require_POST
def template_line_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_manager(request.user)
    line = QuoteTemplateLine.objects.filter(pk=pk).select_related("group__template").first()
    if line is None:
        raise Http404
    services.quote_template_line_remove(actor=request.user, line=line)
    return redirect("sales:quote_template_detail", pk=line.group.template_id)


@login_required
@require_POST
def template_copy(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    template = _template(request.user, pk)
    copy = services.quote_template_copy(actor=request.user, template=template)
    messages.success(request, _("Copied: change the copy's name and lines."))
    return redirect("sales:quote_template_detail", pk=copy.pk)


@login_required
@require_POST
def template_archive(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Archives the template, or (with `restore`) offers it again."""
    template = _template(request.user, pk)
    archived = "restore" not in request.POST
    services.quote_template_archive(actor=request.user, template=template, archived=archived)
    if archived:
        messages.success(request, _("Archived: no longer offered when making a quote."))
    return redirect("sales:quote_template_detail", pk=pk)
