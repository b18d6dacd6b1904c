"""Relationship care objects for tests, made through the services as users make them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from koers.accounts.models import Account
from koers.core.models import User
from koers.relations import services
from koers.relations.models import Activity, ActivityKind


def at(day: str, hour: int = 10) -> datetime:
    """An aware datetime in the site's time zone: `at("2026-12-07", 9)`."""
    return timezone.make_aware(datetime.fromisoformat(day) + timedelta(hours=hour))


def plan(actor: User, account: Account, **data: Any) -> Activity:
    data.setdefault("kind", ActivityKind.VISIT)
    data.setdefault("subject", "Quarterly review")
    data.setdefault("planned_start", at("2026-12-07"))
    return services.activity_plan(actor=actor, account=account, **data)
