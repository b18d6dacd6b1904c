"""The worker's side of a mailing (decision 136): the queued copies in batches of
`MAILING_BATCH_SIZE`, a batch at most every `MAILING_BATCH_SECONDS` (the rate the mail server
accepts; its SPF and DKIM are its own business).

Each batch is claimed first: its rows move from `queued` to `sending` in one committed
statement, then each mail goes and its row is marked `sent` or `failed`. A worker that dies
mid-batch leaves rows in `sending`; the next run marks them `interrupted` and never sends them
again (a mail may have gone), so a retry never sends twice. Consent, opt-out, erasure and the
address are read again when a batch is claimed: who opted out after the selection was frozen
is skipped with the reason."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import ngettext

from koers.campaigns.lifecycle import MAILING_JOBS, MAILING_LIFECYCLE
from koers.campaigns.mailings import message_for, recipient_of, unsubscribe_url
from koers.campaigns.models import (
    Exclusion,
    Mailing,
    MailingSend,
    MailingStatus,
    SendStatus,
)
from koers.campaigns.tracking import tracker_for
from koers.core import jobs
from koers.core.company import company
from koers.correspondence.placeholders import language_of

logger = logging.getLogger(__name__)

# The pause between batches; tests replace it to observe the spacing (the clock is an edge).
sleep: Callable[[float], None] = time.sleep


def _reason(send: MailingSend) -> str:
    contact = send.contact
    if contact.erased_at is not None:
        return Exclusion.ERASED
    if contact.opted_out:
        return Exclusion.OPTED_OUT
    if not contact.mailing_consent:
        return Exclusion.NO_CONSENT
    if not contact.email:
        return Exclusion.NO_EMAIL
    return ""


def _claim(mailing: Mailing, batch: int, size: int) -> list[MailingSend]:
    """The next `size` queued copies, moved to `sending` (or `skipped`) and committed before any
    mail goes."""
    with transaction.atomic():
        pks = list(
            MailingSend.objects.select_for_update()
            .filter(mailing=mailing, status=SendStatus.QUEUED)
            .order_by("pk")
            .values_list("pk", flat=True)[:size]
        )
        rows = list(
            MailingSend.objects.filter(pk__in=pks)
            .select_related("contact", "account__owner")
            .order_by("pk")
        )
        claimed = []
        for row in rows:
            row.batch = batch
            row.reason = _reason(row)
            if row.reason:
                row.status = SendStatus.SKIPPED
            else:
                row.status = SendStatus.SENDING
                row.email = row.contact.email
                row.language = language_of(row.contact)
                row.attempts += 1
                claimed.append(row)
        MailingSend.objects.bulk_update(
            rows, ["batch", "reason", "status", "email", "language", "attempts"]
        )
    return claimed


def _send(mailing: Mailing, rows: list[MailingSend]) -> None:
    firm, today = company(), timezone.localdate()
    sender = mailing.sent_by or mailing.created_by
    for row in rows:
        to = recipient_of(row, sender, firm, today)
        message = message_for(
            mailing,
            to,
            address=row.email,
            name=row.contact.full_name,
            link=unsubscribe_url(row.pk),
            track=tracker_for(mailing, row.pk, row.contact),
            send_id=row.pk,
        )
        try:
            message.send()
        except Exception as error:  # the transport's failure, whatever its kind
            row.status, row.error = SendStatus.FAILED, (str(error) or type(error).__name__)[:300]
        else:
            row.status, row.error, row.sent_at = SendStatus.SENT, "", timezone.now()
        row.save(update_fields=["status", "error", "sent_at"])


def send_batches(mailing_id: int) -> int:
    """Sends the mailing's queued copies; returns how many went. Ends the mailing `sent`, or
    `failed` when a copy failed (sending it again retries those only)."""
    mailing = Mailing.objects.select_related("sent_by", "created_by").get(pk=mailing_id)
    if mailing.status != MailingStatus.SENDING:
        return 0
    MailingSend.objects.filter(mailing=mailing, status=SendStatus.SENDING).update(
        status=SendStatus.INTERRUPTED
    )
    size, pause = settings.MAILING_BATCH_SIZE, settings.MAILING_BATCH_SECONDS
    batch = MailingSend.objects.filter(mailing=mailing).aggregate(n=Max("batch"))["n"] or 0
    sent = 0
    while True:
        if not jobs.beat(MAILING_JOBS, mailing.pk):
            return sent  # marked failed by recovery meanwhile
        batch += 1
        started = time.monotonic()
        rows = _claim(mailing, batch, size)
        _send(mailing, rows)
        sent += sum(1 for row in rows if row.status == SendStatus.SENT)
        if not MailingSend.objects.filter(mailing=mailing, status=SendStatus.QUEUED).exists():
            break
        sleep(max(0.0, pause - (time.monotonic() - started)))
    _finish(mailing)
    return sent


def _finish(mailing: Mailing) -> None:
    failed = MailingSend.objects.filter(
        mailing=mailing, status__in=[SendStatus.FAILED, SendStatus.INTERRUPTED]
    ).count()
    if failed:
        jobs.fail(
            MAILING_JOBS,
            mailing.pk,
            message=ngettext(
                "%(count)d copy did not go out; send again to retry.",
                "%(count)d copies did not go out; send again to retry.",
                failed,
            )
            % {"count": failed},
            finished_at=timezone.now(),
        )
    else:
        MAILING_LIFECYCLE.move(mailing, to=MailingStatus.SENT, finished_at=timezone.now())
