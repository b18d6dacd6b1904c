"""Administration: the company's settings (name, address, registrations, logo, footer), which
letters, PDFs and e-mails print. Administrators only; the logo is shown to everyone signed in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from koers.core.company import FIELDS, company, company_settings_update
from koers.core.forms import CompanySettingsForm, add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import CompanySettings
from koers.core.views.administration import admin_page, require_admin


@login_required
def company_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    row = CompanySettings.objects.filter(pk=1).first() or CompanySettings(pk=1)
    if request.method == "POST":
        form = CompanySettingsForm(request.POST, request.FILES, instance=row)
    else:
        form = CompanySettingsForm(instance=row)
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in FIELDS}
        try:
            company_settings_update(
                actor=request.user,
                data=data,
                logo=form.cleaned_data["logo_upload"],
                remove_logo=form.cleaned_data["remove_logo"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The company settings have been saved."))
            return redirect("core:company_settings")
    context = {"form": form, "logo": row.logo}
    return admin_page(request, "core/admin/company_settings.html", "company", context)


@login_required
def company_logo(request: AuthenticatedHttpRequest) -> FileResponse:
    name = company().logo
    if not name:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
