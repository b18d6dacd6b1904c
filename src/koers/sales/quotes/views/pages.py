"""The quote pages: the list ("Offertes"), a version with its lines, totals, actions and
history, making a quote from an opportunity, the review queue and the settings. Thin: forms
validate, services act."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import render_count, render_list, url_maker
from koers.core.models import User
from koers.core.terms.queries import current_general_terms
from koers.sales.catalogue.queries import sees_cost_prices
from koers.sales.models import Opportunity, QuoteFollowUp, QuoteLink, QuoteStatus, QuoteVersion
from koers.sales.opportunities import queries as opportunity_queries
from koers.sales.quotes import approval_queries, forms, queries, services
from koers.sales.quotes.diff import compare, compare_to_snapshot
from koers.sales.quotes.filters import QuoteFilterSet
from koers.sales.quotes.forms_send import LinkForm
from koers.sales.quotes.lifecycle import may_move
from koers.sales.quotes.services.links import may_link
from koers.sales.quotes.services.quotes import template_for
from koers.sales.quotes.services.sending import terms_note
from koers.sales.quotes.services.validity import may_extend
from koers.sales.quotes.views.mandate import mandate_context

S = QuoteStatus


@login_required
def quote_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = QuoteFilterSet(request.GET, user=request.user)
    return render_list(
        request,
        filterset,
        template="sales/quote_list.html",
        partial="sales/_quote_results.html",
        context={"nav": "quotes", "may_review": access.can_review(request.user)},
    )


@login_required
def quote_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The quote list's count line for the same filters, asked by the list page after its rows
    (decision 135)."""
    filterset = QuoteFilterSet(request.GET, user=request.user)
    return render_count(request, filterset, template="sales/_quote_count.html")


def get_version(user: User, pk: int) -> QuoteVersion:
    """A version the user reads, or one waiting for a step they may decide (a delegate of
    another team reads it through its pending approval)."""
    try:
        return queries.version_for_detail(user, pk)
    except QuoteVersion.DoesNotExist as exc:
        if approval_queries.decidable_version(user, pk):
            return queries.version_for_detail(None, pk)
        raise Http404 from exc


def detail_context(
    request: AuthenticatedHttpRequest, version: QuoteVersion, **bound: Form
) -> dict[str, Any]:
    user = request.user
    may_change = queries.may_change(user, version)
    editable = may_change and version.is_draft
    replaced = version.superseded_by_id is not None
    groups = list(version.groups.all())
    for group in groups:
        group.subtotal = sum(  # type: ignore[attr-defined]
            (line.net_amount for line in group.lines.all() if line.counted), Decimal("0.00")
        )
    if editable:
        _line_urls(groups)
    review = may_move(version, S.APPROVED) and version.status == S.IN_REVIEW
    may_review = review and queries.may_review(user, version)
    last_review = queries.last_review(version) if review else None
    since_review = compare_to_snapshot(last_review.data, version) if last_review else None

    def form(name: str, make: Any, shown: bool) -> Form | None:
        return (bound.get(name) or make()) if shown else None

    return {
        "nav": "quotes",
        # One hidden CSRF field for the forms of every line, not a tag (and a new mask) each.
        "csrf_input": format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)
        ),
        "version": version,
        "quote": version.quote,
        "groups": groups,
        "versions": list(version.quote.versions.all()),
        "events": list(version.quote.events.all()),
        "sees_cost": sees_cost_prices(user),
        "may_change": may_change,
        "editable": editable,
        "line_form": form("line", lambda: forms.LineForm(prefix="line", version=version), editable),
        "group_form": form("group", lambda: forms.GroupForm(prefix="group"), editable),
        "terms_form": form(
            "terms",
            lambda: forms.TermsForm(
                prefix="terms",
                initial={
                    **{n: getattr(version, n) for n in forms.TermsForm.base_fields},
                    "version": version.version,
                },
            ),
            editable,
        ),
        "review_form": form("review", lambda: forms.ReviewForm(prefix="review"), may_review),
        "reason_form": form(
            "reason", lambda: forms.ReasonForm(prefix="reason"), may_change and version.is_open
        ),
        "accept_form": form(
            "accept",
            lambda: forms.AcceptForm(prefix="accept", version=version),
            may_change and version.status == S.SENT,
        ),
        "decline_form": form(
            "decline",
            lambda: forms.DeclineForm(prefix="decline"),
            may_change and version.status == S.SENT,
        ),
        "orders": list(version.orders.all()),
        # What the customer did with the mail's link (decision 108); only a sent version has one.
        "online_link": QuoteLink.objects.filter(quote_version=version).first()
        if version.sent_at is not None
        else None,
        **link_context(version, may_change, bound.get("link")),
        "reissues": list(version.reissues.all()),
        "may_submit": editable,
        "extend_form": form(
            "extend",
            lambda: forms.ExtendForm(prefix="extend"),
            may_change and may_extend(version),
        ),
        "follow_up": (
            QuoteFollowUp.objects.filter(quote_version=version).select_related("activity").first()
            if version.status == S.EXPIRED
            else None
        ),
        "may_send": may_change and version.status == S.APPROVED,
        "may_revise": may_change
        and not version.is_draft
        and not replaced
        and version.status not in (S.ACCEPTED, S.SUPERSEDED),
        "may_variant": may_change and version.is_open and not replaced,
        "diff": compare(version.revised_from, version) if version.revised_from else None,
        **terms_context(version),
        "last_review": last_review,
        "since_review": since_review,
        "review_marked": since_review.line_ids if since_review else set(),
        **mandate_context(user, version, groups, bound.get("approval")),
    }


def _line_urls(groups: list[Any]) -> None:
    """Each line's change, move and remove addresses at the cost of one reverse each: a quote
    of 50 lines reversed 200 URLs in its template (decision 135)."""
    edit = url_maker("sales:quote_line_edit")
    move = url_maker("sales:quote_line_move")
    remove = url_maker("sales:quote_line_remove")
    for group in groups:
        for line in group.lines.all():
            line.edit_url, line.move_url, line.remove_url = (
                edit(line.pk),
                move(line.pk),
                remove(line.pk),
            )


def link_context(version: QuoteVersion, may_change: bool, bound: Form | None) -> dict[str, Any]:
    """The online link made by hand for a version marked as sent (issue 13): the form to make
    one, and whether the one made may be revoked."""
    if not may_change or version.status != S.SENT:
        return {"link_form": bound, "may_revoke_link": False}
    link = QuoteLink.objects.filter(quote_version=version).first()
    made = link is not None and link.made_by_id is not None and link.revoked_at is None
    return {
        # A refused form is shown with its message even when no link can be made now.
        "link_form": bound
        or (LinkForm(prefix="link", version=version) if may_link(version) else None),
        "may_revoke_link": made and link is not None and link.accepted_at is None,
    }


def terms_context(version: QuoteVersion) -> dict[str, Any]:
    """The general terms beside the quote: those its mail carried (or that none did), else the
    current version, offered for download with the PDF (decision 109)."""
    document = getattr(version, "document", None)
    if document is not None:
        return {"sent_document": document, "terms_note": terms_note(document.general_terms)}
    return {"current_terms": current_general_terms()}


@login_required
def quote_version(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version(request.user, pk)
    return render(request, "sales/quote_detail.html", detail_context(request, version))


def render_detail(
    request: AuthenticatedHttpRequest, pk: int, status: int, **bound: Form
) -> HttpResponse:
    return render_detail_with(request, pk, status, {}, **bound)


def render_detail_with(
    request: AuthenticatedHttpRequest,
    pk: int,
    status: int,
    extra: dict[str, Any],
    **bound: Form,
) -> HttpResponse:
    """The page with `extra` in its context (a link's address shown once)."""
    version = get_version(request.user, pk)
    context = {**detail_context(request, version, **bound), **extra}
    return render(request, "sales/quote_detail.html", context, status=status)


@login_required
def quote_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A quote by its own id: its current version."""
    quote = queries.quotes_readable(request.user).filter(pk=pk).first()
    if quote is None:
        raise Http404
    return redirect("sales:quote_version", pk=queries.current_version(quote).pk)


@login_required
@require_POST
def quote_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Make a quote" on an opportunity's page."""
    try:
        opportunity = opportunity_queries.opportunity_for_detail(request.user, pk)
    except Opportunity.DoesNotExist as exc:
        raise Http404 from exc
    if not queries.may_quote(request.user, opportunity):
        raise NotAllowed(_("You may not make quotes for this account."))
    chosen = request.POST.get("template", "")
    try:
        template = template_for(request.user, int(chosen)) if chosen.isdigit() else None
        if chosen and template is None:
            raise ValidationError(_("Choose a template from the list."))
        left_out: list[str] = []
        version = services.quote_create(
            actor=request.user, opportunity=opportunity, template=template, left_out=left_out
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("sales:opportunity_detail", pk=pk)
    if left_out:
        message = _("Not sold today, so left out: %(names)s.") % {"names": ", ".join(left_out)}
        messages.warning(request, message)
    return redirect("sales:quote_version", pk=version.pk)


@login_required
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Quotes waiting for inside sales' review, the oldest request first."""
    if not access.can_review(request.user):
        raise NotAllowed(_("Reviewing quotes is for inside sales."))
    rows = list(queries.review_queue(request.user)[:100])
    return render(request, "sales/quote_review_queue.html", {"nav": "quotes", "rows": rows})


@login_required
def quote_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_manage_settings(request.user):
        raise NotAllowed(_("Only an administrator changes the quote settings."))
    current = queries.settings()
    data = request.POST if request.method == "POST" else None
    form = forms.SettingsForm(
        data,
        initial={
            "validity_days": current.validity_days,
            "review_from": current.review_from,
            "remind_days": current.remind_days,
        },
    )
    if form.is_valid():
        try:
            services.quote_settings_update(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:quote_settings")
    context = {"nav": "administration", "tab": "quotes", "form": form}
    return render(request, "sales/quote_settings.html", context, status=422 if form.errors else 200)
