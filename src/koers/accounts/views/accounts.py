from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)


account_create = account_detail = account_edit = branch_create = account_team = account_list
account_history = account_list
