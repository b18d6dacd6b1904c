"""The mailing's lifecycle: a draft is sent (the worker takes it), ends sent or failed, and a
failed one is sent again (the copies already sent are never sent twice). While it is being
sent it can be paused (the worker stops after the batch it is sending) and resumed, and until
it is sent it can be cancelled (the copies not sent yet never go)."""

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
        S.SENDING: {S.SENT: None, S.FAILED: None, S.PAUSED: None, S.CANCELLED: None},
        S.PAUSED: {S.SENDING: None, S.CANCELLED: None},
        S.FAILED: {S.SENDING: None, S.CANCELLED: None},
        S.SENT: {},
        S.CANCELLED: {},
    },
    refusals={
        S.SENDING: _("This mailing is being sent or was sent already."),
        S.PAUSED: _("Only a mailing that is being sent can be paused."),
        S.CANCELLED: _("A mailing that was sent, or cancelled already, cannot be cancelled."),
    },
)

MAILING_JOBS = JobKind(MAILING_LIFECYCLE, busy=(S.SENDING,), failed=S.FAILED, since="started_at")
