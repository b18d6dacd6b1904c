"""Administration: the complaint categories."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.complaints import services
from koers.complaints.forms import CategoryEditForm, CategoryForm
from koers.complaints.models import ComplaintCategory
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.views.administration import admin_page, posted, require_admin


@login_required
def category_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = CategoryForm(posted(request))
    if form.is_valid():
        try:
            services.complaint_category_add(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The category has been added."))
            return redirect("complaints:category_settings")
    categories = ComplaintCategory.objects.annotate(used=Count("complaints"))
    context = {"form": form, "categories": categories}
    response = admin_page(
        request, "complaints/category_settings.html", "complaint_categories", context
    )
    if form.errors:
        response.status_code = 422
    return response


@login_required
@require_POST
def category_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    category = ComplaintCategory.objects.filter(pk=pk).first()
    if category is None:
        raise Http404
    form = CategoryEditForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_category_update(
                actor=request.user, category=category, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The category has been saved."))
    else:
        messages.error(request, _("Give the category a name."))
    return redirect("complaints:category_settings")
