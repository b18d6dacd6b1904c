"""Organisation-wide sales actions (a promotion, a new product): defined by a manager,
marketing or an administrator; worked out by each account manager in a proposal of their plan
(docs/decisions.md, 125). One transaction each."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.planning.models import SalesAction
from koers.planning.salesplans import queries
from koers.planning.salesplans.services import error


@service
def sales_action_save(
    *,
    actor: User,
    action: SalesAction | None = None,
    name: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
    segment: Any = None,
    product_groups: Iterable[Any] = (),
) -> SalesAction:
    """Makes (`action` None) or changes an organisation-wide action."""
    if not queries.may_define_actions(actor):
        raise NotAllowed(_("Managers and marketing define organisation-wide actions."))
    name = (name or "").strip()[:200]
    if not name:
        raise error("name", _("Name the action."), "required")
    if ends_on < starts_on:
        raise error("ends_on", _("The action ends on or after its start."), "dates_order")
    row = action or SalesAction(created_by=actor)
    row.name, row.starts_on, row.ends_on = name, starts_on, ends_on
    row.description = (description or "").strip()
    row.segment = segment
    row.save()
    row.product_groups.set(list(product_groups))
    return row
