from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The sections relations adds to other pages: (page, section id, order, title, URL name).
PANELS = (
    ("account", "contact-status", 5, _("Contact status"), "relations:account_contact"),
    ("account", "recurring-visits", 7, _("Recurring visits"), "relations:account_schedules"),
    ("account", "commitments", 7, _("Open commitments"), "relations:account_commitments"),
    ("account", "timeline", 10, _("Timeline"), "relations:account_timeline"),
    ("contact", "commitments", 5, _("Open commitments"), "relations:contact_commitments"),
    ("contact", "timeline", 10, _("Timeline"), "relations:contact_timeline"),
    ("settings", "calendar", 10, _("Calendar"), "relations:calendar_settings"),
)


class RelationsConfig(AppConfig):
    name = "koers.relations"
    label = "relations"
    verbose_name = _("Relationship care")

    def ready(self) -> None:
        from koers.accounts.services.privacy import register_source
        from koers.core import list_extensions
        from koers.core.panels import PageAction, Panel, register, register_action
        from koers.core.schedule import DailyJob, register_daily
        from koers.relations import signals  # noqa: F401  (connects the receivers)
        from koers.relations.account_list import EXTENSION
        from koers.relations.brief.sections import register_all as register_brief_sections
        from koers.relations.privacy import SOURCE as PERSONAL_DATA

        register_daily(
            DailyJob(name="daily_digest", task="koers.relations.tasks.send_daily_digests", hour=6)
        )
        # Before the working day, so that the calendar on the phone matches the agenda.
        register_daily(
            DailyJob(name="calendar_sync", task="koers.relations.tasks.sync_calendars", hour=5)
        )

        # Before the digest, so that the visits it plans count as the next planned contact.
        register_daily(
            DailyJob(
                name="recurring_visits",
                task="koers.relations.tasks.plan_recurring_visits",
                hour=4,
            )
        )

        list_extensions.register("accounts", EXTENSION)
        register_source(PERSONAL_DATA)
        register_brief_sections()
        register_action(
            PageAction(
                page="account",
                name="brief",
                order=10,
                title=_("Visit brief"),
                url_name="relations:account_brief",
            )
        )
        for page, name, order, title, url_name in PANELS:
            register(Panel(page=page, name=name, order=order, title=title, url_name=url_name))
