"""Administration: the market segments accounts are sorted into. Administrators only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts import services
from koers.accounts.forms.segments import SegmentForm
from koers.accounts.models import Segment
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.views.administration import PER_PAGE, admin_page, posted, require_admin


@login_required
def segment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    segments = Segment.objects.annotate(account_count=Count("accounts")).order_by("name", "pk")
    page = Paginator(segments, PER_PAGE).get_page(request.GET.get("page"))
    return admin_page(request, "accounts/segment_list.html", "segments", {"page": page})


@login_required
def segment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = SegmentForm(posted(request))
    if form.is_valid():
        try:
            segment = services.segment_create(actor=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Segment %(name)s has been created.") % {"name": segment})
            return redirect("accounts:segment_list")
    context = {"form": form, "segment": None}
    return admin_page(request, "accounts/segment_form.html", "segments", context)


@login_required
def segment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    segment = get_object_or_404(Segment.objects.annotate(account_count=Count("accounts")), pk=pk)
    form = SegmentForm(posted(request), initial={"name": segment.name})
    if form.is_valid():
        try:
            saved = services.segment_update(
                actor=request.user, segment=segment, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Segment %(name)s has been saved.") % {"name": saved})
            return redirect("accounts:segment_list")
    context = {"form": form, "segment": segment}
    return admin_page(request, "accounts/segment_form.html", "segments", context)


@login_required
@require_POST
def segment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    segment = get_object_or_404(Segment, pk=pk)
    try:
        services.segment_delete(actor=request.user, segment=segment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:segment_edit", pk=segment.pk)
    messages.success(request, _("Segment %(name)s has been deleted.") % {"name": segment})
    return redirect("accounts:segment_list")
