"""Contracts: before an order's contract ends (its notice in days), a renewal opportunity is
created for the owner, once, by a daily job (`core/schedule.py`). The renewal quote follows when
the quotes are merged."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.writes import service
from koers.notifications.services import notify
from koers.sales.models import Opportunity, Order, OrderStatus, Source, Stage
from koers.sales.opportunities.services import opportunity_create

MAX_NOTICE_DAYS = 730


def contracts_due(day: date) -> list[Order]:
    """Contracts whose notice has started by `day`, not ended before it, without a renewal."""
    rows = (
        Order.objects.filter(
            renewal_opportunity__isnull=True,
            renewal_notice_days__isnull=False,
            contract_end__gte=day,
            # The longest notice is two years: the index on the end narrows to these.
            contract_end__lte=day + timedelta(days=MAX_NOTICE_DAYS),
        )
        .exclude(status=OrderStatus.CANCELLED)
        .select_related("account", "owner")
        .order_by("contract_end", "pk")
    )
    return [o for o in rows if _notice_from(o) <= day]


def _notice_from(order: Order) -> date:
    assert order.contract_end is not None  # filtered on
    return order.contract_end - timedelta(days=order.renewal_notice_days or 0)


@service
def order_renewal_create(
    *, actor: None = None, order: Order, day: date, tell_owner: bool = True
) -> Opportunity | None:
    """The renewal opportunity of one contract, for its owner (or the account's owner when
    the owner may no longer change the account); None when it exists already."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.renewal_opportunity_id is not None:
        return None
    owner = order.owner
    if not (owner.is_active and access.can_change_account(owner, order.account)):
        owner = order.account.owner
    end = order.contract_end
    assert end is not None
    opportunity = opportunity_create(
        actor=owner,
        account=order.account,
        branch=order.branch,
        owner=owner,
        title=_("Renewal of contract %(number)s") % {"number": order.number},
        need=_("The contract of order %(number)s ends on %(date)s.")
        % {"number": order.number, "date": end.isoformat()},
        amount=order.net_total,
        close_on=end,
        source=Source.UPSELL,
        stage=Stage.PREPARE,
    )
    Order.objects.filter(pk=order.pk).update(renewal_opportunity=opportunity)
    if not tell_owner:
        return opportunity
    url = reverse("sales:opportunity_detail", args=[opportunity.pk])
    notify(
        actor=None,
        recipients=[owner],
        kind="order_renewal",
        text=lambda: (
            _("The contract of %(account)s ends on %(date)s: a renewal is due.")
            % {"account": order.account.name, "date": end.isoformat()}
        ),
        url=url,
    )
    return opportunity


def renew_contracts(day: date, *, tell_owners: bool = True) -> int:
    """The daily job's work: idempotent (a contract gets its renewal once). `tell_owners`:
    notify (and mail) each owner; the demo leaves it off, as it sends nothing."""
    made = 0
    for order in contracts_due(day):
        created = order_renewal_create(actor=None, order=order, day=day, tell_owner=tell_owners)
        if created is not None:
            made += 1
    return made
