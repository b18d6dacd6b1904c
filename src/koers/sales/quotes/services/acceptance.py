"""The customer's answer to a sent version: accepted (the opportunity won and the order made
from the version, in one transaction) or declined (the opportunity left open to revise, or
lost with its reason). Decision 107.

The order's lines are the quote's counted lines with the quote's own figures
(`quotes/totals.py`): each line's net after its discount, less its share of the discount on the
total, and its share of its VAT rate's VAT, both spread in whole cents (`money.spread`), so the
order's net and VAT are the quote's to the cent and nothing is computed a second way.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.core.writes import service
from koers.relations.services.people import account_people
from koers.sales.models import (
    Competitor,
    LostReason,
    Order,
    OrderLine,
    OrderSource,
    QuoteEventKind,
    QuoteLine,
    QuoteStatus,
    QuoteVersion,
    Stage,
)
from koers.sales.money import cents, spread
from koers.sales.opportunities.services import opportunity_stage_change
from koers.sales.orders.services import order_create
from koers.sales.orders.services.orders import refresh_totals
from koers.sales.quotes import queries
from koers.sales.quotes.lifecycle import QUOTE_LIFECYCLE
from koers.sales.quotes.services.approvals import close_pending
from koers.sales.quotes.services.common import field_error, may_change, recompute, record
from koers.sales.quotes.services.taken import check_taken
from koers.sales.quotes.services.transitions import locked, supersede
from koers.sales.quotes.totals import Totals

S = QuoteStatus
ZERO = Decimal("0.00")

# What happens to the opportunity when the customer declines.
KEEP_OPEN = "open"
LOSE = "lost"
OUTCOMES = (KEEP_OPEN, LOSE)


@dataclass(frozen=True)
class Contract:
    """A sales contract on the order (recurring business): its period and the notice in days
    before its end at which the renewal opportunity is made (`orders/services/contracts.py`)."""

    start: date | None = None
    end: date | None = None
    renewal_notice_days: int | None = None


def _check_accepted_on(version: QuoteVersion, accepted_on: date) -> None:
    if accepted_on > timezone.localdate():
        raise field_error("accepted_on", _("This date cannot be in the future."), "future")
    if accepted_on > version.valid_until:
        message = _("The quote was valid until %(date)s: the customer agreed too late.") % {
            "date": version.valid_until.strftime("%d-%m-%Y")
        }
        raise field_error("accepted_on", message, "expired")


def _already_accepted(version: QuoteVersion) -> None:
    if version.status == S.ACCEPTED or Order.objects.filter(quote_version=version).exists():
        order = Order.objects.filter(quote_version=version).values_list("number", flat=True)
        message = _("This quote was accepted already (order %(number)s).") % {
            "number": order.first() or "—"
        }
        raise field_error("status", message, "status")


def _choose(version: QuoteVersion, chosen_lines: Collection[int] | None) -> Totals:
    """Ticks the optional lines the customer chose (and unticks the rest), then stores the
    version's totals as they now are: the accepted version is what the customer took."""
    lines = queries.lines_of(version)
    if chosen_lines is not None:
        optional = {line.pk: line for line in lines if line.optional}
        unknown = set(chosen_lines) - set(optional)
        if unknown:
            message = _("Choose only optional lines of this quote.")
            raise field_error("chosen_lines", message, "invalid")
        judged = {pk for pk, line in optional.items() if line.chosen}
        for pk, line in optional.items():
            line.chosen = pk in chosen_lines
        check_taken(version, lines, judged)
        QuoteLine.objects.bulk_update(list(optional.values()), ["chosen"])
    try:
        return recompute(version)
    except ValidationError as error:
        # Only when the fixed discount on the total is above what is left of the subtotal.
        message = _("With these optional lines the discount on the total is above the subtotal.")
        raise field_error("chosen_lines", message, "range") from error


def _shares(
    counted: list[tuple[QuoteLine, Decimal]], totals: Totals
) -> dict[int, tuple[Decimal, Decimal]]:
    """Per quote line: its share of the discount on the total and of its rate's VAT."""
    out: dict[int, tuple[Decimal, Decimal]] = {}
    for rate in totals.vat_lines:
        of_rate = [(line, net) for line, net in counted if line.vat_percentage == rate.percentage]
        discounts = spread(rate.discount, [net for _line, net in of_rate])
        bases = [net - d for (_line, net), d in zip(of_rate, discounts, strict=True)]
        vats = spread(rate.vat, bases)
        for (line, _net), d, v in zip(of_rate, discounts, vats, strict=True):
            out[line.pk] = (d, v)
    return out


def _order_lines(order: Order, version: QuoteVersion, totals: Totals) -> list[OrderLine]:
    counted = [(line, totals.line(str(line.pk))) for line in queries.lines_of(version)]
    counted = [(line, out) for line, out in counted if out.counted]
    shares = _shares([(line, out.net) for line, out in counted], totals)
    rows = []
    for position, (line, out) in enumerate(counted):
        share, vat = shares[line.pk]
        product = line.product
        unit_cost = line.cost_price
        if unit_cost is None:
            unit_cost = product.cost_price if product is not None else ZERO
        fixed = out.discount if line.discount_amount is not None else ZERO
        rows.append(
            OrderLine(
                order=order,
                product=product,
                product_group_id=product.group_id if product is not None else None,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount=line.discount_percent or Decimal("0"),
                discount_amount=fixed + share,
                unit_cost=unit_cost,
                vat_percentage=line.vat_percentage,
                net=out.net - share,
                cost=out.cost if out.cost is not None else cents(line.quantity * unit_cost),
                vat=vat,
                position=position,
            )
        )
    return rows


def _order_owner(version: QuoteVersion) -> User | None:
    """The quote's owner, unless they left the account since (then the account's owner)."""
    owner = version.quote.owner
    still_on = owner.is_active and owner.pk in account_people(version.quote.account)
    return owner if still_on else None


def _make_order(
    actor: User, version: QuoteVersion, totals: Totals, reference: str, contract: Contract
) -> Order:
    quote = version.quote
    order = order_create(
        actor=actor,
        account=quote.account,
        owner=_order_owner(version),
        customer_reference=reference,
        source=OrderSource.QUOTE,
        opportunity=quote.opportunity,
        contract_start=contract.start,
        contract_end=contract.end,
        renewal_notice_days=contract.renewal_notice_days,
        quote_version=version,
    )
    OrderLine.objects.bulk_create(_order_lines(order, version, totals))
    refresh_totals(order)
    order.total_discount = totals.discount
    Order.objects.filter(pk=order.pk).update(total_discount=totals.discount)
    return order


def _win(actor: User, version: QuoteVersion, accepted_on: date) -> None:
    opportunity = version.quote.opportunity
    if opportunity.stage == Stage.WON:
        return
    if opportunity.stage == Stage.LOST:
        message = _("The opportunity is lost: a manager reopens it before the quote is accepted.")
        raise field_error("status", message, "status")
    opportunity_stage_change(
        actor=actor,
        opportunity=opportunity,
        to=Stage.WON,
        won_on=accepted_on,
        note=_("Quote %(quote)s accepted.") % {"quote": str(version)},
    )


@service
def quote_accept(
    *,
    actor: User,
    version: QuoteVersion,
    accepted_by_name: str,
    customer_reference: str = "",
    accepted_on: date | None = None,
    chosen_lines: Collection[int] | None = None,
    contract: Contract | None = None,
) -> QuoteVersion:
    """The customer agreed to this sent version (on `accepted_on`, by default today, within its
    validity), with the optional lines in `chosen_lines` (None: as ticked). Every other open
    version of the quote is superseded by it, the opportunity is won and the order is made,
    all in this one transaction (`version.orders` holds the order made)."""
    may_change(actor, version)
    version = locked(version)
    _already_accepted(version)
    accepted_on = accepted_on or timezone.localdate()
    if S.ACCEPTED not in QUOTE_LIFECYCLE.targets(version.status):
        QUOTE_LIFECYCLE.check(version, to=S.ACCEPTED)  # the status's own refusal
    name = accepted_by_name.strip()[:200]
    if not name:
        raise field_error("accepted_by_name", _("Name who agreed at the customer."), "required")
    _check_accepted_on(version, accepted_on)
    totals = _choose(version, chosen_lines)
    reference = customer_reference.strip()[:100]
    QUOTE_LIFECYCLE.move(
        version,
        to=S.ACCEPTED,
        accepted_by_name=name,
        accepted_on=accepted_on,
        customer_reference=reference,
        decided_at=timezone.now(),
    )
    others = QuoteVersion.objects.filter(quote_id=version.quote_id, superseded_by__isnull=True)
    for other in others.exclude(pk=version.pk):
        if other.is_open:
            supersede(other, version, actor)
    record(version, QuoteEventKind.ACCEPTED, actor, name)
    _win(actor, version, accepted_on)
    _make_order(actor, version, totals, reference, contract or Contract())
    return version


def _lose(
    actor: User,
    version: QuoteVersion,
    reason: str,
    lost_reason: str,
    lost_to: Competitor | None,
) -> None:
    opportunity = version.quote.opportunity
    if opportunity.stage == Stage.LOST:
        return
    if not lost_reason:
        raise field_error("lost_reason", _("Choose why the opportunity was lost."), "needs_field")
    if lost_reason not in LostReason.values:
        raise field_error("lost_reason", _("Choose a reason from the list."), "invalid")
    opportunity_stage_change(
        actor=actor,
        opportunity=opportunity,
        to=Stage.LOST,
        lost_reason=lost_reason,
        lost_to=lost_to,
        lost_note=reason,
        note=_("Quote %(quote)s declined.") % {"quote": str(version)},
    )


@service
def quote_decline(
    *,
    actor: User,
    version: QuoteVersion,
    reason: str,
    opportunity: str = KEEP_OPEN,
    lost_reason: str = "",
    lost_to: Competitor | None = None,
) -> QuoteVersion:
    """The customer declined this sent version, for `reason`. `opportunity`: `open` leaves the
    deal open (to revise the quote), `lost` loses it with `lost_reason` from the list (and the
    competitor who won, when that is the reason)."""
    may_change(actor, version)
    if opportunity not in OUTCOMES:
        message = _("Choose whether the opportunity stays open or is lost.")
        raise field_error("opportunity", message, "invalid")
    version = locked(version)
    QUOTE_LIFECYCLE.move(
        version, to=S.DECLINED, decline_reason=reason.strip(), decided_at=timezone.now()
    )
    record(version, QuoteEventKind.DECLINED, actor, reason.strip())
    if opportunity == LOSE:
        _lose(actor, version, reason.strip(), lost_reason, lost_to)
        _close_variants(actor, version, reason.strip())
    return version


def _close_variants(actor: User, version: QuoteVersion, reason: str) -> None:
    """The deal is lost: the other open versions of the quote go with it, a sent one declined
    with the same reason, one in review or approval superseded by the declined one, a draft
    withdrawn (each noting the reason), so no variant can still be accepted (or approved, or
    sent) for a lost deal."""
    others = (
        QuoteVersion.objects.select_for_update()
        .filter(quote_id=version.quote_id, superseded_by__isnull=True)
        .exclude(pk=version.pk)
        .order_by("number", "variant", "pk")
    )
    note = _("Declined with %(version)s: %(reason)s") % {"version": version.label, "reason": reason}
    for other in others:
        if not other.is_open:
            continue
        if other.status == S.SENT:
            QUOTE_LIFECYCLE.move(
                other, to=S.DECLINED, decline_reason=reason, decided_at=timezone.now()
            )
            record(other, QuoteEventKind.DECLINED, actor, note)
        elif S.SUPERSEDED in QUOTE_LIFECYCLE.targets(other.status):
            QUOTE_LIFECYCLE.move(
                other, to=S.SUPERSEDED, superseded_by=version, decline_reason=reason
            )
            close_pending(other)
            record(other, QuoteEventKind.SUPERSEDED, actor, note)
        else:  # a draft (never seen by anyone) is withdrawn: the table has no other way out
            QUOTE_LIFECYCLE.move(
                other,
                to=S.WITHDRAWN,
                withdraw_reason=note,
                withdrawn_at=timezone.now(),
                decline_reason=reason,
            )
            record(other, QuoteEventKind.WITHDRAWN, actor, note)
