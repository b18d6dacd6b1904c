"""The contact pages: list, detail, create and edit, and a contact's positions at accounts.

Thin views: the access policy decides (404 for what the user may not read, 403 for what they
may read but not change), a form validates, a service writes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts import queries, services
from koers.accounts.fields import POSITION_FIELDS
from koers.accounts.filters import ContactFilterSet
from koers.accounts.forms.contacts import (
    ContactCreateForm,
    ContactEditForm,
    PositionEndForm,
    PositionForm,
    contact_initial,
)
from koers.accounts.models import Account, Contact, Position
from koers.accounts.validators import format_phone
from koers.core import access
from koers.core.conflict import merge_after_conflict
from koers.core.errors import StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.history import recent_history, render_history
from koers.core.htmx import is_partial
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import render_count, render_list
from koers.core.panels import actions_for, panels_for


def _wants_partial(request: HttpRequest) -> bool:
    return is_partial(request)


def _readable_contact(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    contact = access.contacts_readable(request.user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    return contact


def _changeable_contact(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    contact = _readable_contact(request, pk)
    if not access.can_change_contact(request.user, contact):
        raise PermissionDenied
    return contact


@login_required
def contact_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = ContactFilterSet(request.GET, user=request.user)
    context = {
        "nav": "contacts",
        "can_create": access.can_create_contact(request.user),
        "can_review_retention": access.can_review_retention(request.user),
    }
    return render_list(
        request,
        filterset,
        template="accounts/contact_list.html",
        partial="accounts/_contact_results.html",
        context=context,
    )


@login_required
def contact_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The contact list's count line for the same filters, asked by the list page after its
    rows (the page does not count: docs/performance.md, issue 7)."""
    filterset = ContactFilterSet(request.GET, user=request.user)
    return render_count(request, filterset, template="accounts/_contact_count.html")


@login_required
def contact_create(
    request: AuthenticatedHttpRequest, account_pk: int | None = None
) -> HttpResponse:
    user = request.user
    account: Account | None = None
    if account_pk is not None:
        account = get_object_or_404(access.accounts_readable(user), pk=account_pk)
        if not access.can_change_account(user, account):
            raise PermissionDenied
    elif not access.can_create_contact(user):
        raise PermissionDenied

    form = ContactCreateForm(
        request.POST if request.method == "POST" else None, user=user, account=account
    )
    if form.is_bound and form.is_valid():
        chosen = form.chosen_account()
        try:
            contact = services.contact_create(
                actor=user,
                data=form.contact_data(),
                account=chosen,
                position=form.position_data() if chosen else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact %(name)s added.") % {"name": contact.full_name})
            if account is not None:
                return redirect("accounts:account_detail", pk=account.pk)
            return redirect("accounts:contact_detail", pk=contact.pk)
    return render(
        request,
        "accounts/contact_form.html",
        {"nav": "contacts", "form": form, "account": account, "contact": None},
    )


# How a contact's history shows its values (core/history.py): phone numbers as dialled here.
HISTORY_LABELS: dict[str, Any] = {"formatters": {"phone": format_phone, "mobile": format_phone}}


@login_required
def contact_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        contact = queries.contact_for_detail(request.user, pk)
    except Contact.DoesNotExist as exc:
        raise Http404 from exc
    positions = contact.visible_positions  # type: ignore[attr-defined]  # contact_for_detail's Prefetch
    history, more_history = recent_history(contact, **HISTORY_LABELS)
    context = {
        "nav": "contacts",
        "contact": contact,
        "current_positions": [p for p in positions if p.is_current],
        "former_positions": [p for p in positions if not p.is_current],
        "can_change": access.can_change_contact(request.user, contact),
        "can_export_personal_data": access.can_export_personal_data(request.user, contact),
        "can_erase": access.can_erase_contact(request.user, contact),
        "history": history,
        "more_history": more_history,
        "phone": format_phone(contact.phone),
        "mobile": format_phone(contact.mobile),
        "panels": panels_for("contact", request.user, contact),
        "page_actions": [] if contact.erased_at else actions_for("contact", request.user, contact),
    }
    return render(request, "accounts/contact_detail.html", context)


@login_required
def contact_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _readable_contact(request, pk)
    return render_history(
        request,
        contact,
        title=contact.full_name,
        crumbs=[
            (reverse("accounts:contact_list"), _("Contacts")),
            (reverse("accounts:contact_detail", args=[contact.pk]), contact.full_name),
        ],
        back_label=_("Back to the contact"),
        nav="contacts",
        created_text=_("Created this contact."),
        deleted_text=_("Deleted this contact."),
        **HISTORY_LABELS,
    )


def _merged_after_conflict(conflict: StaleVersionError, mine: dict[str, Any]) -> dict[str, Any]:
    """The form for a second, informed save (`core.conflict`: the one rule for every form)."""
    typed = dict(mine)
    for name in ("phone", "mobile"):
        typed[name] = format_phone(typed[name])
    return merge_after_conflict(conflict, mine=typed, stored=contact_initial(conflict.current))


@login_required
def contact_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _changeable_contact(request, pk)
    conflict: StaleVersionError | None = None
    if request.method == "POST":
        form = ContactEditForm(request.POST)
        if form.is_valid():
            expected = form.cleaned_data["version"]
            try:
                services.contact_update(
                    actor=request.user,
                    contact=contact,
                    expected_version=expected,
                    data=form.contact_data(),
                )
            except StaleVersionError as exc:
                conflict = exc
                form = ContactEditForm(initial=_merged_after_conflict(exc, form.contact_data()))
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("accounts:contact_detail", pk=contact.pk)
    else:
        form = ContactEditForm(initial=contact_initial(contact))
    return render(
        request,
        "accounts/contact_form.html",
        {"nav": "contacts", "form": form, "contact": contact, "conflict": conflict},
    )


@login_required
def position_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = _changeable_contact(request, pk)
    form = PositionForm(request.POST if request.method == "POST" else None, user=request.user)
    if form.is_bound and form.is_valid():
        try:
            services.position_add(
                actor=request.user,
                contact=contact,
                account=form.cleaned_data["account"],
                data=form.position_data(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s now also works at %(account)s.")
                % {"name": contact.full_name, "account": form.cleaned_data["account"]},
            )
            return redirect("accounts:contact_detail", pk=contact.pk)
    return render(
        request,
        "accounts/position_form.html",
        {"nav": "contacts", "form": form, "contact": contact, "position": None},
    )


@login_required
def position_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        position: Position = queries.position_for_edit(request.user, pk)
    except Position.DoesNotExist as exc:
        raise Http404 from exc
    if not access.can_change_account(request.user, position.account):
        raise PermissionDenied
    ending = request.GET.get("end") == "1"
    data = request.POST if request.method == "POST" else None
    form: PositionEndForm | PositionForm
    if ending:
        form = PositionEndForm(
            data,
            position=position,
            initial={"end_date": position.end_date or timezone.localdate()},
        )
    else:
        initial = {name: getattr(position, name) for name in POSITION_FIELDS}
        form = PositionForm(data, user=request.user, position=position, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            if isinstance(form, PositionEndForm):  # i.e. `ending`, said so that mypy sees it
                services.position_end(
                    actor=request.user, position=position, end_date=form.cleaned_data["end_date"]
                )
            else:
                services.position_update(
                    actor=request.user, position=position, data=form.position_data()
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Position saved."))
            return redirect("accounts:contact_detail", pk=position.contact_id)
    return render(
        request,
        "accounts/position_form.html",
        {
            "nav": "contacts",
            "form": form,
            "contact": position.contact,
            "position": position,
            "ending": ending,
        },
    )
