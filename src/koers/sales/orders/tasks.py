"""The orders' daily job (registered in `SalesConfig.ready()`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def renew_contracts(day: str) -> int:
    """Renewal opportunities for contracts whose notice starts (idempotent per day)."""
    from koers.sales.orders.services.contracts import renew_contracts as run

    return run(date.fromisoformat(day))
