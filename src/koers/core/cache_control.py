"""Cache-Control for everything behind the login and for the API (issue 8, fault 8)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Tells browsers and proxies not to keep what a signed-in user or an API client got.

    Pages, partials and exports name customers; a shared computer's back button or a caching
    proxy would show them to the next person. The public login page is left cacheable, static
    files never get here (WhiteNoise answers them earlier), and a response that already says
    `no-store` (the new token page, the 503 page) is left as it is.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            # Checked first: on a database outage request.user cannot be loaded again.
            return response
        if request.path.startswith("/api/") or _signed_in(request):
            patch_cache_control(response, no_store=True)
        return response


def _signed_in(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
