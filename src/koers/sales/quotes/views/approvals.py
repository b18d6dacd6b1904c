"""The approval of quotes beyond the mandate on the pages: the approvals queue of managers,
delegates and sales directors (the oldest request first), its header badge, and approving or
returning a version on its page (one click and a comment)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import url_maker
from koers.sales.quotes import approval_queries, forms, queries, services
from koers.sales.quotes.views.pages import get_version, render_detail

QUEUE_SIZE = 100
QUEUE_FIELDS = (
    "step",
    "status",
    "discount_percent",
    "margin_percent",
    "breaches",
    "created_at",
    "quote_version__number",
    "quote_version__variant",
    "quote_version__net_total",
    "quote_version__quote__number",
    "quote_version__quote__title",
    "quote_version__quote__account__name",
    "quote_version__quote__owner__first_name",
    "quote_version__quote__owner__last_name",
)


@login_required
def approval_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not approval_queries.may_approve_any(request.user):
        raise NotAllowed(_("Approving quotes beyond the mandate is for managers."))
    # Only what the table shows: a version's texts and checklist made the 100 rows' models
    # most of the page's time (decision 135).
    pending = approval_queries.approvals_pending_for(request.user).only(*QUEUE_FIELDS)
    rows = list(pending[:QUEUE_SIZE])
    version_url = url_maker("sales:quote_version")
    for row in rows:
        row.rules = approval_queries.breach_texts(row)  # type: ignore[attr-defined]
        row.url = version_url(row.quote_version_id)  # type: ignore[attr-defined]
    context = {"nav": "approvals", "rows": rows}
    return render(request, "sales/quote_approval_queue.html", context)


@login_required
def approval_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's badge (HTMX): how many approvals wait for the user."""
    count = approval_queries.pending_count(request.user)
    return vary_on_htmx(render(request, "sales/_approval_count.html", {"count": count}))


@login_required
@require_POST
def approval_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Approve (`decision=approve`) or return with a comment (`decision=return`)."""
    version = get_version(request.user, pk)
    form = forms.ApprovalForm(request.POST, prefix="approval")

    def call(f: forms.ApprovalForm) -> object:
        comment = f.cleaned_data["comment"]
        if request.POST.get("decision") == "return":
            return services.quote_return(actor=request.user, version=version, comment=comment)
        return services.quote_approve(actor=request.user, version=version, comment=comment)

    if form.is_valid():
        try:
            call(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # A delegate of another team reads the version only while it waits for them.
            if queries.versions_readable(request.user).filter(pk=pk).exists():
                return redirect("sales:quote_version", pk=pk)
            return redirect("sales:quote_approval_queue")
    return render_detail(request, pk, 422, approval=form)
