"""The live mandate meter: a quote's figures against its owner's mandate and its deal's room,
which rules trigger and who would approve. The same `evaluate` that the send check uses.

    context = mandate_meter(owner=quote.owner, figures=figures, opportunity=quote.opportunity)
    {% include "sales/_mandate_meter.html" with meter=context %}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.sales.figures import QuoteFigures
from koers.sales.mandate import loaders
from koers.sales.mandate.rules import Breach, EffectiveMandate, Verdict, evaluate
from koers.sales.models import Opportunity, ProductGroup

ONE_DECIMAL = Decimal("0.1")


def shown(value: Decimal | None) -> Decimal | None:
    """A percentage as the meter shows it: one decimal."""
    return None if value is None else value.quantize(ONE_DECIMAL)


@dataclass(frozen=True)
class MandateCheck:
    """Everything about one quote's standing: the verdict and its inputs."""

    mandate: EffectiveMandate
    verdict: Verdict
    room: Any
    approvers: list[User]


def mandate_check(
    *,
    owner: User,
    figures: QuoteFigures,
    opportunity: Opportunity | None = None,
    on: date | None = None,
) -> MandateCheck:
    """The verdict for `owner`'s quote with `figures` and who would approve it. Queries: the
    mandate (1-2), the caps (2), and the approvers (1-3) when approval is needed."""
    day = on or timezone.localdate()
    mandate = loaders.effective_mandate(owner, day)
    room = loaders.room_of(opportunity)
    verdict = evaluate(mandate=mandate, figures=figures, room=room, group_caps=loaders.group_caps())
    approvers = loaders.approvers_for(owner, verdict.step_needed, day)
    if verdict.step_needed == "director":
        # In sequence: the manager first, then the director.
        approvers = loaders.approvers_for(owner, "manager", day) + approvers
    return MandateCheck(mandate, verdict, room, approvers)


def _number(value: Decimal | None) -> str:
    """One decimal, in the reader's language (12,5 in Dutch)."""
    return "" if value is None else number_format(value, decimal_pos=1, use_l10n=True)


def group_names(verdict: Verdict) -> dict[int, str]:
    """The names of the product groups whose caps the verdict names (one query, or none)."""
    ids = {b.product_group_id for b in verdict.breaches if b.product_group_id}
    return {g.pk: str(g) for g in ProductGroup.objects.filter(pk__in=ids)} if ids else {}


def breach_text(breach: Breach, groups: dict[int, str]) -> str:
    """The rule a breach breaks, as the account manager reads it."""
    values = {"actual": _number(breach.actual), "limit": _number(breach.limit)}
    if breach.rule == "line_discount":
        return _("Line discount %(actual)s %% is above your %(limit)s %%.") % values
    if breach.rule == "total_discount":
        return _("Discount on the total %(actual)s %% is above your %(limit)s %%.") % values
    if breach.rule == "margin":
        return _("Margin %(actual)s %% is below your %(limit)s %%.") % values
    if breach.rule == "margin_unknown":
        return _("A cost is unknown, so the margin cannot be checked.")
    group = groups.get(breach.product_group_id or 0) or _("its product group")
    return _("Discount %(actual)s %% is above the cap of %(group)s (%(limit)s %%).") % {
        **values,
        "group": group,
    }


def mandate_meter(
    *,
    owner: User,
    figures: QuoteFigures,
    opportunity: Opportunity | None = None,
    on: date | None = None,
) -> dict[str, Any]:
    """The context of `sales/_mandate_meter.html`."""
    check = mandate_check(owner=owner, figures=figures, opportunity=opportunity, on=on)
    verdict = check.verdict
    groups = group_names(verdict)
    return {
        "owner": owner,
        "mandate": check.mandate,
        "room": check.room,
        "verdict": verdict,
        "total_discount": shown(verdict.total_discount),
        "margin": shown(verdict.margin),
        "discount_amount": verdict.discount_amount,
        "net_total": figures.net_total,
        "list_total": verdict.list_total,
        "lines": [
            {
                "key": line.key,
                "discount": shown(verdict.line_discounts[line.key]),
                "net": line.net_amount,
                "breaches": [breach_text(b, groups) for b in verdict.breaches_of_line(line.key)],
            }
            for line in figures.lines
        ],
        "breaches": [
            {"text": breach_text(b, groups), "breach": b, "line": b.line_key}
            for b in verdict.breaches
        ],
        "step": verdict.step_needed,
        "approvers": check.approvers,
    }
