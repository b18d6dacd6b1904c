"""The visit brief, as a page and as a PDF, of an account or of a planned visit (the account's
brief with the visit's details on top). Whoever may read the account may read its brief."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.relations import brief, queries
from koers.relations.brief.document import brief_pdf, subtitle_of, title_of
from koers.relations.models import Activity


def _account(user: User, pk: int) -> Account:
    try:
        return access.accounts_readable(user).select_related("owner", "segment").get(pk=pk)
    except Account.DoesNotExist as exc:
        raise Http404(_("Account not found")) from exc


def _visit(user: User, pk: int) -> Activity:
    try:
        return queries.activity_for_detail(user, pk)
    except Activity.DoesNotExist as exc:
        raise Http404 from exc


def _page(request: AuthenticatedHttpRequest, ctx: brief.BriefContext, pdf_url: str) -> Any:
    context = {
        "nav": "my_day" if ctx.visit is not None else "accounts",
        "ctx": ctx,
        "account": ctx.account,
        "title": title_of(ctx),
        "subtitle": subtitle_of(ctx),
        "sections": brief.build(ctx),
        "pdf_url": pdf_url,
        "made_at": timezone.now(),
    }
    return render(request, "relations/brief.html", context)


def _pdf(ctx: brief.BriefContext) -> HttpResponse:
    response = HttpResponse(brief_pdf(ctx, brief.build(ctx)), content_type="application/pdf")
    prefix = _("visit-brief")
    name = f"{prefix}-{slugify(ctx.account.name) or ctx.account.pk}-{ctx.today:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


@login_required
def account_brief(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    ctx = brief.context_for(_account(request.user, pk), request.user)
    return _page(request, ctx, reverse("relations:account_brief_pdf", args=[pk]))


@login_required
def account_brief_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pdf(brief.context_for(_account(request.user, pk), request.user))


def _visit_context(request: AuthenticatedHttpRequest, pk: int) -> brief.BriefContext:
    visit = _visit(request.user, pk)
    account = _account(request.user, visit.account_id)
    return brief.context_for(account, request.user, visit=visit)


@login_required
def activity_brief(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    ctx = _visit_context(request, pk)
    return _page(request, ctx, reverse("relations:activity_brief_pdf", args=[pk]))


@login_required
def activity_brief_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _pdf(_visit_context(request, pk))
