"""Making and revoking the online link of a version marked as sent (issue 13). The address is
shown once, on the page that answers the post (never in a message stored in the session): the
database keeps only its hash."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.sales.quotes import queries
from koers.sales.quotes.forms_send import LinkForm
from koers.sales.quotes.services.links import quote_link_make, quote_link_revoke
from koers.sales.quotes.views.pages import get_version, render_detail, render_detail_with


@never_cache
@login_required
@require_POST
def link_make(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version(request.user, pk)
    if not queries.may_change(request.user, version):
        raise NotAllowed(_("You may not change this quote."))
    form = LinkForm(request.POST, prefix="link", version=version)
    if form.is_valid():
        try:
            url = quote_link_make(
                actor=request.user, version=version, contact=form.cleaned_data["contact"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render_detail_with(request, pk, 200, {"new_link_url": url})
    return render_detail(request, pk, 422, link=form)


@login_required
@require_POST
def link_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = get_version(request.user, pk)
    if not queries.may_change(request.user, version):
        raise NotAllowed(_("You may not change this quote."))
    try:
        quote_link_revoke(actor=request.user, version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The online link is revoked: it no longer works."))
    return redirect("sales:quote_version", pk=pk)
