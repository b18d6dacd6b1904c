"""The person's rights (AVG): the download of everything Koers holds about a contact, and
its erasure on request."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from koers.accounts import services
from koers.accounts.services import privacy
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import AuthenticatedHttpRequest


@login_required
def contact_personal_data(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """A JSON download; a contact the user may not read is a 404, one they may read but not
    export is a 403 (NotAllowed from the service)."""
    contact = access.contacts_readable(request.user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    data = services.contact_personal_data(user=request.user, contact=contact)
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


@login_required
def contact_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The confirmation form (GET) and the erasure (POST, a reason required)."""
    contact = access.contacts_readable(request.user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    if not access.can_erase_contact(request.user, contact):
        raise NotAllowed(_("You may not erase this contact."))
    reason = request.POST.get("reason", "").strip()
    if request.method == "POST" and reason:
        services.contact_erase(actor=request.user, contact=contact, reason=reason)
        messages.success(request, _("The contact's personal data is erased."))
        return redirect("accounts:contact_detail", pk=contact.pk)
    context = {
        "nav": "contacts",
        "contact": contact,
        "holds": privacy.legal_holds(contact),
        "missing_reason": request.method == "POST",
    }
    return render(request, "accounts/contact_privacy_erase.html", context)
