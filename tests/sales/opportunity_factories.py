"""Opportunities for tests, made through the services, brought to any stage."""

from __future__ import annotations

from datetime import date
from typing import Any

from koers.accounts.models import Account
from koers.core.models import User
from koers.sales.models import Competitor, LostReason, Opportunity, Stage
from koers.sales.opportunities import services

CLOSE_ON = date(2026, 9, 30)


def make_competitor(name: str = "Rivaal BV") -> Competitor:
    return Competitor.objects.get_or_create(name=name)[0]


def make_opportunity(
    actor: User, account: Account, stage: str = Stage.PREPARE, **data: Any
) -> Opportunity:
    data.setdefault("title", "New shelving for the stores")
    data.setdefault("close_on", CLOSE_ON)
    open_stage = stage if stage not in (Stage.WON, Stage.LOST) else Stage.NEGOTIATION
    opportunity = services.opportunity_create(
        actor=actor, account=account, stage=open_stage, **data
    )
    if stage == Stage.WON:
        return services.opportunity_stage_change(actor=actor, opportunity=opportunity, to=stage)
    if stage == Stage.LOST:
        return services.opportunity_stage_change(
            actor=actor, opportunity=opportunity, to=stage, lost_reason=LostReason.PRICE
        )
    return opportunity
