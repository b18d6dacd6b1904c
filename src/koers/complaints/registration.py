"""What complaints adds to the pages of the apps it builds on: panels on the account and contact
pages, a source on their timeline. Called from `ComplaintsConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (page, section id, order, title, URL name)
PANELS = (
    ("account", "complaints", 8, _("Open complaints"), "complaints:account_complaints"),
    ("contact", "complaints", 6, _("Open complaints"), "complaints:contact_complaints"),
)


def register_all() -> None:
    from koers.complaints.timeline import step_page
    from koers.core.panels import Panel, register
    from koers.relations.timeline import register_source

    register_source("complaints", _("Complaints"), step_page, "complaints/_timeline_step.html")
    for page, name, order, title, url_name in PANELS:
        register(Panel(page=page, name=name, order=order, title=title, url_name=url_name))
