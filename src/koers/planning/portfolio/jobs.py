"""The monthly health scores: a daily job (`core/schedule.py`) that computes every account's
score once a month and keeps it in `HealthScore` (docs/decisions.md, 120).

A month has one `HealthRun`. The first call of a month makes it and computes; a later call finds
it done and does nothing (never twice), or running with a live worker and leaves it, or failed
(or running without a sign of life, `core/jobs.py`) and starts it again. The rows are written
per batch with an upsert on (account, month), so a retry after a failure half-way overwrites
what the failed attempt wrote and never makes a second row for the month.
"""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from koers.accounts.models import Account
from koers.core import jobs
from koers.core.lifecycle import Lifecycle, TransitionRefused, Transitions
from koers.planning.models import HealthRun, HealthScore
from koers.planning.models import HealthRunStatus as S
from koers.planning.portfolio import health

logger = logging.getLogger(__name__)

BATCH = 500

TRANSITIONS: Transitions = {
    S.RUNNING: {S.DONE: None, S.FAILED: None},
    S.FAILED: {S.RUNNING: None},
    S.DONE: {},
}
HEALTH_RUN_LIFECYCLE = Lifecycle(HealthRun, TRANSITIONS)
HEALTH_JOBS = jobs.JobKind(HEALTH_RUN_LIFECYCLE, busy=(S.RUNNING,), failed=S.FAILED)


def month_of(day: date) -> date:
    return day.replace(day=1)


def _claim(month: date) -> HealthRun | None:
    """The month's run, moved to running for this worker; None when there is nothing to do
    (done, or running elsewhere with a live worker)."""
    run, created = HealthRun.objects.get_or_create(
        month=month, defaults={"heartbeat_at": timezone.now()}
    )
    if created:
        return run
    if run.status == S.RUNNING:
        if not jobs.is_stale(HEALTH_JOBS, run):
            return None
        jobs.recover_stale(HEALTH_JOBS, pks=[run.pk])
        run.refresh_from_db()
    if run.status != S.FAILED:
        return None
    try:
        return HEALTH_RUN_LIFECYCLE.move(
            run, to=S.RUNNING, attempts=run.attempts + 1, message="", heartbeat_at=timezone.now()
        )
    except TransitionRefused:  # another worker took it up meanwhile
        return None


def _write_batch(ids: list[int], month: date, as_of: date) -> None:
    facts = health.facts_for(ids, as_of)
    now = timezone.now()
    rows = []
    for pk in ids:
        result = health.health_of(facts[pk])
        rows.append(
            HealthScore(
                account_id=pk,
                month=month,
                score=result.score,
                components=result.stored(),
                computed_at=now,
            )
        )
    HealthScore.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["account", "month"],
        update_fields=["score", "components", "computed_at"],
    )


def health_scores_compute(day: date) -> HealthRun | None:
    """Computes the health score of every account for the month of `day`, as of `day`, once.
    Returns the month's run (None when there was nothing to do). A failure leaves the run
    failed with its message; calling again retries it."""
    month = month_of(day)
    run = _claim(month)
    if run is None:
        return None
    ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
    done = 0
    try:
        for start in range(0, len(ids), BATCH):
            batch = ids[start : start + BATCH]
            with transaction.atomic():
                _write_batch(batch, month, day)
            done += len(batch)
            HealthRun.objects.filter(pk=run.pk).update(accounts_done=done)
            jobs.beat(HEALTH_JOBS, run.pk)
    except Exception as exc:
        logger.exception("health scores of %s failed", month)
        jobs.fail(HEALTH_JOBS, run.pk, message=str(exc) or exc.__class__.__name__)
        run.refresh_from_db()
        return run
    return HEALTH_RUN_LIFECYCLE.move(run, to=S.DONE, accounts_done=done, finished_at=timezone.now())
