"""Administration: the limit above which a given gift needs approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.views.administration import admin_page, posted, require_admin
from koers.gifts import services
from koers.gifts.forms import GiftSettingsForm
from koers.gifts.models import GiftSettings, current_limit


@login_required
def gift_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = GiftSettingsForm(posted(request), instance=GiftSettings(limit=current_limit()))
    if form.is_valid():
        try:
            services.gift_limit_set(actor=request.user, limit=form.cleaned_data["limit"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The gift limit has been saved."))
            return redirect("gifts:gift_settings")
    return admin_page(request, "gifts/settings.html", "gifts", {"form": form})
