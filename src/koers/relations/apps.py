from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
        register(
            Panel(
                page="account",
                name="timeline",
                order=10,
                title=_("Timeline"),
                url_name="relations:account_timeline",
            )
        )
        register(
            Panel(
                page="account",
                name="recurring-visits",
                order=7,
                title=_("Recurring visits"),
                url_name="relations:account_schedules",
            )
        )
        register(
            Panel(
                page="account",
                name="contact-status",
                order=5,
                title=_("Contact status"),
                url_name="relations:account_contact",
            )
        )
        register(
            Panel(
                page="settings",
                name="calendar",
                order=10,
                title=_("Calendar"),
                url_name="relations:calendar_settings",
            )
        )
        register(
            Panel(
                page="account",
                name="commitments",
                order=7,
                title=_("Open commitments"),
                url_name="relations:account_commitments",
            )
        )
        register(
            Panel(
                page="contact",
                name="commitments",
                order=5,
                title=_("Open commitments"),
                url_name="relations:contact_commitments",
            )
        )
        register(
            Panel(
                page="contact",
                name="timeline",
                order=10,
                title=_("Timeline"),
                url_name="relations:contact_timeline",
            )
        )
