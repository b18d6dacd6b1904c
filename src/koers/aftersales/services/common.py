"""What the after-sales services share: the refusals, who acts for the order, the times."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.aftersales import queries
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.sales.models import REVENUE_STATUSES, Order

CALL_AT = time(10, 0)
MAX_IDEAS = 10
# A delivery whose call would have been due longer ago than this is history (an ERP importing
# last year's orders): it gets its after-sales row, but no call in the owner's agenda today.
STALE_CALL_DAYS = 14


class SurveyGone(Exception):
    """The link is wrong, used or expired: the public page answers 404 and says no more."""


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def call_time(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, CALL_AT))


def acting_owner(order: Order) -> User:
    """Who plans the order's after-sales: its account manager while they may still change the
    account, else the account's owner (an order outlives a change of owner)."""
    owner = order.owner
    if owner.is_active and access.can_change_account(owner, order.account):
        return owner
    return order.account.owner


def check_may_change(actor: User, order: Order) -> None:
    if not queries.may_change_order(actor, order):
        raise NotAllowed(_("You may not change this order."))


def check_delivered(order: Order, field: str) -> None:
    if order.status not in REVENUE_STATUSES:
        message = _("This can be done once the order is delivered.")
        raise field_error(field, message, "status")
