"""What after-sales adds to the apps it builds on: the call on delivery (a hook in the order's
status move), a panel on the order page and on the account page, and answered surveys on the
account's timeline. Called from `AfterSalesConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.aftersales.services import aftersales_call_plan
    from koers.aftersales.timeline import survey_page
    from koers.core.panels import Panel, register
    from koers.relations.timeline import register_source
    from koers.sales.orders.services.status import on_delivered

    on_delivered(aftersales_call_plan)
    register(
        Panel(
            page="order",
            name="after-sales",
            order=5,
            title=_("After-sales"),
            url_name="aftersales:order_panel",
        )
    )
    register(
        Panel(
            page="account",
            name="surveys",
            order=9,
            title=_("Satisfaction surveys"),
            url_name="aftersales:account_surveys",
        )
    )
    register_source("surveys", _("Surveys"), survey_page, "aftersales/_timeline_survey.html")
