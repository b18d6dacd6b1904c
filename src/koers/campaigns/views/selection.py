"""A campaign's selection: its filters with a preview of the count, the rows found (included,
and excluded with the reason), refreshing and freezing it, and an account manager's own
contacts added or removed by hand."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Contact
from koers.campaigns import queries, services
from koers.campaigns.forms import ContactChoiceForm, SelectionForm
from koers.campaigns.models import Campaign, Exclusion, Selection
from koers.campaigns.selection import Criteria, preview
from koers.campaigns.views.campaigns import NAV, campaign_or_404
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User

PER_PAGE = 50
CHOICES_LIMIT = 300
SHOWS = ("all", "included", "excluded")


def own_contacts(user: User) -> QuerySet[Contact]:
    """The contacts an account manager may add or remove: a current position at an account
    they may change."""
    accounts = access.accounts_writable(user).values("pk")
    return (
        Contact.objects.filter(
            positions__account__in=accounts,
            positions__end_date__isnull=True,
            erased_at__isnull=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def _reasons(rows: QuerySet[Any]) -> list[dict[str, Any]]:
    labels = dict(Exclusion.choices)
    counted = rows.exclude(reason="").order_by().values("reason").annotate(n=Count("pk"))
    by_reason = {r["reason"]: r["n"] for r in counted}
    return [
        {"reason": r.value, "label": labels[r.value], "count": by_reason[r.value]}
        for r in Exclusion
        if by_reason.get(r.value)
    ]


def _page(request: AuthenticatedHttpRequest, selection: Selection) -> dict[str, Any]:
    user = request.user
    rows = queries.members_readable(user, selection)
    show = request.GET.get("show") if request.GET.get("show") in SHOWS else "all"
    shown = rows.filter(reason="") if show == "included" else rows
    if show == "excluded":
        shown = rows.exclude(reason="")
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    members = list(page.object_list)
    adjustable = _adjustable(user, selection, members)
    for member in members:
        member.adjustable = member.account_id in adjustable
    page.object_list = members
    return {"page_obj": page, "show": show, "reasons": _reasons(rows.order_by())}


def _adjustable(user: User, selection: Selection, members: list[Any]) -> set[int | None]:
    if selection.frozen or not access.can_adjust_campaign_selection(user):
        return set()
    ids = {m.account_id for m in members}
    if access.can_run_campaigns(user):
        return ids
    return set(access.accounts_writable(user).filter(pk__in=ids).values_list("pk", flat=True))


def _render(
    request: AuthenticatedHttpRequest,
    campaign: Campaign,
    form: SelectionForm | None = None,
    counts: dict[str, int] | None = None,
) -> HttpResponse:
    user = request.user
    selection = campaign.selection
    runs = access.can_run_campaigns(user)
    if form is None and runs and not selection.frozen:
        form = SelectionForm(initial=SelectionForm.initial_from(Criteria.load(selection.criteria)))
    adds = access.can_adjust_campaign_selection(user) and not runs and not selection.frozen
    context = {
        "campaign": campaign,
        "selection": selection,
        "form": form,
        "counts": counts,
        "may_run": runs,
        "add_form": (
            ContactChoiceForm(contacts=own_contacts(user)[:CHOICES_LIMIT]) if adds else None
        ),
        "nav": NAV,
        **_page(request, selection),
    }
    return render(request, "campaigns/selection.html", context)


@login_required
def selection_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    if request.method != "POST":
        return _render(request, campaign)
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    form = SelectionForm(request.POST)
    if not form.is_valid():
        return _render(request, campaign, form)
    if "preview" in request.POST:
        return _render(request, campaign, form, preview(form.criteria(), campaign.selection))
    try:
        services.selection_save(actor=request.user, campaign=campaign, criteria=form.criteria())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The selection is saved."))
    return redirect("campaigns:selection", pk=campaign.pk)


@login_required
def selection_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The count of the filters as they are filled in now (HTMX, on every change)."""
    campaign = campaign_or_404(request, pk)
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    form = SelectionForm(request.GET)
    counts = preview(form.criteria(), campaign.selection) if form.is_valid() else None
    context = {"counts": counts, "form": form}
    return vary_on_htmx(render(request, "campaigns/_preview.html", context))


def _act(request: AuthenticatedHttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    try:
        action(actor=request.user, campaign=campaign)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("campaigns:selection", pk=campaign.pk)


@login_required
@require_POST
def selection_refresh(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.selection_refresh, _("The selection is refreshed."))


@login_required
@require_POST
def selection_freeze(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    done = _("The selection is frozen: it no longer changes when the customer file does.")
    return _act(request, pk, services.selection_freeze, done)


@login_required
@require_POST
def selection_unfreeze(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    done = _("The selection is live again, refreshed from the customer file.")
    return _act(request, pk, services.selection_unfreeze, done)


def _by_hand(request: AuthenticatedHttpRequest, pk: int, *, include: bool) -> HttpResponse:
    campaign = campaign_or_404(request, pk)
    if not access.can_adjust_campaign_selection(request.user):
        raise NotAllowed
    contacts = access.contacts_readable(request.user)
    form = ContactChoiceForm(request.POST, contacts=contacts)
    if not form.is_valid():
        messages.error(request, _("Choose one of your own contacts."))
        return redirect("campaigns:selection", pk=campaign.pk)
    service = services.selection_add_contact if include else services.selection_remove_contact
    contact = form.cleaned_data["contact"]
    try:
        service(actor=request.user, campaign=campaign, contact=contact)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = _("%(name)s is added.") if include else _("%(name)s is removed.")
        messages.success(request, done % {"name": contact.full_name})
    return redirect("campaigns:selection", pk=campaign.pk)


@login_required
@require_POST
def selection_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _by_hand(request, pk, include=True)


@login_required
@require_POST
def selection_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _by_hand(request, pk, include=False)
