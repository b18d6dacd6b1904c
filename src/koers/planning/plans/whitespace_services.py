"""The writes of the whitespace grid (docs/decisions.md, 128): a cell's estimated potential,
and an empty cell made a goal of the account's draft plan or an opportunity, through the
services of plans and sales (each one transaction)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.planning.models import (
    AccountPlan,
    GoalMetric,
    PlanGoal,
    WhitespaceDeal,
    WhitespaceEstimate,
)
from koers.planning.plans import services as plan_services
from koers.sales.models import Opportunity, ProductGroup
from koers.sales.opportunities import services as opportunity_services

LARGEST = Decimal("9999999999999.99")


def _error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_group(product_group: ProductGroup) -> None:
    # The codes are the API's (`BEYOND_SCHEMA_CODES`): a subgroup where a main group is asked
    # breaks the two levels; a group no longer used is inactive.
    if product_group.parent_id is not None:
        raise _error("product_group", _("Choose a main product group in use."), "levels")
    if not product_group.active:
        raise _error("product_group", _("Choose a main product group in use."), "inactive")


def may_estimate(user: User, account: Account) -> bool:
    return access.can_change_account(user, account) and not access.changes_nothing(user)


@service
def whitespace_estimate_set(
    *, actor: User, account: Account, product_group: ProductGroup, amount: Decimal | None
) -> WhitespaceEstimate | None:
    """Keeps the estimated potential of one cell; no amount removes the estimate."""
    if not may_estimate(actor, account):
        raise NotAllowed(_("You may not change this account."))
    _check_group(product_group)
    if amount is None:
        WhitespaceEstimate.objects.filter(account=account, product_group=product_group).delete()
        return None
    if not (0 <= amount <= LARGEST):
        raise _error("amount", _("Give an amount of 0 or more."))
    estimate, _created = WhitespaceEstimate.objects.update_or_create(
        account=account,
        product_group=product_group,
        defaults={"amount": amount, "updated_by": actor},
    )
    return estimate


def goal_title(product_group: ProductGroup, row: Account, plan: AccountPlan) -> str:
    if row.pk == plan.account_id:
        return _("Revenue in %(group)s") % {"group": product_group.name}
    return _("Revenue in %(group)s at %(branch)s") % {
        "group": product_group.name,
        "branch": row.name,
    }


def whitespace_goal_add(
    *,
    actor: User,
    plan: AccountPlan,
    row: Account,
    product_group: ProductGroup,
    target: Decimal | None,
) -> PlanGoal:
    """A revenue goal in the cell's product group (of the branch, when the row is one) on the
    plan, through the plans' own `goal_add` (its checks, its one transaction)."""
    _check_group(product_group)
    if row.pk != plan.account_id and row.parent_id != plan.account_id:
        raise _error("branch", _("Choose a branch of this account."))
    return plan_services.goal_add(
        actor=actor,
        plan=plan,
        title=goal_title(product_group, row, plan)[:200],
        metric=GoalMetric.REVENUE,
        product_group=product_group,
        branch=None if row.pk == plan.account_id else row,
        target=target,
    )


@service
def whitespace_opportunity_create(
    *,
    actor: User,
    account: Account,
    row: Account,
    product_group: ProductGroup,
    title: str,
    amount: Decimal | None,
    close_on: date,
) -> Opportunity:
    """An opportunity of the account (for the branch, when the row is one) through sales'
    `opportunity_create`, kept with the cell's product group so that it shows in the cell."""
    _check_group(product_group)
    if not title.strip():
        raise _error("title", _("Give the opportunity a title."), "required")
    if amount is not None and not (0 <= amount <= LARGEST):
        raise _error("amount", _("Give an amount of 0 or more."))
    opportunity = opportunity_services.opportunity_create(
        actor=actor,
        account=account,
        branch=None if row.pk == account.pk else row,
        title=title,
        amount=amount,
        close_on=close_on,
    )
    WhitespaceDeal.objects.create(opportunity=opportunity, product_group=product_group)
    return opportunity
