"""What events add to the machinery they build on (decision 139), called from
`CampaignsConfig.ready()`: the daily reminders, and attendance on the contact's and the
account's timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.campaigns.event_queries import attendance_page
    from koers.core.schedule import DailyJob, register_daily
    from koers.relations.timeline import register_source

    # In the morning, so that the reminder arrives on a working day's start.
    register_daily(
        DailyJob(
            name="event_reminders", task="koers.campaigns.event_tasks.send_event_reminders", hour=8
        )
    )
    register_source(
        "events", _("Events attended"), attendance_page, "campaigns/_timeline_attendance.html"
    )
