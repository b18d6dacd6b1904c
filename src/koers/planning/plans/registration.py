"""What account plans add to the account page (without accounts knowing it): the panel with
the account's plans. Called from `PlanningConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.core.panels import Panel, register

    register(
        Panel(
            page="account",
            name="account-plans",
            order=16,
            title=_("Account plans"),
            url_name="planning:account_plans",
        )
    )
