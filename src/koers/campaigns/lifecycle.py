"""The mailing's lifecycle: a draft is sent (the worker takes it), ends sent or failed, and a
failed one is sent again (the copies already sent are never sent twice)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from koers.campaigns.models import Mailing, MailingStatus
from koers.core.jobs import JobKind
from koers.core.lifecycle import Lifecycle

S = MailingStatus

MAILING_LIFECYCLE = Lifecycle(
    Mailing,
    {
        S.DRAFT: {S.SENDING: None},
        S.SENDING: {S.SENT: None, S.FAILED: None},
        S.FAILED: {S.SENDING: None},
        S.SENT: {},
    },
    refusals={S.SENDING: _("This mailing is being sent or was sent already.")},
)

MAILING_JOBS = JobKind(MAILING_LIFECYCLE, busy=(S.SENDING,), failed=S.FAILED, since="started_at")
