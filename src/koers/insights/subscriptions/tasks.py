"""The daily job that sends the subscriptions' copies (core/schedule.py)."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def send_subscriptions(day: str) -> int:
    """Every copy due on `day` (ISO date); idempotent per recipient and day."""
    from koers.insights.subscriptions.services import send_due

    return send_due(date.fromisoformat(day))
