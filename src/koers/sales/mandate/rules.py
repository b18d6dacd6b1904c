"""The mandate rules: which rules a quote breaks, and who must approve it (docs/decisions.md,
"The mandate rules"). Pure functions of plain values, no database: `loaders` builds the inputs,
and the quote's send check, the live meter and the API's check all call `evaluate`.

- A line's discount is its discount over its list amount; the discount on the total is the
  whole discount the customer gets (line discounts and the discount on the total) over the
  list total; the margin is (net total - cost total) over the net total.
- A limit is allowed up to and including its value. Beyond the own limit the owner's team
  manager approves; beyond the second threshold ("far beyond") a sales director or an
  administrator approves after the manager.
- A product group's cap limits the discount of each line in that group (manager).
- An unknown cost (a line without a cost price) means the margin cannot be checked: the
  manager approves, so no quote goes out with an unchecked margin.
- The deal's approved negotiation room covers a breach when the quote stays inside the room's
  bound for that rule and the room's approver could have approved the breach (see `_covered`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from koers.sales.figures import LineFigures, QuoteFigures

Step = Literal["none", "manager", "director"]
Rule = Literal["line_discount", "total_discount", "margin", "margin_unknown", "group_cap"]
HUNDRED = Decimal("100")
ZERO = Decimal("0")
_ORDER: dict[Step, int] = {"none": 0, "manager": 1, "director": 2}


@dataclass(frozen=True)
class EffectiveMandate:
    """The limits that hold for one account manager on one day (percentages)."""

    max_line_discount: Decimal
    max_total_discount: Decimal
    min_margin: Decimal
    far_line_discount: Decimal
    far_total_discount: Decimal
    far_min_margin: Decimal
    source: Literal["level", "personal"] = "level"
    level: str = ""
    personal_id: int | None = None


@dataclass(frozen=True)
class DealRoom:
    """The negotiation room a manager approved for a deal; None bounds are not set."""

    max_discount: Decimal | None
    min_margin: Decimal | None
    lowest_price: Decimal | None
    # Approved by a sales director or an administrator: it may cover far-beyond breaches too.
    approved_far: bool = False


@dataclass(frozen=True)
class Breach:
    rule: Rule
    actual: Decimal | None  # a percentage (None: the margin is unknown)
    limit: Decimal
    step: Step  # who must approve it, were the room not there
    line_key: str | None = None
    product_group_id: int | None = None
    covered_by_room: bool = False


@dataclass(frozen=True)
class Verdict:
    breaches: tuple[Breach, ...]
    step_needed: Step
    within_room: bool
    line_discounts: dict[str, Decimal]  # per line key, percent
    total_discount: Decimal  # percent
    margin: Decimal | None  # percent; None when a cost is unknown
    discount_amount: Decimal  # euros: list total - net total
    list_total: Decimal

    @property
    def uncovered(self) -> tuple[Breach, ...]:
        return tuple(b for b in self.breaches if not b.covered_by_room)

    def breaches_of_line(self, key: str) -> tuple[Breach, ...]:
        return tuple(b for b in self.breaches if b.line_key == key)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """`part` of `whole` in percent, unrounded; 0 when there is no whole to speak of."""
    if whole <= ZERO:
        return ZERO
    return part * HUNDRED / whole


def margin_percent(net: Decimal, cost: Decimal | None) -> Decimal | None:
    """The margin over the net amount. Nothing sold for a cost is -100 %; nothing for nothing 0."""
    if cost is None:
        return None
    if net <= ZERO:
        return -HUNDRED if cost > ZERO else ZERO
    return (net - cost) * HUNDRED / net


def _step_above(actual: Decimal, own: Decimal, far: Decimal) -> Step:
    if actual <= own:
        return "none"
    return "director" if actual > far else "manager"


def _step_below(actual: Decimal, own: Decimal, far: Decimal) -> Step:
    if actual >= own:
        return "none"
    return "director" if actual < far else "manager"


def _line_breaches(
    line: LineFigures, mandate: EffectiveMandate, group_caps: dict[int, Decimal]
) -> tuple[Decimal, list[Breach]]:
    pct = percent(line.discount_amount, line.list_amount)
    found = []
    step = _step_above(pct, mandate.max_line_discount, mandate.far_line_discount)
    if step != "none":
        limit = mandate.max_line_discount
        found.append(Breach("line_discount", pct, limit, step, line_key=line.key))
    cap = group_caps.get(line.product_group_id) if line.product_group_id is not None else None
    if cap is not None and pct > cap:
        group = line.product_group_id
        found.append(Breach("group_cap", pct, cap, "manager", line.key, product_group_id=group))
    return pct, found


def _covered(breach: Breach, room: DealRoom | None, figures: QuoteFigures) -> bool:
    """Inside the approved room: the bound for the breach's rule is set and the quote keeps
    it, the room's lowest total price (when set) is kept, and the room's approver could have
    approved this breach (a manager's room never covers a far-beyond one)."""
    if room is None or breach.actual is None:
        return False
    if room.lowest_price is not None and figures.net_total < room.lowest_price:
        return False
    if breach.step == "director" and not room.approved_far:
        return False
    if breach.rule == "margin":
        return room.min_margin is not None and breach.actual >= room.min_margin
    return room.max_discount is not None and breach.actual <= room.max_discount


def _within_room(
    room: DealRoom | None, figures: QuoteFigures, lines: dict[str, Decimal], total: Decimal
) -> bool:
    """Whether the quote keeps every bound the room sets (the meter shows it)."""
    if room is None:
        return False
    if room.lowest_price is not None and figures.net_total < room.lowest_price:
        return False
    if room.max_discount is not None and (
        total > room.max_discount or any(p > room.max_discount for p in lines.values())
    ):
        return False
    if room.min_margin is not None:
        margin = margin_percent(figures.net_total, figures.cost_total)
        if margin is None or margin < room.min_margin:
            return False
    return True


def evaluate(
    *,
    mandate: EffectiveMandate,
    figures: QuoteFigures,
    room: DealRoom | None,
    group_caps: dict[int, Decimal],
) -> Verdict:
    """Every rule the quote breaks (not only the first), and the approval step it needs."""
    breaches: list[Breach] = []
    line_discounts: dict[str, Decimal] = {}
    for line in figures.lines:
        line_discounts[line.key], found = _line_breaches(line, mandate, group_caps)
        breaches.extend(found)
    list_total = sum((line.list_amount for line in figures.lines), ZERO)
    discount = list_total - figures.net_total
    total_pct = percent(discount, list_total)
    step = _step_above(total_pct, mandate.max_total_discount, mandate.far_total_discount)
    if step != "none":
        breaches.append(Breach("total_discount", total_pct, mandate.max_total_discount, step))
    margin = margin_percent(figures.net_total, figures.cost_total)
    if not figures.lines:
        pass  # nothing offered yet: nothing to judge
    elif margin is None:
        breaches.append(Breach("margin_unknown", None, mandate.min_margin, "manager"))
    else:
        step = _step_below(margin, mandate.min_margin, mandate.far_min_margin)
        if step != "none":
            breaches.append(Breach("margin", margin, mandate.min_margin, step))
    judged = tuple(_with_room(b, room, figures) for b in breaches)
    needed: Step = "none"
    for breach in judged:
        if not breach.covered_by_room and _ORDER[breach.step] > _ORDER[needed]:
            needed = breach.step
    return Verdict(
        breaches=judged,
        step_needed=needed,
        within_room=_within_room(room, figures, line_discounts, total_pct),
        line_discounts=line_discounts,
        total_discount=total_pct,
        margin=margin,
        discount_amount=discount,
        list_total=list_total,
    )


def _with_room(breach: Breach, room: DealRoom | None, figures: QuoteFigures) -> Breach:
    if not _covered(breach, room, figures):
        return breach
    return Breach(
        breach.rule,
        breach.actual,
        breach.limit,
        breach.step,
        breach.line_key,
        breach.product_group_id,
        covered_by_room=True,
    )
