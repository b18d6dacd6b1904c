"""Background work of relationship care, run by `manage.py db_worker`."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def send_daily_digests(day: str) -> int:
    """The daily digest of `day` (ISO date) for every account manager; idempotent per day."""
    from koers.relations.digest import send_digests

    return send_digests(date.fromisoformat(day))


@task()
def refresh_all_contact_states() -> int:
    """After the norm table changed: every account's contact status again, in batches."""
    from koers.relations.norms import refresh_every_state

    return refresh_every_state()
