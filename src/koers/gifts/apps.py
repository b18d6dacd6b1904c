from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The sections the register adds to other pages: (page, section id, order, title, URL name).
PANELS = (
    ("account", "gifts", 20, _("Gifts and hospitality"), "gifts:account_gifts"),
    ("contact", "gifts", 20, _("Gifts and hospitality"), "gifts:contact_gifts"),
)


class GiftsConfig(AppConfig):
    name = "koers.gifts"
    label = "gifts"
    verbose_name = _("Gifts and hospitality")

    def ready(self) -> None:
        from koers.accounts.services.privacy import register_source as register_personal_data
        from koers.core.panels import Panel, register
        from koers.gifts.privacy import SOURCE as PERSONAL_DATA
        from koers.gifts.timeline import gift_page
        from koers.relations.timeline import register_source

        register_source("gifts", _("Gifts"), gift_page, "gifts/_timeline_gift.html")
        register_personal_data(PERSONAL_DATA)
        for page, name, order, title, url_name in PANELS:
            register(Panel(page=page, name=name, order=order, title=title, url_name=url_name))
