"""What the account plans' writes share: the checks of who may write and decide, the
version bump of a change, the limits of the fields."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.planning.models import (
    AccountPlan,
    PlanningSettings,
    PlanStatus,
)
from koers.planning.plans.lifecycle import PLAN_LIFECYCLE

FIRST_YEAR, LAST_YEAR = 2000, 2199
TEXTS = ("situation", "customer_goals", "dmu_strategy", "agreements", "risks")
AMOUNTS = ("expected_revenue", "investment_hours", "investment_money")
EDITABLE = (*TEXTS, *AMOUNTS, "analysis")
LARGEST = Decimal("9999999999999.99")
GOAL_FIELDS = ("title", "metric", "owner", "branch", "product_group", "contact", "target", "due_on")
ACTION_FIELDS = ("title", "owner", "due_on", "status")
# Plans are reviewed quarterly by default (decision 127).
REVIEW_MONTHS = 3


def months_later(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def planning_settings() -> PlanningSettings:
    return PlanningSettings.objects.filter(pk=1).first() or PlanningSettings(pk=1)


def may_own(user: User) -> bool:
    return access.can_own_plan(user, level_a_gives_input=planning_settings().level_a_gives_input)


def may_write(user: User, plan: AccountPlan) -> bool:
    """Whether `user` may change the plan's content now (not its status)."""
    return plan.editable and may_own(user) and access.can_change_account(user, plan.account)


def _may_write(actor: User, plan: AccountPlan) -> None:
    if not (may_own(actor) and access.can_change_account(actor, plan.account)):
        raise NotAllowed(_("You may not change this plan."))
    # The status as stored, under a lock: a page may hold the plan as it was before a move.
    plan.status = (
        AccountPlan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    )
    if not plan.editable:
        raise _error(
            "status",
            _("This plan is %(status)s and cannot be changed; revise it first.")
            % {"status": plan.get_status_display().lower()},
            "status",
        )


def _touch(plan: AccountPlan) -> None:
    """A change to a plan's content: its version rises, and a returned plan is a draft again."""
    if plan.status == PlanStatus.RETURNED:
        PLAN_LIFECYCLE.move(plan, to=PlanStatus.DRAFT)
    AccountPlan.objects.filter(pk=plan.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    plan.refresh_from_db(fields=["version"])


def _check_amounts(data: Mapping[str, Any]) -> None:
    for name in AMOUNTS:
        value = data.get(name)
        if value is not None and not (0 <= value <= LARGEST):
            raise _error(name, _("Give an amount of 0 or more."))


def _check_analysis(plan_account: Account, analysis: Any) -> None:
    if analysis is not None and analysis.account_id != plan_account.pk:
        raise _error("analysis", _("Choose an analysis of this account."))


def _may_decide(actor: User, plan: AccountPlan) -> None:
    if not (
        access.can_decide_plan_of(actor, plan.owner)
        and access.can_read_account(actor, plan.account)
    ):
        raise NotAllowed(_("Only the manager of the owner's team decides on this plan."))


def may_comment(user: User, plan: AccountPlan) -> bool:
    """Input on a plan: whoever reads it, except marketing."""
    return not access.changes_nothing(user) and access.can_read_account(user, plan.account)
