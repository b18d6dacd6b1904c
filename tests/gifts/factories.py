from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from koers.gifts import services


def record(actor, account, contact, **data: Any):
    data.setdefault("direction", "given")
    data.setdefault("kind", "gift")
    data.setdefault("description", "Bottle of wine")
    data.setdefault("value", Decimal("30.00"))
    data.setdefault("date", date(2026, 12, 1))
    return services.gift_record(actor=actor, account=account, contact=contact, **data)
