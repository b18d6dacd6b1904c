from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "koers.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from koers.core.panels import PageAction, register_action
        from koers.core.schedule import DailyJob, register_daily

        # Daily, but the week is taken once (the first run in it, normally Monday 01:00):
        # the state at the start of the week, before anyone works the pipeline.
        register_daily(
            DailyJob(
                name="pipeline_snapshot",
                task="koers.insights.tasks.take_pipeline_snapshot",
                hour=1,
            )
        )
        # After the night's jobs (quotes at 1, visits at 4) and before the working day.
        register_daily(
            DailyJob(
                name="insight_subscriptions",
                task="koers.insights.subscriptions.tasks.send_subscriptions",
                hour=6,
            )
        )
        # The account's yearly report, for the review with the customer (decision 141).
        register_action(
            PageAction(
                page="account",
                name="year_report",
                order=40,
                title=_("Year report"),
                url_name="insights:account_review",
            )
        )
