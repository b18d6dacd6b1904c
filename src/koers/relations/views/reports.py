"""An activity's page with its report: write it (on a phone), plan its next step, make its
agreements commitments, and a manager's comments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.panels import panels_for
from koers.relations import queries, services
from koers.relations.forms import AgreementForm, CommentForm, ReportForm
from koers.relations.models import Activity, ActivityStatus, VisitReport
from koers.relations.services.checklist import checklist_items
from koers.relations.views.activities import follow_up_line, item_context
from koers.relations.views.visit_kit import visit_kit_context


def _readable(request: AuthenticatedHttpRequest, pk: int) -> Activity:
    try:
        return queries.activity_for_detail(request.user, pk)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc


def _report(activity: Activity) -> VisitReport | None:
    try:
        return activity.report
    except VisitReport.DoesNotExist:
        return None


@login_required
def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _readable(request, pk)
    report = _report(activity)
    can_change = access.can_change_account(request.user, activity.account)
    context: dict[str, Any] = {
        **item_context(),
        **visit_kit_context(request.user, activity, report, can_change),
        "nav": "my_day",
        "activity": activity,
        "report": report,
        "can_change": can_change,
        "agreements": [],
        "comments": [],
        "can_comment": False,
        # Sections other apps add (the e-mail behind an e-mail activity), each loading itself.
        "panels": panels_for("activity", request.user, activity),
        # The report was saved: its draft in this browser is no longer needed.
        "draft_saved": f"report-{activity.pk}" if report is not None else "",
    }
    context["chain_earlier"], context["chain_later"] = queries.follow_up_chain(
        request.user, activity
    )
    if report is not None:
        made = {c.description for c in report.commitments.all()}
        context["agreements"] = [
            {"line": n, "text": text, "made": text[:300] in made}
            for n, text in enumerate(report.agreement_lines())
        ]
        context["commitments"] = list(report.commitments.select_related("owner", "contact"))
        context["comments"] = list(report.comments.select_related("author"))
        context["can_comment"] = access.can_comment_on_reports(request.user)
        context["agreement_form"] = AgreementForm(initial={"direction": "ours"})
        context["comment_form"] = CommentForm()
    return render(request, "relations/activity_detail.html", context)


@login_required
def report_write(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Writes (or changes) the report. A planned visit becomes done by it."""
    activity = _readable(request, pk)
    if not access.can_change_account(request.user, activity.account):
        raise NotAllowed(_("You may not write reports for this account."))
    if not activity.asks_for_report or activity.status == ActivityStatus.CANCELLED:
        raise Http404
    report = _report(activity)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, instance=report)
        if form.is_valid():
            completes = activity.status == ActivityStatus.PLANNED
            try:
                # The report and its photos in one transaction: a refused report stores none.
                with transaction.atomic():
                    saved = services.report_write(
                        actor=request.user,
                        activity=activity,
                        data=form.cleaned_data,
                        expected_version=_version(request, report),
                    )
                    if form.cleaned_data["photos"]:
                        services.report_photos_add(
                            actor=request.user, report=saved, photos=form.cleaned_data["photos"]
                        )
            except StaleVersionError:
                form.add_error(
                    None,
                    _(
                        "Someone changed this report while you were writing. Your text is kept: "
                        "compare it with the report and save again."
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The report is saved."))
                if completes:
                    # Writing the report completed the visit, which may have started a chain.
                    for follow_up in activity.follow_ups.order_by("planned_start", "pk"):
                        messages.info(request, follow_up_line(follow_up))
                return redirect("relations:activity_detail", pk=activity.pk)
        status = 422
    else:
        form = ReportForm(instance=report)
        status = 200
    context = {
        "nav": "my_day",
        "activity": activity,
        "report": report,
        "form": form,
        "version": report.version if report else "",
        "draft_key": f"report-{activity.pk}",
        "checklist": checklist_items(activity),
    }
    return render(request, "relations/report_form.html", context, status=status)


def _version(request: AuthenticatedHttpRequest, report: VisitReport | None) -> int | None:
    if report is None:
        return None
    value = request.POST.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else 0


@login_required
@require_POST
def report_next_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _readable(request, pk)
    report = _report(activity)
    if report is None:
        raise Http404
    if not access.can_change_account(request.user, activity.account):
        raise NotAllowed(_("You may not change this account's activities."))
    try:
        planned = services.report_plan_next_step(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("relations:activity_detail", pk=activity.pk)
    messages.success(
        request,
        _("Planned for %(date)s: %(subject)s.")
        % {
            "date": date_format(timezone.localtime(planned.planned_start), "SHORT_DATE_FORMAT"),
            "subject": planned.subject,
        },
    )
    return redirect("relations:activity_detail", pk=activity.pk)


@login_required
@require_POST
def report_commitment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One agreement of the report as a commitment, in one click."""
    activity = _readable(request, pk)
    report = _report(activity)
    if report is None:
        raise Http404
    if not access.can_change_account(request.user, activity.account):
        raise NotAllowed(_("You may not change this account's commitments."))
    form = AgreementForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the commitment a due date."))
        return redirect("relations:activity_detail", pk=activity.pk)
    contacts = list(activity.contacts.all())
    try:
        services.commitment_from_agreement(
            actor=request.user,
            report=report,
            line=form.cleaned_data["line"],
            direction=form.cleaned_data["direction"],
            due_date=form.cleaned_data["due_date"],
            owner=activity.owner if activity.owner.is_active else request.user,
            contact=contacts[0] if len(contacts) == 1 else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The commitment is recorded."))
    return redirect(reverse("relations:activity_detail", args=[activity.pk]) + "#agreements")


@login_required
@require_POST
def report_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _readable(request, pk)
    report = _report(activity)
    if report is None:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.report_comment(
                actor=request.user, report=report, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your comment is added."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect(reverse("relations:activity_detail", args=[activity.pk]) + "#comments")
