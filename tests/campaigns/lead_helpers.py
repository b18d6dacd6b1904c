"""A trade fair running today, for recording leads over the hand-made file."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koers.campaigns import lead_services, services
from koers.campaigns.lead_models import Lead
from koers.campaigns.models import Campaign


def make_fair(people: Any, name: str = "Vakbeurs", **data: Any) -> Campaign:
    today = timezone.localdate()
    values = {
        "name": name,
        "kind": "trade_fair",
        "starts_on": today,
        "ends_on": today + timedelta(days=1),
        "owner": people.mark,
        "budget": Decimal("5000"),
        "actual_cost": Decimal("4000"),
    }
    values.update(data)
    return services.campaign_create(actor=people.mark, data=values)


def record(actor: Any, fair: Campaign, **data: Any) -> Lead:
    values: dict[str, Any] = {
        "name": "Piet Nieuw",
        "company": "Nieuw BV",
        "need": "Nieuwe ovens",
        "follow_up_on": timezone.localdate() + timedelta(days=2),
    }
    values.update(data)
    return lead_services.lead_record(actor=actor, campaign=fair, **values)
