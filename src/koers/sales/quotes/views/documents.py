"""The quote's PDF: downloaded (any version a user may read; the sent one exactly as it was
sent) and sent by e-mail from the version's page. Thin: the form validates, the service acts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.sales.models import QuoteVersion
from koers.sales.quotes import documents, queries
from koers.sales.quotes.forms_send import SendForm


def _readable(request: AuthenticatedHttpRequest, pk: int) -> QuoteVersion:
    version = (
        queries.versions_readable(request.user)
        .select_related("quote", "quote__account", "quote__owner")
        .filter(pk=pk)
        .first()
    )
    if version is None:
        raise Http404
    return version


def pdf_language(request: AuthenticatedHttpRequest) -> str:
    asked = request.GET.get("language", "")
    if asked in ("nl", "en"):
        return asked
    return "en" if (get_language() or "nl").startswith("en") else "nl"


@login_required
def quote_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    version = _readable(request, pk)
    asked = request.GET.get("reissue", "")
    if asked:
        # A later PDF of this version (after an extension, or as accepted), beside the sent one.
        found = documents.reissue_of(version, int(asked)) if asked.isdigit() else None
        if found is None:
            raise Http404
        name, content = found
    else:
        name, content = documents.pdf_of(version, pdf_language(request))
    return FileResponse(content, content_type="application/pdf", filename=name, as_attachment=True)


@login_required
def quote_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _readable(request, pk)
    if not queries.may_change(request.user, version):
        raise NotAllowed(_("You may not change this quote."))
    form = SendForm(request.POST or None, version=version, user=request.user)
    if request.method == "POST" and form.is_valid():
        from koers.sales.quotes.services.sending import quote_send as send

        try:
            send(actor=request.user, version=version, **form.send_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The quote is sent; the mail goes out in a moment."))
            return redirect("sales:quote_version", pk=pk)
    context = {"nav": "quotes", "version": version, "form": form}
    return render(request, "sales/quote_send.html", context)
