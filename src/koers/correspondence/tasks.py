"""Background work of correspondence, run by `manage.py db_worker`."""

from __future__ import annotations

from django_tasks import task


@task()
def send_mail(mail_id: int) -> int:
    """The copies of a sent mail that did not go out yet; running it again sends none twice."""
    from koers.correspondence.mails import send_pending

    return send_pending(mail_id)


@task()
def process_logged_mail(mail_id: int) -> str:
    """A message that reached a log address, logged on its accounts or put in the inbox;
    running it again logs nothing twice. A failure marks the message failed (to retry)."""
    from koers.correspondence.services.inbound import mail_log_process

    return mail_log_process(mail_id)
