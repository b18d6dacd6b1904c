"""The account page's panel "Mail and letters": the latest sent mails (with their status) and
letters, and the way to the full list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from koers.core import access
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.correspondence import queries
from koers.correspondence.models import Letter, SentMail

SHOWN = 5


@login_required
def account_panel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = queries.account_readable(request.user, pk)
    if account is None:
        raise Http404
    mails = list(
        queries.with_recipients(SentMail.objects.filter(account=account)).order_by(
            "-created_at", "-pk"
        )[:SHOWN]
    )
    for mail in mails:
        mail.status = queries.mail_status(mail)  # type: ignore[attr-defined]
    letters = list(
        Letter.objects.filter(account=account)
        .select_related("contact", "written_by")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    context = {
        "account": account,
        "mails": mails,
        "letters": letters,
        "may_write": access.can_change_account(request.user, account),
    }
    return vary_on_htmx(render(request, "correspondence/_panel.html", context))
