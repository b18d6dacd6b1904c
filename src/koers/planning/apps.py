from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "koers.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        from koers.planning.analysis import registration as analysis

        analysis.register_all()
