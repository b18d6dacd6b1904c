"""What every page of the administration area shares (users, teams here; segments in accounts;
later norms, mandates, catalogue): the administrators-only check and the page frame."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from koers.core.http import AuthenticatedHttpRequest
from koers.core.navigation import settings_pages
from koers.core.services import require_settings_manager

PER_PAGE = 25


def require_admin(request: AuthenticatedHttpRequest) -> None:
    """A 403 for anyone but an administrator, before anything is read or written."""
    require_settings_manager(request.user)


def admin_page(
    request: HttpRequest, template: str, tab: str, context: dict[str, Any]
) -> HttpResponse:
    """An administration page: the area marked in the header, its tabs above the content."""
    context = {"nav": "administration", "tab": tab, "tabs": settings_pages(), **context}
    return render(request, template, context)


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST; None (an unbound form) for a GET."""
    return request.POST if request.method == "POST" else None
