"""What market information adds to the pages of other apps, without them knowing it: panels on
the account page (its signals, its competitors), a panel on a visit's page (its report's market
information, made a signal in one step) and the signals on the account's timeline. Called from
`PlanningConfig.ready()`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _


def _has_market_information(user: Any, activity: Any) -> bool:
    from koers.relations.models import VisitReport

    return VisitReport.objects.filter(activity=activity).exclude(market_info="").exists()


def signal_page(
    subject: Any, before: datetime | None, size: int, _kinds: Any, user: Any
) -> list[Any]:
    """The account's signals on its timeline, dated by when they were recorded (many share a
    day). A contact's timeline has none: signals are not tied to people."""
    from koers.accounts.models import Account
    from koers.planning.queries import signals_readable
    from koers.relations.timeline import Entry

    if not isinstance(subject, Account):
        return []
    rows = signals_readable(user).filter(accounts=subject)
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    rows = rows.select_related("recorded_by").order_by("-created_at", "-pk")
    return [Entry(signal.created_at, "signals", signal) for signal in rows[:size]]


def register_all() -> None:
    from koers.core.panels import Panel, register
    from koers.relations.timeline import register_source

    register(
        Panel(
            page="account",
            name="market-signals",
            order=30,
            title=_("Market signals"),
            url_name="planning:account_signals",
        )
    )
    register(
        Panel(
            page="account",
            name="account-competitors",
            order=31,
            title=_("Competitors"),
            url_name="planning:account_competitors",
        )
    )
    register(
        Panel(
            page="activity",
            name="market-information",
            order=30,
            title=_("Market information"),
            url_name="planning:report_market_information",
            shown=_has_market_information,
        )
    )
    register_source("signals", _("Market signals"), signal_page, "planning/_timeline_signal.html")
