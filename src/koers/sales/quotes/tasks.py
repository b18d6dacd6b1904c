"""The quotes' daily job (registered in `SalesConfig.ready()`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def watch_quote_validity(day: str) -> int:
    """Reminders, expiries and follow-ups of `day` (ISO date); idempotent, safe to retry."""
    from koers.sales.quotes.services.validity import watch_validity

    result = watch_validity(date.fromisoformat(day))
    return result.reminded + result.expired + result.followed_up
