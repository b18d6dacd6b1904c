from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "koers.campaigns"
    label = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self) -> None:
        from koers.accounts.services.privacy import register_erasure_hook, register_source
        from koers.campaigns.event_registration import register_all as register_events
        from koers.campaigns.lead_registration import register_all as register_leads
        from koers.campaigns.lifecycle import MAILING_JOBS
        from koers.campaigns.privacy import SOURCE, erase_contact
        from koers.core import jobs

        jobs.register(MAILING_JOBS)
        register_events()
        register_leads()
        register_erasure_hook("campaigns", erase_contact)
        # What campaigns holds of a person in their personal-data export (right of access).
        register_source(SOURCE)
