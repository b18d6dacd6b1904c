"""Writing a letter from an account or contact page, and downloading it again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.views.administration import posted
from koers.correspondence import queries, services
from koers.correspondence.forms import LetterForm
from koers.correspondence.views.mails import _from_contact, writable_account


@login_required
def account_letter_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = writable_account(request, pk)
    chosen = request.GET.get("contact", "")
    initial = {"contact": chosen} if chosen.isdigit() else {}
    form = LetterForm(posted(request), account=account, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.letter_write(
                actor=request.user,
                account=account,
                contact=data["contact"],
                template=data["template"],
                subject=data["subject"],
                body=data["body"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The letter “%(subject)s” is ready to download and on the timeline.")
                % {"subject": letter},
            )
            return redirect("accounts:account_detail", pk=account.pk)
    context = {"account": account, "form": form, "nav": "accounts"}
    return render(request, "correspondence/letter_form.html", context)


@login_required
def contact_letter_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _from_contact(request, pk, "correspondence:account_letter_new")


@login_required
def letter_pdf(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    letter = queries.letters_readable(request.user).filter(pk=pk).first()
    if letter is None:
        raise Http404
    try:
        handle = letter.pdf.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type="application/pdf", filename=f"letter-{letter.pk}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
