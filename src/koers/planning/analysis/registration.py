"""What account analyses add to the account page (without accounts knowing it): the panel with
the latest analysis. Called from `PlanningConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.core.panels import Panel, register

    register(
        Panel(
            page="account",
            name="analysis",
            order=15,
            title=_("Account analysis"),
            url_name="planning:account_analysis",
        )
    )
