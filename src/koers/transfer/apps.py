from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "koers.transfer"
    label = "transfer"
    verbose_name = _("Import and export")

    def ready(self) -> None:
        from koers.core import jobs
        from koers.transfer.lifecycle import IMPORT_JOBS

        jobs.register(IMPORT_JOBS)
