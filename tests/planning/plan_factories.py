"""Account plans for tests, made through the services."""

from __future__ import annotations

from typing import Any

from koers.accounts.models import Account
from koers.core.models import User
from koers.planning.models import AccountPlan
from koers.planning.plans import services


def make_plan(owner: User, account: Account, year: int = 2026, **kwargs: Any) -> AccountPlan:
    """A grow plan from the built-in template (two goals, three actions)."""
    kwargs.setdefault("plan_type", "grow")
    return services.plan_create(actor=owner, account=account, year=year, **kwargs)


def refreshed(plan: AccountPlan) -> AccountPlan:
    return AccountPlan.objects.get(pk=plan.pk)
