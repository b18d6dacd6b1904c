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


@task()
def sync_calendar(user_id: int) -> bool:
    """One user's CalDAV sync ("Sync now", or just connected); True when it ended well."""
    from koers.relations.caldav_sync import calendar_sync_run
    from koers.relations.models import CalendarSync

    sync = CalendarSync.objects.select_related("user").filter(user_id=user_id).first()
    return sync is not None and calendar_sync_run(sync) is not None


@task()
def sync_calendars(day: str) -> int:
    """The daily CalDAV sync of every user who turned it on; running it twice does no harm."""
    from koers.relations.caldav_sync import sync_all

    return sync_all()


@task()
def send_recap(recap_id: int) -> int:
    """The recap e-mails of a visit that did not go out yet; running it again sends none twice."""
    from koers.relations.recap import send_pending

    return send_pending(recap_id)


@task()
def plan_recurring_visits(day: str) -> int:
    """The planned visits of every running schedule up to the horizon; idempotent per day."""
    from koers.relations.services.schedules import fill_all

    return fill_all(date.fromisoformat(day))
