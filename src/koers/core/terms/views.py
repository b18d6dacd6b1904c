"""The general terms: the administrators' page (the versions, the current one marked, and the
upload of a new one) and the download of any version, for everyone signed in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.terms import queries
from koers.core.terms.forms import GeneralTermsForm
from koers.core.terms.services import MAX_TERMS_BYTES, general_terms_upload
from koers.core.views.administration import admin_page


@login_required
def general_terms(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_manage_general_terms(request.user):
        raise NotAllowed(_("Only administrators manage the general terms."))
    form = GeneralTermsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Read no more than one byte past the limit: the service names a file that is too large.
        content = upload.read(MAX_TERMS_BYTES + 1)
        try:
            general_terms_upload(
                actor=request.user,
                label=form.cleaned_data["label"],
                valid_from=form.cleaned_data["valid_from"],
                content=content,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The general terms have been uploaded."))
            return redirect("core:general_terms")
    current = queries.current_general_terms()
    context = {
        "form": form,
        "versions": list(queries.general_terms_readable(request.user)),
        "current": current,
        "today": timezone.localdate(),
    }
    response = admin_page(request, "core/admin/general_terms.html", "general_terms", context)
    if form.errors:
        response.status_code = 422
    return response


@login_required
def general_terms_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    terms = queries.general_terms_readable(request.user).filter(pk=pk).first()
    if terms is None:
        raise Http404
    try:
        handle = default_storage.open(terms.file, "rb")
    except OSError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type="application/pdf", filename=queries.file_name(terms))
