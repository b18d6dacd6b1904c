"""The timeline panel of the account and contact pages, and quick logging from it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.relations import services
from koers.relations.forms import QuickLogForm, TimelineFilterForm
from koers.relations.timeline import timeline_page


def _account(user: User, pk: int) -> Account:
    try:
        return access.accounts_readable(user).get(pk=pk)
    except Account.DoesNotExist as exc:
        raise Http404(_("Account not found")) from exc


def _contact(user: User, pk: int) -> Contact:
    try:
        return access.contacts_readable(user).get(pk=pk)
    except Contact.DoesNotExist as exc:
        raise Http404 from exc


def _render(
    request: AuthenticatedHttpRequest,
    subject: Account | Contact,
    url: str,
    extra: dict[str, Any],
) -> HttpResponse:
    filters = TimelineFilterForm(request.GET)
    shown: list[str] = []
    before = None
    if filters.is_valid():
        shown = filters.cleaned_data["show"]
        before = filters.cleaned_data["before"]
    page = timeline_page(subject, user=request.user, shown=shown, before=before)
    context = {
        "subject": subject,
        "page": page,
        "filters": filters,
        "shown": shown,
        "timeline_url": url,
        "more_only": before is not None and is_partial(request),
        **extra,
    }
    template = "relations/_timeline.html" if is_partial(request) else "relations/timeline.html"
    return vary_on_htmx(render(request, template, context))


@login_required
def account_timeline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request.user, pk)
    can_log = access.can_change_account(request.user, account)
    extra = {
        "account": account,
        "log_form": QuickLogForm(account=account) if can_log else None,
        "nav": "accounts",
    }
    return _render(
        request, account, reverse("relations:account_timeline", args=[account.pk]), extra
    )


@login_required
def contact_timeline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request.user, pk)
    extra = {"contact": contact, "nav": "contacts"}
    return _render(
        request, contact, reverse("relations:contact_timeline", args=[contact.pk]), extra
    )


@login_required
@require_POST
def activity_log(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Quick logging: the refreshed timeline (HTMX) or back to the account page."""
    account = _account(request.user, pk)
    if not access.can_change_account(request.user, account):
        raise NotAllowed(_("You may not change this account's activities."))
    form = QuickLogForm(request.POST, account=account)
    if form.is_valid():
        contact = form.cleaned_data["contact"]
        try:
            services.activity_log(
                actor=request.user,
                account=account,
                kind=form.cleaned_data["kind"],
                subject=form.cleaned_data["subject"],
                contacts=[contact] if contact else [],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if not is_partial(request):
                messages.success(request, _("Logged."))
                return redirect(reverse("accounts:account_detail", args=[account.pk]) + "#timeline")
            form = QuickLogForm(account=account)
    context = {
        "subject": account,
        "account": account,
        "page": timeline_page(account, user=request.user),
        "filters": TimelineFilterForm(),
        "timeline_url": reverse("relations:account_timeline", args=[account.pk]),
        "log_form": form,
        "nav": "accounts",
    }
    template = "relations/_timeline.html" if is_partial(request) else "relations/timeline.html"
    status = 422 if form.errors else 200
    return vary_on_htmx(render(request, template, context, status=status))
