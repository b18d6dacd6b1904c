"""The person's rights (AVG): the download of everything Koers holds about a contact."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse

from koers.accounts import services
from koers.core import access
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
