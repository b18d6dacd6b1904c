"""During and right after a visit: the checklist ticked on the phone, the manager's instructions,
photos of the visit (served only to who may read the account), and the recap e-mail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.relations import queries, services
from koers.relations.forms import (
    ChecklistAddForm,
    ChecklistItemForm,
    InstructionsForm,
    PhotosForm,
)
from koers.relations.models import Activity, ReportPhoto, VisitReport
from koers.relations.photos import stream
from koers.relations.recap import language_of, recap_content, render_recap
from koers.relations.services.checklist import checklist_items
from koers.relations.services.recap import recap_refusal


def visit_kit_context(
    user: User, activity: Activity, report: VisitReport | None, can_change: bool
) -> dict[str, Any]:
    """What the activity page shows of the checklist, the photos and the recap."""
    recap = getattr(activity, "recap", None) if report is not None else None
    return {
        "checklist": checklist_items(activity),
        "checklist_open": activity.status != "cancelled",
        "checklist_form": ChecklistAddForm(),
        "instructions_form": InstructionsForm(
            initial={"instructions": activity.instructions, "version": activity.version}
        ),
        "photos": list(report.photos.all()) if report is not None else [],
        "photos_form": PhotosForm(),
        "recap": recap,
        "recap_recipients": list(recap.recipients.all()) if recap is not None else [],
        "recap_refusal": recap_refusal(activity) if report is not None else "",
    }


def _activity(request: AuthenticatedHttpRequest, pk: int, *, write: bool) -> Activity:
    try:
        activity = queries.activity_for_detail(request.user, pk)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc
    if write and not access.can_change_account(request.user, activity.account):
        raise NotAllowed(_("You may not change this account's activities."))
    return activity


def _detail(activity: Activity, anchor: str) -> str:
    return reverse("relations:activity_detail", args=[activity.pk]) + anchor


def _checklist_answer(
    request: AuthenticatedHttpRequest, activity: Activity, error: str = ""
) -> HttpResponse:
    if is_partial(request):
        activity.refresh_from_db()
        context = {
            "activity": activity,
            "checklist": checklist_items(activity),
            "checklist_open": activity.status != "cancelled",
            "checklist_form": ChecklistAddForm(),
            "can_change": True,
            "checklist_error": error,
        }
        status = 422 if error else 200
        return vary_on_htmx(render(request, "relations/_checklist.html", context, status=status))
    if error:
        messages.error(request, error)
    return redirect(_detail(activity, "#checklist"))


@login_required
@require_POST
def checklist_tick(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One tap on an item: done or not done again, answered with the list (HTMX)."""
    activity = _activity(request, pk, write=True)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return _checklist_answer(request, activity, _("Tap an item of the checklist."))
    try:
        services.checklist_tick(
            actor=request.user,
            activity=activity,
            line=form.cleaned_data["line"],
            text=form.cleaned_data["text"],
            done=form.cleaned_data["done"],
        )
    except ValidationError as error:
        return _checklist_answer(request, activity, " ".join(error.messages))
    return _checklist_answer(request, activity)


@login_required
@require_POST
def checklist_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, write=True)
    form = ChecklistAddForm(request.POST)
    if not form.is_valid():
        return _checklist_answer(request, activity, _("Write what to do or bring."))
    try:
        services.checklist_add(
            actor=request.user, activity=activity, text=form.cleaned_data["text"]
        )
    except ValidationError as error:
        return _checklist_answer(request, activity, " ".join(error.messages))
    return _checklist_answer(request, activity)


@login_required
@require_POST
def checklist_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, write=True)
    form = ChecklistItemForm(request.POST)
    if not form.is_valid():
        return _checklist_answer(request, activity, _("Tap an item of the checklist."))
    try:
        services.checklist_remove(
            actor=request.user,
            activity=activity,
            line=form.cleaned_data["line"],
            text=form.cleaned_data["text"],
        )
    except ValidationError as error:
        return _checklist_answer(request, activity, " ".join(error.messages))
    return _checklist_answer(request, activity)


@login_required
@require_POST
def instructions_save(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, write=True)
    form = InstructionsForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The instructions could not be saved: reload the page."))
        return redirect(_detail(activity, "#instructions"))
    try:
        services.activity_instructions_set(
            actor=request.user,
            activity=activity,
            instructions=form.cleaned_data["instructions"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersionError:
        messages.error(
            request, _("Someone changed this activity meanwhile: look again and save once more.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The instructions are saved."))
    return redirect(_detail(activity, "#instructions"))


def _report_of(activity: Activity) -> VisitReport:
    try:
        return activity.report
    except VisitReport.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def photos_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk, write=True)
    report = _report_of(activity)
    form = PhotosForm(request.POST, request.FILES)
    if form.is_valid() and form.cleaned_data["photos"]:
        try:
            added = services.report_photos_add(
                actor=request.user, report=report, photos=form.cleaned_data["photos"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext("%(n)d photo added.", "%(n)d photos added.", len(added))
                % {"n": len(added)},
            )
    elif form.is_valid():
        messages.error(request, _("Choose one or more photos."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("photos", [])))
    return redirect(_detail(activity, "#photos"))


def _photo(activity: Activity, photo_pk: int) -> ReportPhoto:
    photo = ReportPhoto.objects.filter(pk=photo_pk, report__activity=activity).first()
    if photo is None:
        raise Http404
    return photo


@login_required
def photo(request: AuthenticatedHttpRequest, pk: int, photo_pk: int) -> FileResponse:
    found = _photo(_activity(request, pk, write=False), photo_pk)
    return stream(found.image, f"photo-{found.pk}.jpg")


@login_required
def photo_thumbnail(request: AuthenticatedHttpRequest, pk: int, photo_pk: int) -> FileResponse:
    found = _photo(_activity(request, pk, write=False), photo_pk)
    return stream(found.thumbnail, f"photo-{found.pk}-thumb.jpg")


@login_required
@require_POST
def photo_delete(request: AuthenticatedHttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    activity = _activity(request, pk, write=True)
    services.report_photo_delete(actor=request.user, photo=_photo(activity, photo_pk))
    messages.success(request, _("The photo is deleted."))
    return redirect(_detail(activity, "#photos"))


@login_required
def recap(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The recap as each contact will read it (GET), and sending it (POST)."""
    activity = _activity(request, pk, write=True)
    report = _report_of(activity)
    if request.method == "POST":
        try:
            services.recap_send(actor=request.user, activity=activity)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_detail(activity, "#recap"))
        messages.success(request, _("The recap is being sent."))
        return redirect(_detail(activity, "#recap"))
    content = recap_content(activity, report)
    previews = []
    for contact in content.recipients:
        language = language_of(contact)
        subject, body = render_recap(
            content, language=language, name=contact.full_name, sender=str(request.user)
        )
        previews.append(
            {"contact": contact, "language": language, "subject": subject, "body": body}
        )
    context = {
        "nav": "my_day",
        "activity": activity,
        "previews": previews,
        "skipped": content.skipped,
        "refusal": recap_refusal(activity),
    }
    return render(request, "relations/recap_preview.html", context)
