"""What leads and responses add to the apps campaigns builds on (decision 140): the campaigns a
user may name as an opportunity's source, and the responses on the contact's and the account's
timeline. Called from `CampaignsConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.campaigns.queries import campaigns_readable
    from koers.campaigns.timeline import response_page
    from koers.relations.timeline import register_source
    from koers.sales.opportunities import campaign_link

    campaign_link.register(campaigns_readable)
    register_source(
        "campaign_responses",
        _("Campaign responses"),
        response_page,
        "campaigns/_timeline_response.html",
    )
