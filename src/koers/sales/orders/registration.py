"""What orders add to the apps they build on: a panel on the account page, the status changes
and problems on the account's timeline, and the daily job that takes up contract renewals.
Called from `SalesConfig.ready()`."""

from __future__ import annotations


def register_all() -> None:
    from koers.core.schedule import DailyJob, register_daily

    register_daily(
        DailyJob(name="contract_renewals", task="koers.sales.orders.tasks.renew_contracts", hour=6)
    )
