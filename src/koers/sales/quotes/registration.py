"""What quotes add to the machinery they build on: the daily validity watch (decision 111).
Called from `SalesConfig.ready()`."""

from __future__ import annotations


def register_all() -> None:
    from koers.core.schedule import DailyJob, register_daily

    # At 01:00, soon after the validity day ended, so that the owner's follow-up call and the
    # reminders are there when the working day starts.
    register_daily(
        DailyJob(
            name="quote_validity", task="koers.sales.quotes.tasks.watch_quote_validity", hour=1
        )
    )
