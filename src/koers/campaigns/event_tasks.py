"""Background work of events, run by `manage.py db_worker`: a registrant's mail, and the daily
reminders (registered in `CampaignsConfig.ready()` as the daily job `event_reminders`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def send_registration_mail(registration_id: int, kind: str) -> bool:
    """One mail to one registrant; running it again sends nothing twice."""
    from koers.campaigns.event_mail import deliver

    return deliver(registration_id, kind)


@task()
def send_event_reminders(day: str) -> int:
    """The reminders due on `day` (ISO date), each registration's once; and the mails the mail
    server refused before, of events still to come, tried again. Returns how many went."""
    from koers.campaigns.event_mail import deliver, failed_to_retry
    from koers.campaigns.event_models import RegistrationMailKind
    from koers.campaigns.event_services import reminders_due

    retried = sum(deliver(pk, kind) for pk, kind in failed_to_retry())
    due = reminders_due(date.fromisoformat(day))
    return retried + sum(deliver(pk, RegistrationMailKind.REMINDER) for pk in due)
