"""Answers while the database is down (issue 8, fault 4): a 503, never a 500.

While PostgreSQL restarts, every query fails with OperationalError (or InterfaceError for a
connection that broke under it). That is no bug in Koers and not the user's doing: they get a
page that says so, the API a JSON 503, both with Retry-After. Any other database error is still
a server error. Connections are health-checked (CONN_HEALTH_CHECKS), so once the database is back
the next request reconnects instead of failing on a dead connection.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

logger = logging.getLogger(__name__)

DATABASE_DOWN: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
try:
    import psycopg
except ImportError:  # SQLite only
    pass
else:
    # Django wraps the driver's errors in its own, but not all of them: closing the server-side
    # cursor of `.iterator()` (a ModelChoiceField's options) raises psycopg's own error. The load
    # test's database restart found that one as a 500 (docs/performance.md, "Under load").
    DATABASE_DOWN += (psycopg.OperationalError, psycopg.InterfaceError)
RETRY_AFTER_SECONDS = 10


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """The 503 for a request that lost the database: JSON under /api/, else the page."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The database cannot be reached right now. Try again in a moment.")},
            status=503,
        )
    else:
        # Rendered without the request: context processors ask for the user, i.e. the database.
        html = render_to_string("core/unavailable.html", {"retry_url": request.get_full_path()})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turns a lost database in a view into the 503 (the API has its own handler, api/errors)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DATABASE_DOWN):
            return None
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exception)
        return database_unavailable(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a lost database before the view (the session, the user) is a 503 too.

    Middleware cannot catch what the middleware after it raises (Django turns it into a 500 on
    the spot), so the error handler that Django then calls looks at the exception once more.
    """
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        return database_unavailable(request)
    return defaults.server_error(request)
