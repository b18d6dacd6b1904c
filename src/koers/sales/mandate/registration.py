"""What the mandate adds to the apps it builds on: a panel with your mandate on your own
settings page. Called from `SalesConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from koers.core.models import Role, User


def _sells(user: User, obj: Any) -> bool:
    return user.is_admin or user.role in (Role.ACCOUNT_MANAGER, Role.MANAGER)


def register_all() -> None:
    from koers.core.panels import Panel, register

    register(
        Panel(
            page="settings",
            name="my-mandate-panel",
            order=20,
            title=_("My mandate"),
            url_name="sales:mandate_mine",
            shown=_sells,
        )
    )
