"""What the quote services share: the checks, the recomputed totals, the history row."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.sales.models import QuoteEvent, QuoteLine, QuoteStatus, QuoteVersion
from koers.sales.quotes import queries
from koers.sales.quotes.totals import LineIn, Totals, TotalsError, compute


def field_error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def may_change(actor: User, version: QuoteVersion) -> None:
    if not queries.may_change(actor, version):
        raise NotAllowed(_("You may not change this quote."))


def check_draft(version: QuoteVersion) -> None:
    """Only a draft changes: what went to review, was approved or sent stays as it was."""
    if version.status != QuoteStatus.DRAFT:
        message = _("This version is %(status)s and can no longer change: make a new version.") % {
            "status": version.get_status_display().lower()
        }
        raise field_error("status", message, "status")


def default_valid_until() -> date:
    return timezone.localdate() + timedelta(days=queries.settings().validity_days)


def record(
    version: QuoteVersion,
    kind: str,
    actor: User | None,
    note: str = "",
    waited_seconds: int | None = None,
) -> QuoteEvent:
    return QuoteEvent.objects.create(
        quote_id=version.quote_id,
        quote_version=version,
        account_id=version.quote.account_id,
        kind=kind,
        by=actor,
        at=timezone.now(),
        note=note[:4000],
        waited_seconds=waited_seconds,
    )


def line_input(line: QuoteLine) -> LineIn:
    return LineIn(
        key=str(line.pk),
        quantity=line.quantity,
        unit_price=line.unit_price,
        vat_percentage=line.vat_percentage,
        list_price=line.list_price,
        discount_percent=line.discount_percent,
        discount_amount=line.discount_amount,
        cost_price=line.cost_price,
        counted=line.counted,
        group=str(line.group_id),
        product_group_id=line.product.group_id if line.product else None,
    )


def totals_of(
    version: QuoteVersion,
    lines: list[QuoteLine],
    *,
    discount_percent: Decimal | None = None,
    discount_amount: Decimal | None = None,
) -> Totals:
    try:
        return compute(
            [line_input(line) for line in lines],
            discount_percent=discount_percent,
            discount_amount=discount_amount,
        )
    except TotalsError as error:
        # The line checks come first; what is left is a discount on the total above the new
        # subtotal (after a line was removed or lowered).
        message = _("The discount on the total is more than the subtotal: lower it first.")
        raise field_error("discount_amount", message, "range") from error


def recompute(version: QuoteVersion) -> Totals:
    """Stores the lines' amounts and the version's totals from its lines as they are now."""
    lines = queries.lines_of(version)
    totals = totals_of(
        version,
        lines,
        discount_percent=version.discount_percent,
        discount_amount=version.discount_amount,
    )
    changed = []
    for line in lines:
        net = totals.line(str(line.pk)).net
        if line.net_amount != net:
            line.net_amount = net
            changed.append(line)
    QuoteLine.objects.bulk_update(changed, ["net_amount"])
    version.subtotal = totals.subtotal
    version.total_discount = totals.discount
    version.net_total = totals.net
    version.vat_total = totals.vat
    version.gross_total = totals.gross
    version.cost_total = totals.cost
    version.margin_total = totals.margin
    version.margin_percent = totals.margin_percent
    QuoteVersion.objects.filter(pk=version.pk).update(
        subtotal=totals.subtotal,
        total_discount=totals.discount,
        net_total=totals.net,
        vat_total=totals.vat,
        gross_total=totals.gross,
        cost_total=totals.cost,
        margin_total=totals.margin,
        margin_percent=totals.margin_percent,
    )
    return totals
