"""The API token settings page: list your tokens, make one (shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.api import services
from koers.api.forms import ApiTokenForm
from koers.api.models import ApiToken
from koers.core.http import AuthenticatedHttpRequest


@login_required
def token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"]
        )
        # The plaintext is in this one response only: no redirect, nothing kept in the session.
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "nav": "settings"},
    )
    if new_token:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Another user's token is a 404: its existence is not revealed.
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("api:tokens")
