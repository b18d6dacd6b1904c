"""Background jobs that survive their worker: what every job with a status run by the task worker
(imports now; reports, mailings and exports later) uses.

A job model inherits `HeartbeatJob` (the field `heartbeat_at`) and registers a `JobKind` (its
lifecycle, its busy statuses, its failed status) in its app's `ready()`. Then:

- the code that starts the job sets `heartbeat_at` with the move to a busy status, and the worker
  calls `beat(job)` when it claims the job and after every committed batch, outside any long
  transaction (a beat inside one is invisible to the others until the commit);
- a job that ends on an error is moved to its failed status by `fail(kind, pk, message=…)`, which
  retries for a few seconds: after a database restart the first attempts fail too, and a job
  left busy would say "importing…" for good;
- a job whose worker died without running any handler (killed, machine gone, database down for
  longer than `fail` waits) is found by its old heartbeat: `recover_stale(kind)` moves every busy
  job without a sign of life for `JOB_STALE_AFTER_SECONDS` to failed with "The worker stopped;
  start it again.". The job page calls it for its own job, and `manage.py recover_jobs` for all
  kinds (for an operator or a periodic task).

A failed job keeps what it needs to be started again; starting it again is a legal move in its
lifecycle, and its write must be idempotent: the import writes in one transaction that rolled
back, and checks under a row lock that it is still the one running.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.lifecycle import Lifecycle, TransitionRefused

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

logger = logging.getLogger(__name__)

STALE_MESSAGE = _("The worker stopped; start it again.")
# Seconds between the attempts of `fail`: a restarting database is back within a few seconds.
FAIL_RETRY_DELAYS: tuple[float, ...] = (0.5, 1, 2, 4)


class HeartbeatJob(models.Model):
    """The sign of life of a background job's worker."""

    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class JobKind:
    """One model of background jobs: how to tell it is busy, and how it fails."""

    lifecycle: Lifecycle[Any]
    busy: tuple[str, ...]
    failed: str
    # A busy job without any heartbeat (set busy by hand, or from before heartbeats) is judged
    # by this field instead: stale once it is older than the limit.
    since: str = "created_at"

    @property
    def model(self) -> type[models.Model]:
        return self.lifecycle.model


KINDS: list[JobKind] = []


def register(kind: JobKind) -> JobKind:
    """Makes `recover_jobs` look after this kind of job (called from the app's `ready()`)."""
    if kind not in KINDS:
        KINDS.append(kind)
    return kind


def beat(kind: JobKind, pk: int, *, statuses: Iterable[str] | None = None) -> bool:
    """Records that the worker is alive; False when the job is no longer busy (or no longer in
    `statuses`): recovered as failed or finished meanwhile, so the worker must leave it."""
    field = kind.lifecycle.field
    return bool(
        kind.model._default_manager.filter(
            pk=pk, **{f"{field}__in": list(statuses or kind.busy)}
        ).update(heartbeat_at=timezone.now())
    )


def fail(kind: JobKind, pk: int, *, message: StrOrPromise, **changes: Any) -> bool:
    """Moves a busy job to failed with `message`, trying again for a few seconds when the
    database does not answer. False when it could not (the job is then recovered later by its
    old heartbeat) or when the job was no longer busy."""
    delays = getattr(settings, "JOB_FAIL_RETRY_DELAYS", FAIL_RETRY_DELAYS)
    for attempt in range(len(delays) + 1):
        try:
            job = kind.model._default_manager.only("pk", kind.lifecycle.field).get(pk=pk)
            if getattr(job, kind.lifecycle.field) not in kind.busy:
                return False
            kind.lifecycle.move(job, to=kind.failed, message=str(message), **changes)
            return True
        except TransitionRefused:
            return False
        except DatabaseError:
            logger.warning("could not mark job %s %s failed (attempt %s)", kind.model, pk, attempt)
            if attempt == len(delays):
                break
            _drop_broken_connection()
            time.sleep(delays[attempt])
    return False


def _drop_broken_connection() -> None:
    """A connection that failed is not used again: the next query opens a new one. (Inside an
    atomic block, as in a test, the connection is the block's and stays.)"""
    if not connection.in_atomic_block:
        connection.close()


def stale_before() -> Any:
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)


def is_stale(kind: JobKind, job: models.Model) -> bool:
    """Whether this loaded job is busy without a sign of life for too long (no query)."""
    if getattr(job, kind.lifecycle.field) not in kind.busy:
        return False
    seen = getattr(job, "heartbeat_at", None) or getattr(job, kind.since)
    return bool(seen < stale_before())


def recover_stale(kind: JobKind, *, pks: Iterable[int] | None = None) -> int:
    """Moves every busy job of `kind` (or of those `pks`) whose worker gave no sign of life for
    `JOB_STALE_AFTER_SECONDS` to failed with "The worker stopped; start it again."; returns how
    many. A job without any heartbeat is judged by its `kind.since` field."""
    field = kind.lifecycle.field
    cutoff = stale_before()
    query = kind.model._default_manager.filter(**{f"{field}__in": kind.busy}).filter(
        models.Q(heartbeat_at__lt=cutoff)
        | models.Q(heartbeat_at__isnull=True, **{f"{kind.since}__lt": cutoff})
    )
    if pks is not None:
        query = query.filter(pk__in=list(pks))
    recovered = 0
    for pk in query.values_list("pk", flat=True):
        with transaction.atomic():
            # Read again under the lock: a worker that beat meanwhile keeps its job.
            job = query.select_for_update().filter(pk=pk).only("pk", field).first()
            if job is None:
                continue
            logger.warning("job %s %s: the worker stopped; marked failed", kind.model, pk)
            kind.lifecycle.move(job, to=kind.failed, message=str(STALE_MESSAGE))
            recovered += 1
    return recovered


def recover_all() -> dict[str, int]:
    """`recover_stale` for every registered kind: {model label: jobs recovered}."""
    return {kind.model._meta.label: recover_stale(kind) for kind in KINDS}
