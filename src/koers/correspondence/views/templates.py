"""Mail templates: managers and administrators list, add and change them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.navigation import settings_pages
from koers.core.views.administration import posted
from koers.correspondence import services
from koers.correspondence.forms import MailTemplateForm
from koers.correspondence.models import MailTemplate
from koers.correspondence.placeholders import NAMES


def _require_manager(request: AuthenticatedHttpRequest) -> None:
    if not access.can_manage_mail_templates(request.user):
        raise NotAllowed


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Administrators see it among the administration tabs; managers as its own header area."""
    user = request.user
    tabs = settings_pages() if access.can_manage_settings(user) else []  # type: ignore[arg-type]
    nav = "administration" if tabs else "mail_templates"
    return render(request, template, {"nav": nav, "tab": "mail_templates", "tabs": tabs, **context})


@login_required
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_manager(request)
    templates = MailTemplate.objects.order_by("-active", "name", "pk")
    return _page(request, "correspondence/template_list.html", {"templates": templates})


@login_required
def template_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _edit(request, None)


@login_required
def template_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _edit(request, pk)


def _edit(request: AuthenticatedHttpRequest, pk: int | None) -> HttpResponse:
    _require_manager(request)
    template = get_object_or_404(MailTemplate, pk=pk) if pk is not None else None
    form = MailTemplateForm(posted(request), instance=template)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = services.mail_template_save(actor=request.user, data=data, template=template)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Template %(name)s has been saved.") % {"name": saved})
            return redirect("correspondence:template_list")
    context = {"form": form, "template": template, "names": NAMES}
    return _page(request, "correspondence/template_form.html", context)
