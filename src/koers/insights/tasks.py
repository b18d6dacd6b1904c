"""The insights' weekly job, run as a daily job (registered in `InsightsConfig.ready()`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def take_pipeline_snapshot(day: str) -> int:
    """The pipeline snapshot of the week holding `day`, taken once per ISO week (a retry, or
    any later day of the same week, does nothing); returns the open deals recorded."""
    from koers.insights.snapshots import snapshot_take

    return snapshot_take(day=date.fromisoformat(day)).opportunities
