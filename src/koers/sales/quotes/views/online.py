"""The public page of a sent quote (decision 108): no login, reached only through the token in
the quote's mail. It shows the quote in its language, lets the customer tick optional lines
(totals from the server), accept or ask for a change. A wrong token is a plain 404 that says
nothing of any quote; every request counts against a per-address limit."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from koers.core.middleware import client_ip
from koers.correspondence.placeholders import language_of
from koers.sales.models import (
    GroupDisplay,
    QuoteLine,
    QuoteLink,
    QuoteReissue,
    ReissueKind,
)
from koers.sales.quotes import queries
from koers.sales.quotes.documents import customer_pdf, sent_document
from koers.sales.quotes.services import online
from koers.sales.quotes.services.common import totals_of


def _limited(request: HttpRequest) -> bool:
    """True beyond QUOTE_LINK_RATE_LIMIT requests this minute from this address (the cache)."""
    minute = int(timezone.now().timestamp() // 60)
    key = f"quote-online:{client_ip(request)}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > settings.QUOTE_LINK_RATE_LIMIT


def _language(link: QuoteLink) -> str:
    """The sent PDF's language; for a link made by hand (no PDF went), its contact's."""
    document = sent_document(link.quote_version)
    if document is not None:
        return document.language
    return language_of(link.contact) if link.contact_id is not None else settings.LANGUAGE_CODE


def _chosen_from(request: HttpRequest) -> set[int]:
    return {int(v) for v in request.POST.getlist("line") if v.isdigit()}


def _context(link: QuoteLink, chosen: set[int] | None = None) -> dict[str, Any]:
    """The quote as the customer sees it: groups as displayed, optional lines ticked as stored
    (or as in `chosen`), totals for those."""
    version = link.quote_version
    lines = queries.lines_of(version)
    if chosen is not None:
        for line in lines:
            if line.optional:
                line.chosen = line.pk in chosen
    totals = totals_of(
        version,
        lines,
        discount_percent=version.discount_percent,
        discount_amount=version.discount_amount,
    )
    by_group: dict[int, list[QuoteLine]] = {}
    for line in lines:
        by_group.setdefault(line.group_id, []).append(line)
    groups = []
    for group in version.groups.order_by("position", "pk"):
        rows: list[dict[str, Any]] = [
            {"line": line, "net": totals.line(str(line.pk)).net}
            for line in by_group.get(group.pk, [])
        ]
        groups.append(
            {
                "title": group.title,
                "priced": group.display == GroupDisplay.PRICES,
                "total_only": group.display == GroupDisplay.TOTAL_ONLY,
                "rows": rows,
                "optional": [r for r in rows if r["line"].optional],
                "total": totals.group(str(group.pk)),
            }
        )
    return {
        "link": link,
        "version": version,
        "quote": version.quote,
        "groups": groups,
        "totals": totals,
        "has_optional": any(line.optional for line in lines),
        "refusal": online.refusal(link),
        "has_pdf": sent_document(version) is not None
        or QuoteReissue.objects.filter(quote_version=version, kind=ReissueKind.EXTENDED).exists(),
    }


def _page(request: HttpRequest, link: QuoteLink, status: int = 200, **extra: Any) -> HttpResponse:
    chosen = _chosen_from(request) if request.method == "POST" else None
    with translation.override(_language(link)):
        token = request.resolver_match.kwargs["token"] if request.resolver_match else ""
        context = {**_context(link, chosen), "link_token": token, **extra}
        return render(request, "sales/online/quote.html", context, status=status)


def _guard(request: HttpRequest, token: str) -> HttpResponse | QuoteLink:
    if _limited(request):
        return render(request, "sales/online/limited.html", status=429)
    link = online.link_find(token)
    if link is None:
        return render(request, "sales/online/missing.html", status=404)
    return link


# never_cache: the page names the customer and their prices; no proxy or shared browser keeps it.
@never_cache
@require_http_methods(["GET", "POST"])
def quote_online(request: HttpRequest, token: str) -> HttpResponse:
    found = _guard(request, token)
    if isinstance(found, HttpResponse):
        return found
    link = found
    if request.method == "GET":
        online.link_opened(link)
        return _page(request, link)
    action = request.POST.get("action", "")
    if online.refusal(link) is not None:
        return _page(request, link, status=409)
    try:
        if action == "accept":
            online.quote_accept_online(
                link=link,
                name=request.POST.get("name", ""),
                terms_accepted=request.POST.get("terms") == "on",
                customer_reference=request.POST.get("reference", ""),
                chosen_lines=_chosen_from(request),
                ip=client_ip(request) or None,
            )
            return redirect("sales:quote_online", token=token)
        if action == "change":
            online.quote_change_ask(
                link=link,
                name=request.POST.get("change_name", ""),
                message=request.POST.get("message", ""),
            )
            return _page(request, link, change_sent=True)
    except ValidationError as error:
        return _page(request, link, status=400, errors=error.message_dict)
    except PermissionDenied:
        # The owner may no longer change the quote (left the account, deactivated): the
        # customer cannot fix that; they hear whom to ask, not why.
        message = _("This quote cannot be accepted online now: please contact us.")
        return _page(request, link, status=409, errors={"status": [message]})
    return _page(request, link)


@never_cache
@require_POST
def quote_online_totals(request: HttpRequest, token: str) -> HttpResponse:
    """The totals for the lines ticked now (HTMX), nothing stored."""
    found = _guard(request, token)
    if isinstance(found, HttpResponse):
        return found
    with translation.override(_language(found)):
        context = _context(found, _chosen_from(request))
        return render(request, "sales/online/_totals.html", context)


@never_cache
def quote_online_pdf(request: HttpRequest, token: str) -> HttpResponseBase:
    """The PDF exactly as it was sent."""
    found = _guard(request, token)
    if isinstance(found, HttpResponse):
        return found
    pdf = customer_pdf(found.quote_version)
    if pdf is None:
        return render(request, "sales/online/missing.html", status=404)
    name, content = pdf
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=name, content_type="application/pdf"
    )
