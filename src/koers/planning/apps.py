"""Planning (issues 14 and 15): market signals, the analysis of an account, account plans, and
later the sales plans and their targets. It reads the customer file, relations' activities and
sales' opportunities and orders, and none of them reads it."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "koers.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from koers.planning import registration
        from koers.planning.analysis import registration as analysis
        from koers.planning.plans import registration as plans
        from koers.planning.portfolio import registration as portfolio

        registration.register_all()
        analysis.register_all()
        plans.register_all()
        portfolio.register_all()
