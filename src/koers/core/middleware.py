from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

# Pages a half-signed-in user (password ok, second factor still due) may reach.
_TWO_FACTOR_OPEN = ("core:two_factor", "core:two_factor_setup", "core:logout", "core:set_language")


class UserLanguageMiddleware:
    """Activates the language the signed-in user chose (Dutch by default)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class TwoFactorMiddleware:
    """Holds back users who must still give their second factor.

    Anyone with a confirmed TOTP device must verify; administrators must set one up.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open_paths: set[str] | None = None

    def _open(self) -> set[str]:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in _TWO_FACTOR_OPEN}
        return self._open_paths

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and request.path not in self._open()
            and not request.path.startswith(("/static/", "/healthz", "/api/"))
        ):
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                return redirect(f"{reverse('core:two_factor')}?next={request.get_full_path()}")
            if user.requires_two_factor:
                return redirect("core:two_factor_setup")
        return self.get_response(request)
