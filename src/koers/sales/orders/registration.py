"""What orders add to the apps they build on: a panel on the account page, the status changes
and problems on the account's timeline, and the daily job that takes up contract renewals.
Called from `SalesConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.core.panels import Panel, register
    from koers.core.schedule import DailyJob, register_daily
    from koers.relations.timeline import register_source
    from koers.sales.orders.timeline import order_event_page

    register(
        Panel(
            page="account",
            name="orders",
            order=8,
            title=_("Orders"),
            url_name="sales:account_orders",
        )
    )
    register_source("orders", _("Orders"), order_event_page, "sales/_timeline_order.html")
    register_daily(
        DailyJob(name="contract_renewals", task="koers.sales.orders.tasks.renew_contracts", hour=6)
    )
