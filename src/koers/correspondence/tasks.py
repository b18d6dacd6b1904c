"""Background work of correspondence, run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task


@task()
def send_mail(mail_id: int) -> int:
    """The copies of a sent mail that did not go out yet; running it again sends none twice."""
    from koers.correspondence.mails import send_pending

    return send_pending(mail_id)
