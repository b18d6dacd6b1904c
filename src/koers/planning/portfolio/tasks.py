"""The health scores' daily job (registered in `planning/portfolio/registration.py`)."""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def health_scores(day: str) -> str:
    """Every account's health score for the month of `day`, once a month (idempotent)."""
    from koers.planning.portfolio.jobs import health_scores_compute

    run = health_scores_compute(date.fromisoformat(day))
    return "" if run is None else run.status
