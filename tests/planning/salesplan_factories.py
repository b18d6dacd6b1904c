"""Sales plans for tests, made through the services."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from koers.accounts.models import Account
from koers.core.models import User
from koers.planning.models import SalesPlan, SalesProposal
from koers.planning.salesplans import services
from koers.planning.targets.services import TargetRow, target_set


def make_sales_plan(
    owner: User,
    proposals: Sequence[tuple[Account | None, str, str]] = (),
    *,
    year: int = 2026,
    period_kind: str = "year",
    period: int = 1,
) -> SalesPlan:
    """A draft plan with a proposal per (account, expected revenue, cost of the actions)."""
    plan = services.sales_plan_create(
        actor=owner, year=year, period_kind=period_kind, period=period
    )
    for i, (account, revenue, cost) in enumerate(proposals):
        services.proposal_add(
            actor=owner,
            plan=plan,
            title=f"Proposal {i + 1}",
            account=account,
            expected_revenue=Decimal(revenue),
            action_cost=Decimal(cost),
        )
    return refreshed(plan)


def refreshed(plan: SalesPlan) -> SalesPlan:
    return SalesPlan.objects.select_related("owner").get(pk=plan.pk)


def proposals_of(plan: SalesPlan) -> list[SalesProposal]:
    return list(plan.proposals.select_related("plan__owner").order_by("position", "pk"))


def set_target(actor: User, level: str, ids: dict[str, Any], amount: str, **period: Any) -> None:
    """A revenue target of 2026 (the year, unless `period_kind` and `period` say otherwise)."""
    target_set(
        actor=actor,
        row=TargetRow(
            measure="revenue",
            level=level,
            ids={
                "team": None,
                "user": None,
                "account": None,
                "product_group": None,
                "segment": None,
                **ids,
            },
            year=2026,
            period_kind=period.get("period_kind", "year"),
            period=period.get("period", 1),
            amount=Decimal(amount),
        ),
    )
