"""Background work of campaigns, run by `manage.py db_worker`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from koers.campaigns.lifecycle import MAILING_JOBS
from koers.core import jobs

STOPPED = _("The sending stopped on an error; send again.")


@task()
def send_mailing(mailing_id: int) -> int:
    """A mailing's queued copies in batches; running it again sends none twice. An error ends
    the mailing failed (to send again)."""
    from koers.campaigns.sending import send_batches

    try:
        return send_batches(mailing_id)
    except Exception:
        jobs.fail(MAILING_JOBS, mailing_id, message=STOPPED)
        raise
