from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

# Pages a half-signed-in user (password ok, second factor still due) may reach.
_TWO_FACTOR_OPEN = ("core:two_factor", "core:two_factor_setup", "core:logout", "core:set_language")


class UserLanguageMiddleware:
    """Activates the language the signed-in user chose; Dutch when nobody chose one.

    A visitor who has not picked a language (no cookie) gets Dutch, whatever their browser
    asks for: Dutch is the product's language and English is one click away in the header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            language = user.language
        elif request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES):
            language = request.COOKIES[settings.LANGUAGE_COOKIE_NAME]
        else:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
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
            and not request.path.startswith(("/static/", "/healthz"))
        ):
            from django_otp import user_has_device

            if user_has_device(user, confirmed=True):
                target = "core:two_factor"
            elif user.requires_two_factor:
                target = "core:two_factor_setup"
            else:
                return self.get_response(request)
            if request.path.startswith("/api/"):
                # A session that has not passed its second factor gets no data from the API
                # either (token requests carry no session and are not affected).
                return JsonResponse({"detail": _("Two-factor sign-in is required.")}, status=403)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str:
    """The client's address for login throttling (AXES_CLIENT_IP_CALLABLE).

    Behind one reverse proxy (BEHIND_PROXY) it is the last address in X-Forwarded-For, the one
    the proxy appended; earlier entries come from the client and cannot be trusted.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")
