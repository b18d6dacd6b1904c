"""What opportunities add to the apps they build on: a panel on the account page and the stage
changes on the account's timeline. Called from `SalesConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.core.panels import Panel, register
    from koers.relations.timeline import register_source
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
    from koers.sales.quotes.timeline import quote_event_page

    register_source("quotes", _("Quotes"), quote_event_page, "sales/_timeline_quote.html")
    from koers.correspondence.mails import register_attachments
    from koers.sales.quotes.services.sending import attachments_of

    register_attachments(attachments_of)
