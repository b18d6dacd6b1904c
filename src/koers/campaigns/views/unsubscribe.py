"""The public unsubscribe page (decision 136): no login, reached through the link in a
mailing (or POSTed by a mail program's own Unsubscribe button, RFC 8058). The first request
opts the contact out at once; later ones say it was done already; a changed or forged token
finds nothing and says only that the link does not work. Every request counts against a
per-address limit, like the quote's public page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from koers.campaigns import mailing_services
from koers.campaigns.mailings import send_id_of
from koers.core.ratelimit import over_limit


def _limited(request: HttpRequest) -> bool:
    return over_limit(request, "unsubscribe", settings.UNSUBSCRIBE_RATE_LIMIT)


# A mail program POSTs without our CSRF cookie (RFC 8058); the signed token is the proof.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    if _limited(request):
        return render(request, "sales/online/limited.html", status=429)
    send_id = send_id_of(token)
    send = None
    if send_id is not None:
        via = "one-click" if request.method == "POST" else "page"
        send, done_now = mailing_services.unsubscribe(send_id=send_id, via=via)
    if send is None:
        return render(request, "campaigns/unsubscribe_invalid.html", status=404)
    with translation.override(send.language or "nl"):
        context = {"done_now": done_now, "at": send.unsubscribed_at}
        return render(request, "campaigns/unsubscribe.html", context)
