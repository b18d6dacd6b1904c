"""The person's rights (AVG): the download of everything Koers holds about a contact, and
its erasure on request."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koers.accounts import services
from koers.accounts.filters.privacy import PersonalDataExportFilterSet, RetentionFilterSet
from koers.accounts.models import Attitude, BuyingRole, Contact, ExportFormat, Position
from koers.accounts.services import privacy
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import labels, render_list
from koers.core.navigation import settings_pages
from koers.core.views.administration import require_admin


def _exportable_contact(request: AuthenticatedHttpRequest, pk: int) -> Contact:
    contact = access.contacts_readable(request.user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    return contact


@login_required
def contact_personal_data(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """A JSON download; a contact the user may not read is a 404, one they may read but not
    export is a 403 (NotAllowed from the service)."""
    contact = _exportable_contact(request, pk)
    data = services.personal_data_export(actor=request.user, contact=contact, fmt=ExportFormat.JSON)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


@login_required
def contact_personal_data_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The same data as the JSON download, as a printable page with labels and Dutch dates."""
    contact = _exportable_contact(request, pk)
    data = services.personal_data_export(actor=request.user, contact=contact, fmt=ExportFormat.HTML)
    context = {
        "nav": "contacts",
        "contact": contact,
        "made_at": timezone.now(),
        "details": _labelled(Contact, data["contact"], privacy.CONTACT_FIELDS),
        "positions": [_shown(p) for p in data["positions"]],
        "consent_history": [_shown(row) for row in data["consent_history"]],
        "mentions": data["mentions"],
        "history": _history_changes(data["history"]),
        "position_history": [_shown(row) for row in data["position_history"]],
        # What later apps hold (relations: activities, reports, commitments).
        "sources": [
            {"key": s.key, "title": s.title, "rows": [_shown(r) for r in data[s.key]]}
            for s in privacy.sources()
        ],
    }
    return render(request, "accounts/contact_personal_data.html", context)


def _choices() -> dict[str, dict[Any, str]]:
    return {
        "preferred_language": {code: str(name) for code, name in settings.LANGUAGES},
        "buying_role": labels(BuyingRole),
        "attitude": labels(Attitude),
        "change": {"+": _("created"), "~": _("changed"), "-": _("deleted")},
    }


def _show(value: Any, choices: dict[Any, str] | None = None) -> str:
    """A value as the page shows it: yes/no, a Dutch date, a choice's label, a dash for none."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if value is None or value == "":
        return "—"
    return str(choices.get(value, value) if choices else value)


def _shown(row: dict[str, Any]) -> dict[str, str]:
    choices = _choices()
    return {key: _show(value, choices.get(key)) for key, value in row.items()}


def _labelled(
    model: type[Contact | Position], row: dict[str, Any], fields: tuple[str, ...]
) -> list[tuple[str, str]]:
    shown = _shown(row)
    return [(str(model._meta.get_field(f).verbose_name), shown[f]) for f in fields]  # type: ignore[union-attr]


def _history_changes(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each history row with the fields that differ from the row before (all, for the first)."""
    rows: list[dict[str, Any]] = []
    before: dict[str, Any] = {}
    for row in history:
        changed = [
            f for f in privacy.CONTACT_FIELDS if f != "created_at" and row[f] != before.get(f)
        ]
        shown = _shown(row)
        rows.append(
            {
                "changed_at": shown["changed_at"],
                "change": shown["change"],
                "fields": _labelled(Contact, row, tuple(changed)),
            }
        )
        before = row
    return rows


@login_required
def contact_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The confirmation form (GET) and the erasure (POST, a reason required)."""
    contact = _exportable_contact(request, pk)
    if not access.can_erase_contact(request.user, contact):
        raise NotAllowed(_("You may not erase this contact."))
    reason = request.POST.get("reason", "").strip()
    if request.method == "POST" and reason:
        services.contact_erase(actor=request.user, contact=contact, reason=reason)
        messages.success(request, _("The contact's personal data is erased."))
        return redirect("accounts:contact_detail", pk=contact.pk)
    context = {
        "nav": "contacts",
        "contact": contact,
        "holds": privacy.legal_holds(contact),
        "missing_reason": request.method == "POST",
    }
    return render(request, "accounts/contact_privacy_erase.html", context)


@login_required
def personal_data_export_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Administration: who read whose personal data, when, in which format."""
    require_admin(request)
    context = {"nav": "administration", "tab": "personal_data_exports", "tabs": settings_pages()}
    return render_list(
        request,
        PersonalDataExportFilterSet(request.GET, user=request.user),
        template="accounts/personal_data_export_log.html",
        partial="accounts/_personal_data_export_results.html",
        context=context,
    )


@login_required
def retention_review(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The contacts kept too long without change or consent, to erase or keep: administrators
    (in the administration area) and managers (their teams' contacts)."""
    if not access.can_review_retention(request.user):
        raise NotAllowed(_("Only administrators and managers review contacts for retention."))
    tabs = {"nav": "administration", "tab": "retention", "tabs": settings_pages()}
    context = {
        **(tabs if access.can_manage_settings(request.user) else {"nav": "contacts"}),
        "years": settings.PRIVACY_RETENTION_YEARS,
    }
    return render_list(
        request,
        RetentionFilterSet(request.GET, user=request.user),
        template="accounts/retention_review.html",
        partial="accounts/_retention_results.html",
        context=context,
    )
