"""Responses on the pages (decision 140): a copy marked as answered by hand on the sends page,
and the public redirect of a tracked link, which records one click per copy.

The redirect needs no login (the contact clicks in their mail program); a changed or forged
token finds nothing, records nothing and says only that the link does not work. It counts
against the same per-address limit as the unsubscribe page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from koers.campaigns import responses
from koers.campaigns.models import MailingSend
from koers.campaigns.tracking import click_of
from koers.campaigns.views.mailings import mailing_or_404
from koers.campaigns.views.unsubscribe import _limited
from koers.core.http import AuthenticatedHttpRequest


@login_required
@require_POST
def send_replied(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    send = MailingSend.objects.select_related("contact", "mailing__campaign").filter(pk=pk).first()
    if send is None:
        raise Http404
    mailing_or_404(request, send.mailing_id)  # reads the campaign and may run it
    try:
        responses.mark_replied(actor=request.user, send=send)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("%(name)s is marked as responded.") % {"name": send.contact.full_name}
        )
    return redirect("campaigns:mailing_sends", pk=send.mailing_id)


@never_cache
@require_GET
def tracked_click(request: HttpRequest, token: str) -> HttpResponse:
    if _limited(request):
        return render(request, "sales/online/limited.html", status=429)
    found = click_of(token)
    if found is None or responses.record_click(found[0]) is None:
        return render(request, "campaigns/link_invalid.html", status=404)
    return HttpResponseRedirect(found[1])
