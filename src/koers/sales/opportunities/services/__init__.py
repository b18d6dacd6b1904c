"""Every write of opportunities (decision 14): `<noun>_<verb>`, keyword-only, one transaction."""

from koers.sales.opportunities.services.activities import deal_activity_attach
from koers.sales.opportunities.services.dmu import (
    deal_contact_add,
    deal_contact_remove,
    deal_contact_update,
    opportunity_members_set,
)
from koers.sales.opportunities.services.opportunities import (
    opportunity_competitors_set,
    opportunity_create,
    opportunity_qualify,
    opportunity_room_approve,
    opportunity_update,
)
from koers.sales.opportunities.services.settings import (
    competitor_add,
    competitor_update,
    stage_setting_update,
)
from koers.sales.opportunities.services.stages import (
    opportunity_reopen,
    opportunity_stage_change,
)

__all__ = [
    "competitor_add",
    "competitor_update",
    "deal_activity_attach",
    "deal_contact_add",
    "deal_contact_remove",
    "deal_contact_update",
    "opportunity_competitors_set",
    "opportunity_create",
    "opportunity_members_set",
    "opportunity_qualify",
    "opportunity_reopen",
    "opportunity_room_approve",
    "opportunity_stage_change",
    "opportunity_update",
    "stage_setting_update",
]
