"""Sign-in, two-factor, personal settings and the language switch.

Placeholder bodies are replaced by the security work; home and healthz are final.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("accounts:account_list")


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


login_view = auth_views.LoginView.as_view(template_name="core/login.html")
logout_view = auth_views.LogoutView.as_view()


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    from django.conf import settings
    from django.utils import translation

    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    response = redirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            request.user.language = language
            request.user.save(update_fields=["language"])
        translation.activate(language)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
    return response
