"""Commitments on the account and contact pages: the open ones (overdue ones stand out), made,
done, cancelled or given a new due date (with the reason) in place, by HTMX."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import access
from koers.core.errors import StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lifecycle import TransitionRefused
from koers.core.models import User
from koers.relations import queries, services
from koers.relations.forms import CommitmentDoneForm, CommitmentForm, DueDateForm
from koers.relations.models import Commitment, CommitmentStatus
from koers.relations.views.timeline import _account, _contact

PANEL_LIMIT = 30


def _open(user: User, rows: QuerySet[Commitment]) -> list[Commitment]:
    """The open commitments, earliest first; each knows whether `user` may change it."""
    found = list(
        rows.filter(status=CommitmentStatus.OPEN)
        .select_related("account", "owner", "contact")
        .order_by("due_date", "pk")[:PANEL_LIMIT]
    )
    accounts = {c.account_id for c in found}
    writable = set(
        access.accounts_writable(user).filter(pk__in=accounts).values_list("pk", flat=True)
    )
    for commitment in found:
        commitment.writable = commitment.account_id in writable  # type: ignore[attr-defined]
    return found


def _panel(request: AuthenticatedHttpRequest, context: dict[str, Any]) -> HttpResponse:
    context = {"today": timezone.localdate(), **context}
    return vary_on_htmx(render(request, "relations/_commitments_panel.html", context))


@login_required
def account_commitments(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request.user, pk)
    rows = queries.commitments_readable(request.user).filter(account=account)
    writable = access.can_change_account(request.user, account)
    form = CommitmentForm(account=account) if writable else None
    return _panel(
        request, {"account": account, "commitments": _open(request.user, rows), "form": form}
    )


@login_required
def contact_commitments(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _contact(request.user, pk)
    rows = queries.commitments_readable(request.user).filter(contact=contact)
    return _panel(request, {"contact": contact, "commitments": _open(request.user, rows)})


@login_required
@require_POST
def commitment_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request.user, pk)
    form = CommitmentForm(request.POST, account=account)
    if form.is_valid():
        try:
            services.commitment_make(actor=request.user, account=account, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not is_partial(request):
                return redirect("accounts:account_detail", pk=account.pk)
            form = CommitmentForm(account=account)
    rows = queries.commitments_readable(request.user).filter(account=account)
    return _panel(
        request, {"account": account, "commitments": _open(request.user, rows), "form": form}
    )


def _commitment(request: AuthenticatedHttpRequest, pk: int) -> Commitment:
    found = (
        queries.commitments_readable(request.user)
        .select_related("account", "owner", "contact")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _item(request: AuthenticatedHttpRequest, commitment: Commitment, **forms: Any) -> HttpResponse:
    """The commitment's line again (HTMX), or back to where the user came from."""
    if not is_partial(request) and not any(f is not None and f.errors for f in forms.values()):
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = ""
        return redirect(back or "accounts:account_detail", pk=commitment.account_id)
    commitment.writable = True  # type: ignore[attr-defined]  # the service let them change it
    context = {"c": commitment, "today": timezone.localdate(), **forms}
    return vary_on_htmx(render(request, "relations/_commitment_item.html", context))


@login_required
@require_POST
def commitment_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    form = CommitmentDoneForm(request.POST)
    if form.is_valid():
        try:
            commitment = services.commitment_done(
                actor=request.user,
                commitment=commitment,
                done_date=form.cleaned_data["done_date"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:  # a TransitionRefused too: the reason above the form
            add_service_errors(form, exc)
    return _item(request, commitment, done_form=form if form.errors else None)


@login_required
@require_POST
def commitment_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    # Done or cancelled already: the line then shows how it stands.
    with contextlib.suppress(TransitionRefused):
        commitment = services.commitment_cancel(actor=request.user, commitment=commitment)
    return _item(request, commitment)


@login_required
@require_POST
def commitment_due_date(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    commitment = _commitment(request, pk)
    form = DueDateForm(request.POST)
    if form.is_valid():
        try:
            commitment = services.commitment_move_due_date(
                actor=request.user,
                commitment=commitment,
                due_date=form.cleaned_data["due_date"],
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except StaleVersionError as exc:
            commitment = exc.current
            form.add_error(
                None, _("Someone changed this commitment meanwhile; here it is as it stands now.")
            )
    return _item(request, commitment, due_form=form if form.errors else None)
