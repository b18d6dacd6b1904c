"""Recurring visits on the account page (a panel: list, make, change, end) and the follow-up
chains on the administration pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.core.views.administration import admin_page, posted, require_admin
from koers.relations import queries, services
from koers.relations.models import Activity, ActivityStatus, FollowUpRule, VisitSchedule
from koers.relations.schedule_forms import FollowUpRuleForm, ScheduleForm

NEXT_SHOWN = 3


def _account(user: User, pk: int, *, write: bool = False) -> Account:
    account = access.accounts_readable(user).filter(pk=pk).first()
    if account is None:
        raise Http404
    if write and not access.can_change_account(user, account):
        raise NotAllowed(_("You may not change this account's activities."))
    return account


def _schedule(user: User, pk: int) -> VisitSchedule:
    """A schedule of an account `user` may change; 404 if they may not read it, else 403."""
    schedule = (
        queries.schedules_readable(user).select_related("account", "owner").filter(pk=pk).first()
    )
    if schedule is None:
        raise Http404
    if not access.can_change_account(user, schedule.account):
        raise NotAllowed(_("You may not change this account's activities."))
    return schedule


def _schedules(account: Account) -> QuerySet[VisitSchedule]:
    upcoming = Activity.objects.filter(
        status=ActivityStatus.PLANNED, planned_start__gte=timezone.now()
    ).order_by("planned_start", "pk")
    return (
        VisitSchedule.objects.filter(account=account)
        .select_related("owner")
        .prefetch_related(
            "contacts",
            Prefetch("occurrences", queryset=upcoming[:NEXT_SHOWN], to_attr="next_occurrences"),
        )
        .order_by("ended_on", "starts_on", "pk")
    )


def _panel(
    request: AuthenticatedHttpRequest,
    account: Account,
    form: ScheduleForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_change = access.can_change_account(request.user, account)
    schedules = list(_schedules(account))
    if may_change and form is None:
        form = ScheduleForm(
            account=account, actor=request.user, initial={"starts_on": timezone.localdate()}
        )
    context = {
        "account": account,
        "schedules": schedules,
        "form": form if may_change else None,
        "may_change": may_change,
        "nav": "accounts",
    }
    template = (
        "relations/_schedules_panel.html" if is_partial(request) else "relations/schedules.html"
    )
    return vary_on_htmx(render(request, template, context, status=status))


@login_required
def account_schedules(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _panel(request, _account(request.user, pk))


def _data(form: ScheduleForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("contacts", None)
    data.pop("version", None)
    return data


def _done(request: AuthenticatedHttpRequest, account: Account, message: str) -> HttpResponse:
    if is_partial(request):
        return _panel(request, account)
    messages.success(request, message)
    return redirect(reverse("accounts:account_detail", args=[account.pk]) + "#recurring-visits")


@login_required
@require_POST
def schedule_make(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request.user, pk, write=True)
    form = ScheduleForm(request.POST, account=account, actor=request.user)
    if form.is_valid():
        try:
            schedule = services.visit_schedule_make(
                actor=request.user,
                account=account,
                contacts=form.cleaned_data["contacts"],
                **_data(form),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            made = schedule.occurrences.count()
            message = _("Recurring visits made: %(subject)s (%(count)d planned).") % {
                "subject": schedule.subject,
                "count": made,
            }
            return _done(request, account, message)
    return _panel(request, account, form, status=422)


@login_required
def schedule_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    schedule = _schedule(request.user, pk)
    account = schedule.account
    if request.method == "POST":
        form = ScheduleForm(request.POST, account=account, actor=request.user)
        if form.is_valid():
            try:
                services.visit_schedule_update(
                    actor=request.user,
                    schedule=schedule,
                    expected_version=form.cleaned_data["version"] or schedule.version,
                    data=_data(form),
                    contacts=form.cleaned_data["contacts"],
                )
            except StaleVersionError:
                message = _(
                    "Someone changed this schedule in the meantime: check it and save again."
                )
                # What was typed stays; saving again is based on the stored version.
                typed = request.POST.copy()
                typed["version"] = str(schedule.version)
                form = ScheduleForm(typed, account=account, actor=request.user)
                form.is_valid()
                form.add_error(None, message)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                message = _("Changed: %(subject)s.") % {"subject": schedule.subject}
                return _done(request, account, message)
        status = 422
    else:
        initial = {f: getattr(schedule, f) for f in (*services.schedules.EDITABLE, "version")}
        initial["contacts"] = list(schedule.contacts.values_list("pk", flat=True))
        form = ScheduleForm(initial=initial, account=account, actor=request.user)
        status = 200
    context = {"schedule": schedule, "account": account, "form": form, "nav": "accounts"}
    template = (
        "relations/_schedule_edit.html" if is_partial(request) else "relations/schedule_edit.html"
    )
    return vary_on_htmx(render(request, template, context, status=status))


@login_required
@require_POST
def schedule_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    schedule = _schedule(request.user, pk)
    try:
        services.visit_schedule_end(actor=request.user, schedule=schedule)
    except ValidationError as error:
        if is_partial(request):
            return _panel(request, schedule.account, status=422)
        messages.error(request, " ".join(error.messages))
        return redirect(reverse("accounts:account_detail", args=[schedule.account_id]))
    message = _("Ended: %(subject)s. Its future visits are cancelled.") % {
        "subject": schedule.subject
    }
    return _done(request, schedule.account, message)


@login_required
def follow_up_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Administration: the completion chains, one rule a row."""
    require_admin(request)
    form = FollowUpRuleForm(posted(request))
    if form.is_valid():
        try:
            services.follow_up_rule_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up has been added."))
            return redirect("relations:follow_up_settings")
    context = {"form": form, "rules": FollowUpRule.objects.all()}
    response = admin_page(request, "relations/follow_up_settings.html", "follow_ups", context)
    if form.errors:
        response.status_code = 422
    return response


@login_required
@require_POST
def follow_up_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    rule = FollowUpRule.objects.filter(pk=pk).first()
    if rule is None:
        raise Http404
    services.follow_up_rule_remove(actor=request.user, rule=rule)
    messages.success(request, _("The follow-up has been removed."))
    return redirect("relations:follow_up_settings")
