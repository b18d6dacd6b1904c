from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def contact_list(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse(status=501)


contact_create = contact_detail = contact_edit = position_create = position_edit = contact_list
