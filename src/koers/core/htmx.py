"""The one check for "answer with a fragment": every view that serves a page and its partial."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails


def is_partial(request: HttpRequest) -> bool:
    """An HTMX request gets the partial; a history restore (back button) needs the whole page."""
    htmx: HtmxDetails | None = getattr(request, "htmx", None)
    return htmx is not None and bool(htmx) and not htmx.history_restore_request


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """The same URL answers with a fragment or a page: caches must keep them apart."""
    patch_vary_headers(response, ["HX-Request"])
    return response
