from __future__ import annotations

import functools
import ipaddress
from collections.abc import Callable
from ipaddress import IPv4Network, IPv6Network
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
            if request.headers.get("HX-Request"):
                # A part of a page (the header's notification bell) gets nothing, not the
                # two-factor page inside the header; htmx leaves a 403 unswapped.
                return HttpResponse(status=403)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


def client_ip(request: HttpRequest) -> str:
    """The client's address for login throttling (AXES_CLIENT_IP_CALLABLE).

    X-Forwarded-For is read only when the connecting address is one of TRUSTED_PROXIES: anyone
    else could write any address there and get a fresh count for every guess. From the right,
    each proxy appended the address it saw; the first hop that is not a trusted proxy is the
    client. Entries further left come from the client and are never used.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _is_trusted(address, proxies):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        if not _is_address(hop):
            # Not something a proxy writes: stop at the last address a proxy vouched for.
            break
        address = hop
        if not _is_trusted(hop, proxies):
            break
    return address


@functools.cache
def _networks(entries: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_trusted(address: str, proxies: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    if not proxies or not _is_address(address):
        return False
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in proxies)
