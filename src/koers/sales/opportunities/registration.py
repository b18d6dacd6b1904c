"""What opportunities add to the apps they build on: a panel on the account page, the stage
changes on the account's timeline and the choice of a deal when planning an activity. Called
from `SalesConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.core.panels import Panel, register
    from koers.relations import links
    from koers.relations.timeline import register_source
    from koers.sales.opportunities.services.activities import deal_activity_attach, deal_options
    from koers.sales.opportunities.timeline import stage_change_page

    register(
        Panel(
            page="account",
            name="opportunities",
            order=7,
            title=_("Opportunities"),
            url_name="sales:account_opportunities",
        )
    )
    register_source(
        "opportunities", _("Opportunities"), stage_change_page, "sales/_timeline_stage.html"
    )
    links.register(
        links.ActivityLink(
            name="opportunity",
            label=_("For the opportunity"),
            options=deal_options,
            attach=deal_activity_attach,
        )
    )
