from django.urls import path

from koers.relations.views import (
    activities,
    agenda,
    brief,
    calendar,
    feed,
    norms,
    reports,
    timeline,
)

app_name = "relations"
urlpatterns = [
    path("agenda/", agenda.my_day, name="my_day"),
    path("agenda/week/", agenda.my_week, name="my_week"),
    path("agenda/accounts-due/", norms.accounts_due, name="accounts_due"),
    path("accounts/<int:pk>/contact-status/", norms.account_contact_panel, name="account_contact"),
    path("accounts/<int:pk>/contact-norm/", norms.account_norm, name="account_norm"),
    path("settings/contact-norms/", norms.norm_settings, name="norm_settings"),
    path("reports/", feed.report_feed, name="report_feed"),
    path("accounts/<int:pk>/brief/", brief.account_brief, name="account_brief"),
    path("accounts/<int:pk>/brief.pdf", brief.account_brief_pdf, name="account_brief_pdf"),
    path("activities/<int:pk>/brief/", brief.activity_brief, name="activity_brief"),
    path("activities/<int:pk>/brief.pdf", brief.activity_brief_pdf, name="activity_brief_pdf"),
    path("activities/new/", activities.activity_plan, name="activity_plan"),
    path("activities/<int:pk>/", reports.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/report/", reports.report_write, name="report_write"),
    path(
        "activities/<int:pk>/report/next-step/",
        reports.report_next_step,
        name="report_next_step",
    ),
    path(
        "activities/<int:pk>/report/commitments/",
        reports.report_commitment,
        name="report_commitment",
    ),
    path("activities/<int:pk>/report/comments/", reports.report_comment, name="report_comment"),
    path("activities/<int:pk>/complete/", activities.activity_complete, name="activity_complete"),
    path("activities/<int:pk>/cancel/", activities.activity_cancel, name="activity_cancel"),
    path(
        "activities/<int:pk>/reinstate/",
        activities.activity_reinstate,
        name="activity_reinstate",
    ),
    path("activities/<int:pk>/snooze/", activities.activity_snooze, name="activity_snooze"),
    path(
        "activities/<int:pk>/reschedule/",
        activities.activity_reschedule,
        name="activity_reschedule",
    ),
    path("accounts/<int:pk>/timeline/", timeline.account_timeline, name="account_timeline"),
    path("accounts/<int:pk>/activities/log/", timeline.activity_log, name="activity_log"),
    path("contacts/<int:pk>/timeline/", timeline.contact_timeline, name="contact_timeline"),
    path("settings/calendar/", calendar.calendar_settings, name="calendar_settings"),
    path("settings/calendar/feed/", calendar.calendar_feed_action, name="calendar_feed_action"),
    path("settings/calendar/sync/", calendar.calendar_sync_save, name="calendar_sync_save"),
    path("settings/calendar/sync/now/", calendar.calendar_sync_now, name="calendar_sync_now"),
    path("settings/calendar/sync/off/", calendar.calendar_sync_off, name="calendar_sync_off"),
    path("calendar/<slug:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
