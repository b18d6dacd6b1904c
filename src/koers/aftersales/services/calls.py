"""The trajectory of a delivered order: the after-sales call planned on delivery (once), and
the closing with upsell and cross-sell ideas that become opportunities in one click."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.aftersales import queries
from koers.aftersales.models import (
    AfterSales,
    Idea,
    IdeaKind,
)
from koers.aftersales.services.common import (
    MAX_IDEAS,
    STALE_CALL_DAYS,
    acting_owner,
    call_time,
    check_delivered,
    check_may_change,
    field_error,
)
from koers.core.models import User
from koers.core.writes import service
from koers.relations.models import ActivityKind
from koers.relations.services import activity_plan
from koers.sales.models import Opportunity, Order
from koers.sales.opportunities.services import opportunity_create


def aftersales_call_plan(order: Order) -> AfterSales:
    """On delivery (inside the status move's transaction): the after-sales call for the owner,
    `call_after_days` after the delivery. Once per order: a second delivery (after a correction
    by the ERP) plans nothing more. A delivery long past (imported history) plans no call."""
    row, created = AfterSales.objects.select_for_update().get_or_create(
        order=order, defaults={"account_id": order.account_id}
    )
    if not created:
        return row
    days = queries.current_settings().call_after_days
    delivered = order.delivered_on or timezone.localdate()
    due, today = delivered + timedelta(days=days), timezone.localdate()
    if due < today - timedelta(days=STALE_CALL_DAYS):
        return row
    day = max(due, today)
    owner = acting_owner(order)
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        subject = _("After-sales call about order %(number)s") % {"number": order.number}
        instructions = _(
            "Ask whether the delivery went well and whether the customer is satisfied; note "
            "ideas for a next order."
        )
    row.call = activity_plan(
        actor=owner,
        account=order.account,
        kind=ActivityKind.PHONE_CALL,
        subject=subject,
        planned_start=call_time(day),
        duration=15,
        owner=owner,
        instructions=instructions,
    )
    row.save(update_fields=["call"])
    return row


@service
def aftersales_close(
    *, actor: User, order: Order, summary: str = "", ideas: Sequence[tuple[str, str]] = ()
) -> AfterSales:
    """Closes the after-sales of the delivered `order` with how it went and the upsell and
    cross-sell ideas (kind, text). Once: a closed trajectory stays closed."""
    check_may_change(actor, order)
    check_delivered(order, "order")
    row, _created = AfterSales.objects.select_for_update().get_or_create(
        order=order, defaults={"account_id": order.account_id}
    )
    if row.closed_at is not None:
        raise field_error("order", _("The after-sales of this order is closed already."), "status")
    kept = [(kind, text.strip()) for kind, text in ideas if text.strip()]
    if len(kept) > MAX_IDEAS:
        message = _("Give at most %(count)s ideas.") % {"count": MAX_IDEAS}
        raise field_error("ideas", message, "max_length")
    for kind, text in kept:
        if kind not in IdeaKind.values:
            raise field_error("ideas", _("Choose upsell or cross-sell."), "invalid")
        if len(text) > 200:
            raise field_error("ideas", _("Keep each idea under 200 characters."), "max_length")
    row.closed_at, row.closed_by, row.summary = timezone.now(), actor, summary.strip()[:2000]
    row.save(update_fields=["closed_at", "closed_by", "summary"])
    Idea.objects.bulk_create([Idea(after_sales=row, kind=k, text=t) for k, t in kept])
    return row


@service
def idea_to_opportunity(*, actor: User, idea: Idea) -> Opportunity:
    """The idea as a new opportunity of the account (source upsell or cross-sell), once."""
    locked = Idea.objects.select_for_update().select_related("after_sales__order").get(pk=idea.pk)
    order = locked.after_sales.order
    check_may_change(actor, order)
    if locked.opportunity_id is not None:
        message = _("This idea is an opportunity already.")
        raise field_error("idea", message, "status")
    opportunity = opportunity_create(
        actor=actor,
        account=order.account,
        title=locked.text[:200],
        need=_("An idea from the after-sales of order %(number)s.") % {"number": order.number},
        close_on=timezone.localdate() + timedelta(days=90),
        source=locked.kind,
    )
    locked.opportunity = opportunity
    locked.save(update_fields=["opportunity"])
    return opportunity
