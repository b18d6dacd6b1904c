"""Tasks for colleagues and the comment thread of a complaint."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from koers.complaints import forms, queries, services
from koers.complaints.models import ComplaintTask
from koers.complaints.views.complaints import _complaint, render_detail
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest


@login_required
@require_POST
def task_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request.user, pk)
    form = forms.TaskForm(request.POST, complaint=complaint)
    if form.is_valid():
        try:
            services.complaint_task_assign(
                actor=request.user, complaint=complaint, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("complaints:complaint_detail", pk=complaint.pk)
    return render_detail(request, complaint, 422, task=form)


@login_required
@require_POST
def task_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = (
        ComplaintTask.objects.filter(pk=pk, complaint__in=queries.complaints_readable(request.user))
        .select_related("complaint", "complaint__account", "created_by", "complaint__owner")
        .first()
    )
    if task is None:
        raise Http404
    services.complaint_task_done(actor=request.user, task=task)
    return redirect("complaints:complaint_detail", pk=task.complaint_id)


@login_required
@require_POST
def comment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request.user, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.complaint_comment(
                actor=request.user, complaint=complaint, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("complaints:complaint_detail", pk=complaint.pk)
    return render_detail(request, complaint, 422, comment=form)
