from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "koers.proposals"
    label = "proposals"
    verbose_name = _("Improvement proposals")

    def ready(self) -> None:
        from koers.proposals import registration

        registration.register_all()
