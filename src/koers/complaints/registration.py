"""What complaints adds to the apps it builds on: panels on the account and contact pages, a
source on their timeline, a source of the person's data (decision 62). Called from
`ComplaintsConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# (page, section id, order, title, URL name)
PANELS = (
    ("account", "complaints", 8, _("Open complaints"), "complaints:account_complaints"),
    ("contact", "complaints", 6, _("Open complaints"), "complaints:contact_complaints"),
)


def register_all() -> None:
    from koers.accounts.services.privacy import register_source as register_personal_data
    from koers.complaints.privacy import SOURCE as PERSONAL_DATA
    from koers.complaints.timeline import step_page
    from koers.core.panels import Panel, register
    from koers.relations.timeline import register_source

    register_source("complaints", _("Complaints"), step_page, "complaints/_timeline_step.html")
    register_personal_data(PERSONAL_DATA)
    for page, name, order, title, url_name in PANELS:
        register(Panel(page=page, name=name, order=order, title=title, url_name=url_name))
