from __future__ import annotations

from django.http import HttpRequest

from koers.core import access


def navigation(request: HttpRequest) -> dict[str, bool]:
    """What the header offers; decided by the access policy, without a query."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_can_import": False}
    return {"nav_can_import": access.can_import_accounts(user)}
