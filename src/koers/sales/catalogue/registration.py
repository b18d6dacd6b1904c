"""What the catalogue adds to the apps it builds on: the customer file's import of products, and
the prices agreed with an account on its page. Called from `SalesConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register_all() -> None:
    from koers.core.panels import Panel, register
    from koers.sales.catalogue.imports import PRODUCTS
    from koers.transfer.kinds import register as register_kind

    register_kind(PRODUCTS)
    register(
        Panel(
            page="account",
            name="agreed-prices",
            order=8,
            title=_("Agreed prices"),
            url_name="sales:account_agreed_prices",
        )
    )
