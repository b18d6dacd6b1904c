"""Making a quote from an opportunity, changing a draft version's terms and discount, and the
administrator's settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.sales.models import (
    CLOSED_STAGES,
    Opportunity,
    Quote,
    QuoteCounter,
    QuoteEventKind,
    QuoteLine,
    QuoteLineGroup,
    QuoteSettings,
    QuoteVersion,
)
from koers.sales.money import HUNDRED
from koers.sales.pricing import price_for
from koers.sales.quotes import queries
from koers.sales.quotes.services.common import (
    check_draft,
    default_valid_until,
    field_error,
    may_change,
    recompute,
    record,
    totals_of,
)


def next_number(year: int) -> str:
    """The year's next readable number, "OF-2026-00042" (under a row lock on the counter)."""
    QuoteCounter.objects.get_or_create(year=year)
    counter = QuoteCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"OF-{year}-{counter.last:05d}"


def _copy_opportunity_lines(version: QuoteVersion, opportunity: Opportunity) -> list[str]:
    """The opportunity's products, priced again for today; the names of those no longer sold."""
    group = QuoteLineGroup.objects.create(quote_version=version, position=0)
    customer = opportunity.branch or opportunity.account
    today = timezone.localdate()
    skipped, lines = [], []
    for position, source in enumerate(opportunity.lines.select_related("product")):
        product = source.product
        try:
            resolved = price_for(
                product=product, account=customer, on=today, quantity=source.quantity
            )
        except ValidationError:
            skipped.append(product.name)
            continue
        lines.append(
            QuoteLine(
                group=group,
                position=position,
                product=product,
                description=product.name,
                quantity=source.quantity,
                unit=product.unit,
                list_price=resolved.unit_price,
                price_source=resolved.source.value,
                unit_price=resolved.unit_price,
                cost_price=product.cost_price,
                vat_percentage=resolved.vat_percentage,
            )
        )
    QuoteLine.objects.bulk_create(lines)
    return skipped


@service
def quote_create(*, actor: User, opportunity: Opportunity) -> QuoteVersion:
    """A new quote for an open opportunity, its first version a draft with the opportunity's
    lines priced for today, valid for the settings' number of days."""
    if not queries.may_quote(actor, opportunity):
        raise NotAllowed(_("You may not make quotes for this account."))
    if opportunity.stage in CLOSED_STAGES:
        message = _("A won or lost opportunity gets no new quotes: a manager can reopen it.")
        raise field_error("opportunity", message, "status")
    quote = Quote.objects.create(
        number=next_number(timezone.localdate().year),
        opportunity=opportunity,
        account_id=opportunity.account_id,
        owner_id=opportunity.owner_id,
        title=opportunity.title,
        created_by=actor,
    )
    version = QuoteVersion.objects.create(
        quote=quote, valid_until=default_valid_until(), created_by=actor
    )
    skipped = _copy_opportunity_lines(version, opportunity)
    recompute(version)
    note = ""
    if skipped:
        note = _("Not sold today, so left out: %(names)s.") % {"names": ", ".join(skipped)}
    record(version, QuoteEventKind.CREATED, actor, note)
    return version


@dataclass(frozen=True)
class TermsData:
    valid_until: date
    delivery_terms: str = ""
    payment_terms: str = ""
    introduction: str = ""
    value_proposition: str = ""
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None


def _check_terms(data: TermsData) -> None:
    if data.valid_until < timezone.localdate():
        raise field_error("valid_until", _("Give a validity date from today on."), "past")
    if data.discount_percent is not None and data.discount_amount is not None:
        message = _("Give the discount as a percentage or as an amount, not both.")
        raise field_error("discount_amount", message, "exclusive")
    if data.discount_percent is not None and not 0 <= data.discount_percent <= HUNDRED:
        message = _("Give a discount between 0 and 100 %.")
        raise field_error("discount_percent", message, "range")
    if data.discount_amount is not None and data.discount_amount < 0:
        raise field_error("discount_amount", _("A discount cannot be below 0."), "negative")


@service
def quote_terms_update(
    *, actor: User, version: QuoteVersion, expected_version: int, data: TermsData
) -> QuoteVersion:
    """The terms, texts, validity and discount on the total of a draft; a stale form is a
    `StaleVersionError` with what changed meanwhile."""
    may_change(actor, version)
    locked = lock_version(QuoteVersion, version.pk, expected_version)
    check_draft(locked)
    _check_terms(data)
    for name, value in data.__dict__.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    totals_of(
        locked,
        queries.lines_of(locked),
        discount_percent=locked.discount_percent,
        discount_amount=locked.discount_amount,
    )
    saved = save_version(locked)
    recompute(saved)
    return saved


@service
def quote_settings_update(
    *, actor: User, validity_days: int, review_from: Decimal | None, remind_days: int | None = None
) -> QuoteSettings:
    if not access.can_manage_settings(actor):
        raise NotAllowed(_("Only an administrator changes the quote settings."))
    row, _created = QuoteSettings.objects.select_for_update().get_or_create(pk=1)
    row.validity_days, row.review_from = validity_days, review_from
    if remind_days is not None:
        row.remind_days = remind_days
    row.full_clean()
    row.save()
    return row
