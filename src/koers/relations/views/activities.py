"""Planning an activity and moving it along: complete, cancel, reinstate, snooze, reschedule.

Each action answers an HTMX request with the activity's agenda row, and a plain form post by
going back where it came from (`next`, checked to stay on this site).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.core.models import User
from koers.relations import links, queries, services
from koers.relations.calendar import holiday_name
from koers.relations.forms import CancelForm, CompleteForm, PlanForm, RescheduleForm
from koers.relations.models import USER_CANCEL_REASONS, Activity


def back(request: HttpRequest, default: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return default


def item_context() -> dict[str, Any]:
    """What every agenda row needs besides its activity."""
    # The reasons' labels translated once: as lazy strings each row of a full agenda
    # translated them again (a third of a row's time).
    reasons = [(value, str(label)) for value, label in USER_CANCEL_REASONS]
    return {"today": timezone.localdate(), "cancel_reasons": reasons}


def _writable(user: User, pk: int) -> Activity:
    """The activity if `user` may change it; 404 if they may not read it, 403 if only read."""
    found = queries.activities_readable(user).select_related("account", "owner").filter(pk=pk)
    activity = found.first()
    if activity is None:
        raise Http404
    if not access.can_change_account(user, activity.account):
        raise NotAllowed(_("You may not change this account's activities."))
    return activity


def _worked_accounts(user: User) -> QuerySet[Account]:
    """The accounts offered when planning from the agenda: those you own or serve."""
    return (
        access.accounts_writable(user)
        .filter(Q(owner=user) | Q(team_members__user=user))
        .distinct()
        .only("pk", "name", "visit_city")
        .order_by("name", "pk")
    )


def _answer(
    request: AuthenticatedHttpRequest,
    activity: Activity,
    done: str,
    follow_ups: list[str] | None = None,
) -> HttpResponse:
    if is_partial(request):
        activity = queries.activity_for_detail(request.user, activity.pk)
        context = {
            "activity": activity,
            "today": timezone.localdate(),
            "next_url": back(request, ""),
            "follow_ups": follow_ups or [],
        }
        return vary_on_htmx(render(request, "relations/_agenda_item.html", context))
    messages.success(request, done)
    return redirect(back(request, reverse("relations:my_day")))


def _refused(
    request: AuthenticatedHttpRequest, activity: Activity, error: ValidationError
) -> HttpResponse:
    message = " ".join(error.messages)
    if is_partial(request):
        activity = queries.activity_for_detail(request.user, activity.pk)
        context = {
            "activity": activity,
            "today": timezone.localdate(),
            "error": message,
            "next_url": back(request, ""),
        }
        return vary_on_htmx(render(request, "relations/_agenda_item.html", context, status=422))
    messages.error(request, message)
    return redirect(back(request, reverse("relations:my_day")))


# What a link to the planner may fill in besides the day (the form still checks each value).
PREFILLED = ("kind", "start_time", "location", "subject")


@login_required
def activity_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    account = None
    account_pk = id_param(request.GET.get("account") or request.POST.get("account"))
    if account_pk is not None and "account" in request.GET:
        account = access.accounts_readable(request.user).filter(pk=account_pk).first()
        if account is None:
            raise Http404
        if not access.can_change_account(request.user, account):
            raise NotAllowed(_("You may not change this account's activities."))
        accounts: Any = Account.objects.filter(pk=account.pk)
    else:
        if access.changes_nothing(request.user):
            raise NotAllowed(_("You may not plan activities."))
        accounts = _worked_accounts(request.user)
    source = _follow_up_source(request, account)
    initial: dict[str, Any] = {
        "day": request.GET.get("day") or timezone.localdate() + timedelta(days=1),
        # Planned from another page with its own details (an appointment at a fair).
        **{name: request.GET[name][:200] for name in PREFILLED if request.GET.get(name)},
        **_follow_up_initial(request, source),
        # Planned from a deal's page: for that deal.
        **{
            link.name: id_param(request.GET.get(link.name))
            for link in links.registered()
            if link.name in request.GET
        },
    }
    links_url = reverse("relations:activity_plan_links")
    if request.method == "POST":
        form = PlanForm(
            request.POST,
            accounts=accounts,
            account=account,
            user=request.user,
            links_url=links_url,
            follow_up_source=source,
        )
        if form.is_valid():
            data = form.cleaned_data
            holiday = holiday_name(data["day"])
            if holiday and not data.get("confirm_holiday"):
                form.add_error(
                    "confirm_holiday",
                    _("%(day)s is a public holiday (%(name)s). Tick the box to plan it anyway.")
                    % {"day": date_format(data["day"], "SHORT_DATE_FORMAT"), "name": holiday},
                )
            else:
                start = timezone.make_aware(datetime.combine(data["day"], data["start_time"]))
                try:
                    activity = services.activity_plan(
                        actor=request.user,
                        account=data["account"],
                        kind=data["kind"],
                        subject=data["subject"],
                        planned_start=start,
                        duration=data["duration"],
                        contacts=data.get("contacts") or [],
                        location=data["location"] or None,
                        instructions=data["instructions"],
                        checklist=data["checklist"].splitlines(),
                        links=form.links(),
                        follow_up_of=data.get("follow_up_of"),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request, _("Planned: %(subject)s.") % {"subject": activity.subject}
                    )
                    day_url = reverse("relations:my_day") + f"?day={data['day'].isoformat()}"
                    return redirect(back(request, day_url))
        status = 422
    else:
        form = PlanForm(
            initial=initial,
            accounts=accounts,
            account=account,
            user=request.user,
            links_url=links_url,
            follow_up_source=source,
        )
        status = 200
    context = {"form": form, "account": account, "nav": "my_day", "next_url": back(request, "")}
    return render(request, "relations/activity_plan.html", context, status=status)


def _follow_up_source(
    request: AuthenticatedHttpRequest, account: Account | None
) -> Activity | None:
    """The activity of the account that "Plan a follow-up" started from (`?follow_up=`), if the
    user may read it; the form posts to the same address, so it is known on the post too."""
    pk = id_param(request.GET.get("follow_up"))
    if pk is None or account is None:
        return None
    readable = queries.activities_readable(request.user).select_related("account")
    return readable.filter(pk=pk, account=account).first()


def _follow_up_initial(
    request: AuthenticatedHttpRequest, source: Activity | None
) -> dict[str, Any]:
    """The form of "Plan a follow-up" of an activity of the account: its kind, contacts and
    subject, and the records it is for while they still may be (the deal, if open). The form
    offers "follow-up of" that activity (ticked), so the new one joins its chain (decision 122);
    the deal is prefilled rather than inherited, so the user sees it and may choose another."""
    if source is None:
        return {}
    account = source.account
    current = source.contacts.filter(
        positions__account=account, positions__end_date__isnull=True
    ).distinct()
    return {
        "kind": source.kind,
        "subject": (_("Follow-up: %(subject)s") % {"subject": source.subject})[:200],
        "contacts": list(current.values_list("pk", flat=True)),
        **links.inherited(request.user, source),
    }


@login_required
def activity_plan_links(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The plan form's choices of later apps for the account chosen in the agenda (HTMX)."""
    if access.changes_nothing(request.user):
        raise NotAllowed(_("You may not plan activities."))
    accounts = _worked_accounts(request.user)
    form = PlanForm(
        initial={"account": request.GET.get("account")}, accounts=accounts, user=request.user
    )
    context = {"link_fields": form.link_fields()}
    return render(request, "relations/_plan_links.html", context)


@login_required
@require_POST
def activity_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _writable(request.user, pk)
    form = CompleteForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    try:
        services.activity_complete(actor=request.user, activity=activity, outcome=outcome)
    except ValidationError as error:
        return _refused(request, activity, error)
    done = _("Done: %(subject)s.") % {"subject": activity.subject}
    follow_ups = [follow_up_line(a) for a in activity.follow_ups.order_by("planned_start", "pk")]
    if follow_ups:
        done += " " + " ".join(follow_ups)
    return _answer(request, activity, done, follow_ups)


def follow_up_line(follow_up: Activity) -> str:
    return _("Follow-up planned: %(subject)s on %(day)s.") % {
        "subject": follow_up.subject,
        "day": date_format(timezone.localtime(follow_up.planned_start), "SHORT_DATE_FORMAT"),
    }


@login_required
@require_POST
def activity_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _writable(request.user, pk)
    form = CancelForm(request.POST)
    if not form.is_valid():
        return _refused(request, activity, ValidationError(_("Say why the activity is cancelled.")))
    try:
        services.activity_cancel(
            actor=request.user,
            activity=activity,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        return _refused(request, activity, error)
    return _answer(request, activity, _("Cancelled: %(subject)s.") % {"subject": activity.subject})


@login_required
@require_POST
def activity_reinstate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _writable(request.user, pk)
    try:
        services.activity_reinstate(actor=request.user, activity=activity)
    except ValidationError as error:
        return _refused(request, activity, error)
    return _answer(
        request, activity, _("Planned again: %(subject)s.") % {"subject": activity.subject}
    )


SNOOZES = {"day": timedelta(days=1), "week": timedelta(days=7)}


@login_required
@require_POST
def activity_snooze(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """+1 day or +1 week in one click; an overdue activity moves from today, not from its day."""
    activity = _writable(request.user, pk)
    step = SNOOZES.get(request.POST.get("by", ""))
    if step is None:
        return _refused(request, activity, ValidationError(_("Choose a day or a week.")))
    start = activity.planned_start
    now = timezone.now()
    if start < now:
        local = timezone.localtime(start)
        today = timezone.localdate()
        start = timezone.make_aware(datetime.combine(today, local.time()))
    try:
        services.activity_reschedule(
            actor=request.user, activity=activity, planned_start=start + step
        )
    except ValidationError as error:
        return _refused(request, activity, error)
    return _answer(request, activity, _("Moved: %(subject)s.") % {"subject": activity.subject})


@login_required
@require_POST
def activity_reschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = _writable(request.user, pk)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        return _refused(request, activity, ValidationError(_("Give a date and a time.")))
    start = timezone.make_aware(
        datetime.combine(form.cleaned_data["day"], form.cleaned_data["start_time"])
    )
    try:
        services.activity_reschedule(actor=request.user, activity=activity, planned_start=start)
    except ValidationError as error:
        return _refused(request, activity, error)
    return _answer(request, activity, _("Moved: %(subject)s.") % {"subject": activity.subject})
