from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "koers.correspondence"
    label = "correspondence"
    verbose_name = _("Correspondence")

    def ready(self) -> None:
        from koers.accounts.services.privacy import register_source as register_personal_data
        from koers.core.panels import PageAction, Panel, register, register_action
        from koers.correspondence import signals  # noqa: F401  (connects the receivers)
        from koers.correspondence.privacy import SOURCE as PERSONAL_DATA

        register_personal_data(PERSONAL_DATA)

        register(
            Panel(
                page="account",
                name="correspondence",
                order=9,
                title=_("Mail and letters"),
                url_name="correspondence:account_panel",
            )
        )
        register(
            Panel(
                page="settings",
                name="mail_log",
                order=30,
                title=_("Logging e-mail"),
                url_name="correspondence:log_address",
                shown=_may_write,
            )
        )
        register(
            Panel(
                page="activity",
                name="mail",
                order=10,
                title=_("E-mail"),
                url_name="correspondence:activity_mail",
                shown=_is_mail,
            )
        )
        for page in ("account", "contact"):
            register_action(
                PageAction(
                    page=page,
                    name="write_mail",
                    order=20,
                    title=_("Write an e-mail"),
                    url_name=f"correspondence:{page}_mail_new",
                    shown=_may_write,
                )
            )
            register_action(
                PageAction(
                    page=page,
                    name="write_letter",
                    order=21,
                    title=_("Write a letter"),
                    url_name=f"correspondence:{page}_letter_new",
                    shown=_may_write,
                )
            )


def _may_write(user: Any, obj: Any) -> bool:
    """Marketing reads and writes nothing; the page itself refuses an account one may not
    change."""
    from koers.core import access

    return not access.changes_nothing(user)


def _is_mail(user: Any, activity: Any) -> bool:
    return bool(activity.kind == "email")
