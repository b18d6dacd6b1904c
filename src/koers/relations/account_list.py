"""The contact status on the account list (filter, column, sort and export columns), added
through core/list_extensions.py so that accounts need not know relations."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from koers.core.list_extensions import ListExtension
from koers.core.lists import Column, Header
from koers.core.widgets import FastSelect
from koers.relations.models import ContactState
from koers.relations.norms import DUE_SOON_DAYS, STATUS_LABELS, status_of

NO_STATE = "none"
CHOICES = [*STATUS_LABELS.items(), (NO_STATE, _("Not known yet"))]


def state_of(account: Any) -> ContactState | None:
    """The account's kept contact status, or None (an account made in bulk, before the daily
    job filled it in); read from the row's select_related."""
    try:
        return account.contact_state
    except ContactState.DoesNotExist:
        return None


def filter_status(queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
    today = timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    conditions = {
        "overdue": Q(contact_state__due_on__lt=today),
        "due_soon": Q(contact_state__due_on__gte=today, contact_state__due_on__lte=soon),
        "on_track": Q(contact_state__due_on__gt=soon),
        NO_STATE: Q(contact_state__isnull=True),
    }
    return queryset.filter(conditions[value]) if value in conditions else queryset


def _cell(account: Any, today: date) -> SafeString:
    state = state_of(account)
    if state is None:
        return format_html('<span class="muted">—</span>')
    status = status_of(state.due_on, today)
    return format_html(
        '<span class="contact-status contact-{}" title="{}">{}</span>',
        status,
        STATUS_LABELS[status],
        formats.date_format(state.due_on, "SHORT_DATE_FORMAT"),
    )


def _status_label(account: Any) -> str:
    state = state_of(account)
    if state is None:
        return ""
    return str(STATUS_LABELS[status_of(state.due_on, timezone.localdate())])


def _due_on(account: Any) -> date | None:
    state = state_of(account)
    return state.due_on if state else None


EXTENSION = ListExtension(
    name="contact_status",
    filters={
        "contact_status": lambda: django_filters.ChoiceFilter(
            label=_("Contact status"),
            choices=CHOICES,
            empty_label=_("All"),
            widget=FastSelect,
            method=filter_status,
        )
    },
    header=Header(_("Contact due"), "contact_due", "hide-mobile"),
    sorts={"contact_due": (F("contact_state__due_on"), "name")},
    columns=(
        Column(_("Contact status"), _status_label),
        Column(_("Contact due"), _due_on),
    ),
    related=("contact_state",),
    cell=_cell,
    page_context=timezone.localdate,
)
