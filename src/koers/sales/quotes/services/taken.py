"""Optional lines taken at acceptance, against what was approved (issue 13, decision 121).

The review and the mandate judged the version with its optional lines as they were ticked
then (they count only once chosen, decision 97). Taking more may raise the discount or lower
the margin. The acceptance is then refused, naming the lines, when the version with them
breaks a rule of the mandate further than the version as it was judged did, or further than an
approver allowed:

- each rule broken now must have been broken as far or further, either by the version as it
  was judged or in the figures an approver approved (the rows of `QuoteApproval` keep
  them, decision 106). A line's discount is compared with the highest line discount judged
  (an optional line at the 15 % an approver allowed on another line is taken), a product
  group's cap per group;
- the deal's negotiation room covers a breach as it always does (`evaluate`).

So an optional line within the owner's mandate is always taken, and a version approved at 12 %
discount is not accepted at 18 %. Refusing (rather than asking approval again) keeps the
acceptance one transaction: the customer is told which lines to untick, or asks for a change.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from koers.sales.mandate.meter import mandate_check
from koers.sales.mandate.rules import Breach
from koers.sales.models import ApprovalStatus, QuoteApproval, QuoteLine, QuoteVersion
from koers.sales.quotes.services.common import field_error, totals_of
from koers.sales.quotes.totals import figures

TENTH = Decimal("0.1")
# Rules where a lower number is worse (the others: a higher number is worse).
LOWER_IS_WORSE = frozenset({"margin"})
Key = tuple[str, int | None]


def _breaches(version: QuoteVersion, lines: list[QuoteLine]) -> tuple[Breach, ...]:
    quote = version.quote
    totals = totals_of(
        version,
        lines,
        discount_percent=version.discount_percent,
        discount_amount=version.discount_amount,
    )
    check = mandate_check(owner=quote.owner, figures=figures(totals), opportunity=quote.opportunity)
    return check.verdict.uncovered


def _actual(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(TENTH)


def _keep(allowed: dict[Key, Decimal | None], rule: str, group: int | None, actual: Any) -> None:
    """The furthest value allowed for (rule, product group): the worst seen (None: an unknown
    margin)."""
    value = None if actual is None else Decimal(str(actual)).quantize(TENTH)
    key = (rule, group)
    before = allowed.get(key)
    if before is None or value is None:
        allowed[key] = value
        return
    allowed[key] = min(before, value) if rule in LOWER_IS_WORSE else max(before, value)


def _allowed(version: QuoteVersion, without: list[QuoteLine]) -> dict[Key, Decimal | None]:
    allowed: dict[Key, Decimal | None] = {}
    for breach in _breaches(version, without):
        _keep(allowed, breach.rule, breach.product_group_id, _actual(breach.actual))
    approved = QuoteApproval.objects.filter(
        quote_version=version, status=ApprovalStatus.APPROVED
    ).values_list("breaches", flat=True)
    for stored in approved:
        for breach in stored or []:
            _keep(allowed, breach["rule"], breach.get("product_group"), breach.get("actual"))
    return allowed


def _within(breach: Breach, allowed: dict[Key, Decimal | None]) -> bool:
    key: Key = (breach.rule, breach.product_group_id)
    if key not in allowed:
        return False
    limit, actual = allowed[key], _actual(breach.actual)
    if limit is None or actual is None:
        return limit is None and actual is None  # an unknown margin, allowed as unknown
    return actual >= limit if breach.rule in LOWER_IS_WORSE else actual <= limit


def check_taken(version: QuoteVersion, lines: list[QuoteLine], judged: Collection[int]) -> None:
    """Refuses (a ValidationError on `chosen_lines`) when the optional lines chosen in `lines`
    take the version beyond what its mandate and its approval allowed. `judged`: the optional
    lines that were chosen when the version was reviewed and approved (as stored)."""
    taken = [line for line in lines if line.optional and line.chosen and line.pk not in judged]
    if not taken:
        return
    for line in taken:  # the version as it was judged
        line.chosen = False
    try:
        allowed = _allowed(version, lines)
    finally:
        for line in taken:
            line.chosen = True
    beyond = [b for b in _breaches(version, lines) if not _within(b, allowed)]
    if not beyond:
        return
    keys = {b.line_key for b in beyond}
    # A line's own breach names that line; a breach of the whole names every line taken.
    named = [line for line in taken if str(line.pk) in keys] if None not in keys else taken
    names = ", ".join(f"“{line.description}”" for line in named or taken)
    message = _(
        "%(lines)s cannot be taken at the quoted prices without a new approval: untick them, "
        "or ask for a new version."
    ) % {"lines": names}
    raise field_error("chosen_lines", message, "beyond_approval")
