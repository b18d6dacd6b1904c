"""The floor of the benchmark: the cheapest page a signed-in user can ask for.

It answers "ok" through the whole middleware stack (session, user, two-factor check, CSRF, CSP,
history) without a template or a query of its own, so that `bench.run --http` can report every
page as a multiple of it: what a page costs beyond the price of any signed-in request on that
server. Harmless in production: it shows a signed-in user nothing they do not know.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
@login_required
def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
