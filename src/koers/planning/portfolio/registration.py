"""What the portfolio adds to other apps' pages and to the jobs (without them knowing it): the
health panel on the account page, the monthly health scores as a daily job and as a job kind
that `recover_jobs` looks after. Called from `PlanningConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.core import jobs
    from koers.core.panels import Panel, register
    from koers.core.schedule import DailyJob, register_daily
    from koers.planning.portfolio.jobs import HEALTH_JOBS

    register(
        Panel(
            page="account",
            name="health",
            order=14,
            title=_("Account health"),
            url_name="planning:account_health",
        )
    )
    register_daily(
        DailyJob(name="health_scores", task="koers.planning.portfolio.tasks.health_scores", hour=5)
    )
    jobs.register(HEALTH_JOBS)
