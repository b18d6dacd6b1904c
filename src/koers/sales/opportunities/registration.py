"""What opportunities add to the apps they build on: a panel on the account page, the stage
changes on the account's timeline, the choice of a deal when planning an activity and the open
deals in the visit brief. Called from `SalesConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.core.panels import Panel, register
    from koers.relations import brief, links
    from koers.relations.timeline import register_source
    from koers.sales.opportunities.brief import open_opportunities, printed
    from koers.sales.opportunities.services.activities import (
        deal_activity_attach,
        deal_of_activity,
        deal_of_follow_up,
        deal_options,
    )
    from koers.sales.opportunities.timeline import stage_change_page
    from koers.sales.opportunities.views import activity_panel

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
    from koers.sales.quotes.timeline import quote_event_page

    register_source("quotes", _("Quotes"), quote_event_page, "sales/_timeline_quote.html")
    links.register(
        links.ActivityLink(
            name="opportunity",
            label=_("For the opportunity"),
            options=deal_options,
            attach=deal_activity_attach,
            inherit=deal_of_follow_up,
            value=deal_of_activity,
        )
    )
    brief.register(
        brief.Section(
            name="opportunities",
            order=80,
            title=_("Open opportunities"),
            read=open_opportunities,
            template="sales/brief/_opportunities.html",
            printed=printed,
        )
    )
    register(
        Panel(
            page="activity",
            name="deal",
            order=5,
            title=_("Opportunity"),
            url_name="sales:activity_deal",
            shown=activity_panel.shown,
        )
    )
    from koers.correspondence.mails import register_attachments
    from koers.sales.quotes.services.sending import attachments_of

    register_attachments(attachments_of)

    from koers.correspondence.mails import register_text
    from koers.sales.quotes.services.online import link_text

    register_text(link_text)
