"""Sign-in, two-factor, personal settings, the language switch and the landing page."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from koers.core import lockout, outage, two_factor
from koers.core.forms import LoginForm, ProfileForm, TokenForm
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.core.navigation import landing_url
from koers.core.panels import panels_for


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each role starts on its own page (core/navigation.py: LANDINGS)."""
    return redirect(landing_url(request.user))


def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except outage.DATABASE_DOWN:
        # A load balancer takes the process out of rotation on a 503 until the database is back.
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


def _safe_next(request: HttpRequest, default: str) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return default


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _remember_language(response: HttpResponseBase, language: str) -> None:
    """The cookie keeps the language for the login page after logging out."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # Django's "Lax"
    )


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # Signing in without a `next` lands on the role's page, as `home` does.
        return landing_url(cast(User, self.request.user))  # signed in by now

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]  # form_class
        user = form.get_user()
        auth_login(self.request, user)
        next_url = self.get_success_url()
        if two_factor.confirmed_device(user) is not None:
            response = redirect(_with_next("core:two_factor", next_url))
        elif user.requires_two_factor:
            response = redirect(_with_next("core:two_factor_setup", next_url))
        else:
            response = redirect(next_url)
        _remember_language(response, user.language)
        return response


login_view = LoginView.as_view()


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): the page says for how long."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "minutes": minutes,
        "username_locked": lockout.username_locked(request, credentials),
    }
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        context,
        status=settings.AXES_HTTP_RESPONSE_CODE,  # type: ignore[misc]  # axes' default (429)
    )


@login_required
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    next_url = _safe_next(request, resolve_url(settings.LOGIN_REDIRECT_URL))
    device = two_factor.confirmed_device(request.user)
    verified = request.user.is_verified()  # type: ignore[attr-defined]  # added by OTPMiddleware
    if verified or (device is None and not user_has_device(request.user)):
        return redirect(next_url)
    if device is None:
        # Only a kind of device this page cannot check (made in the admin): say so rather than
        # send the user round in circles.
        return render(request, "core/two_factor.html", {"form": None, "next": next_url})
    form = TokenForm(device, request.POST if request.method == "POST" else None)
    if form.is_valid():
        two_factor.verified_login(request=request, device=device)
        return redirect(next_url)
    return render(request, "core/two_factor.html", {"form": form, "next": next_url})


@login_required
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    # A user who already has a device changes nothing here: otherwise someone with only the
    # password could replace the device and skip the second factor.
    if two_factor.confirmed_device(request.user) is not None:
        messages.info(request, _("Two-factor sign-in is already on."))
        return redirect("core:settings")
    next_url = _safe_next(request, reverse("core:settings"))
    device = two_factor.pending_device_get_or_create(user=request.user)
    form = TokenForm(device, request.POST if request.method == "POST" else None)
    if form.is_valid():
        two_factor.device_confirm(request=request, device=device)
        messages.success(request, _("Two-factor sign-in is on."))
        return redirect(next_url)
    context = {
        "form": form,
        "next": next_url,
        "qr_code": two_factor.qr_code_data_uri(device),
        "secret": two_factor.secret_base32(device),
        "required": request.user.requires_two_factor,
    }
    return render(request, "core/two_factor_setup.html", context)


@login_required
def settings_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    device = two_factor.confirmed_device(user)
    action = request.POST.get("action") if request.method == "POST" else None
    profile_form = ProfileForm(
        request.POST if action == "profile" else None, instance=user, prefix="profile"
    )
    password_form = PasswordChangeForm(
        user, request.POST if action == "password" else None, prefix="password"
    )
    disable_form = (
        TokenForm(device, request.POST if action == "two_factor_off" else None, prefix="otp")
        if device is not None and not user.requires_two_factor
        else None
    )
    if disable_form is not None:
        # The code field is not what this page is mainly for.
        disable_form.fields["token"].widget.attrs.pop("autofocus", None)

    if action == "profile" and profile_form.is_valid():
        profile_form.save()
        translation.activate(user.language)
        messages.success(request, _("Your settings have been saved."))
        response = redirect("core:settings")
        _remember_language(response, user.language)
        return response
    if action == "password" and password_form.is_valid():
        password_form.save()
        update_session_auth_hash(request, password_form.user)
        messages.success(request, _("Your password has been changed."))
        return redirect("core:settings")
    if action == "two_factor_off" and disable_form is not None and disable_form.is_valid():
        two_factor.devices_remove(request=request, user=user)
        messages.success(request, _("Two-factor sign-in is off."))
        return redirect("core:settings")

    if action == "profile":
        # The form failed: show the page in the language still stored, not the one typed.
        user.refresh_from_db()
    context = {
        "profile_form": profile_form,
        "password_form": password_form,
        "disable_form": disable_form,
        "two_factor_on": device is not None,
        # Sections other apps add (the calendar feed of relations), each loading itself.
        "panels": panels_for("settings", user, None),
        "nav": "settings",
    }
    return render(request, "core/settings.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    next_url = _safe_next(request, "/")
    response = redirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        translation.activate(language)
        _remember_language(response, language)
    return response
