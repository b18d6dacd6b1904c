from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "koers.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self) -> None:
        from koers.sales.catalogue import registration as catalogue
        from koers.sales.mandate import registration as mandate_registration
        from koers.sales.opportunities import registration
        from koers.sales.orders import registration as order_registration
        from koers.sales.orders.imports import ORDERS
        from koers.sales.quotes import registration as quote_registration
        from koers.transfer.kinds import register

        register(ORDERS)
        catalogue.register_all()
        registration.register_all()
        mandate_registration.register_all()
        order_registration.register_all()
        quote_registration.register_all()
