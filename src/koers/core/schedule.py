"""Daily jobs: what the task worker has no scheduler for.

An app registers a daily job in its `ready()`: a django-tasks task that takes the day
(`day="2026-12-07"`) and does that day's work idempotently (run twice for one day, it does the
work once), and the local hour from which it is due. `manage.py scheduler` (started by
`make run`; its own service in production) calls `enqueue_due()` every minute: each due job is
claimed under a row lock on its `ScheduledRun` and enqueued in the same transaction, so two
schedulers never start it twice, and a job missed while the scheduler was down is started when
it comes back (once, for today).
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from koers.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DailyJob:
    name: str
    task: str  # dotted path of a django-tasks task taking `day` (ISO date)
    hour: int = 6  # due from this local hour

    def load(self) -> Any:
        module, _, attribute = self.task.rpartition(".")
        return getattr(importlib.import_module(module), attribute)


DAILY: dict[str, DailyJob] = {}


def register_daily(job: DailyJob) -> None:
    DAILY[job.name] = job


def enqueue_due(now: datetime | None = None) -> list[str]:
    """Enqueues every daily job due at `now` that has not started today; returns their names."""
    now = timezone.localtime(now or timezone.now())
    today = now.date()
    started = []
    for job in DAILY.values():
        if now.hour < job.hour:
            continue
        ScheduledRun.objects.get_or_create(name=job.name)
        with transaction.atomic():
            run = ScheduledRun.objects.select_for_update().get(name=job.name)
            if run.last_day is not None and run.last_day >= today:
                continue
            run.last_day = today
            run.last_started_at = timezone.now()
            run.save()
            job.load().enqueue(day=today.isoformat())
        logger.info("started daily job %s for %s", job.name, today)
        started.append(job.name)
    return started


def run_now(name: str, day: date) -> None:
    """Runs a daily job for `day` in this process (an operator's retry); idempotent as always."""
    DAILY[name].load().call(day=day.isoformat())
