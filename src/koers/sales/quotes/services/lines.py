"""Writes to a draft version's lines and line groups: add, change, remove, reorder. Each
recomputes and stores the version's totals, and refuses a version that is no draft.

A catalogue line takes its list price from the price resolution for the account (or the
opportunity's branch) today (`sales.pricing.price_for`), its VAT from the product's VAT
category and its cost from the product; the unit price starts at the list price and may be
changed. A free line has a description, a unit price, an optional cost and a VAT category.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.core.pdf import money as money_text
from koers.core.writes import service
from koers.sales.models import (
    GroupDisplay,
    Product,
    QuoteLine,
    QuoteLineGroup,
    QuoteVersion,
    Unit,
    VatCategory,
)
from koers.sales.money import HUNDRED, cents
from koers.sales.pricing import price_for, vat_percentage
from koers.sales.quotes.services.common import (
    check_draft,
    field_error,
    may_change,
    recompute,
)


@dataclass(frozen=True)
class LineData:
    """What a user gives for a line (None: keep, or for a new line, the default)."""

    quantity: Decimal | None = None
    product: Product | None = None
    description: str | None = None
    unit: str | None = None
    unit_price: Decimal | None = None
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    cost_price: Decimal | None = None
    vat_category: str | None = None
    optional: bool | None = None
    chosen: bool | None = None


def _locked_draft(actor: User, version: QuoteVersion) -> QuoteVersion:
    may_change(actor, version)
    locked = QuoteVersion.objects.select_for_update().select_related("quote").get(pk=version.pk)
    check_draft(locked)
    return locked


def _customer(version: QuoteVersion) -> object:
    opportunity = version.quote.opportunity
    return opportunity.branch or opportunity.account


def _check_figures(line: QuoteLine) -> None:
    """The figures a user can get wrong, each with its message (before the totals' own guard)."""
    if line.quantity is None or line.quantity <= 0:
        raise field_error("quantity", _("Give a quantity above 0."), "not_positive")
    if line.unit_price < 0:
        raise field_error("unit_price", _("A price cannot be below 0."), "negative")
    if line.cost_price is not None and line.cost_price < 0:
        raise field_error("cost_price", _("A cost price cannot be below 0."), "negative")
    if line.discount_percent is not None and line.discount_amount is not None:
        message = _("Give the discount as a percentage or as an amount, not both.")
        raise field_error("discount_amount", message, "exclusive")
    if line.discount_percent is not None and not 0 <= line.discount_percent <= HUNDRED:
        message = _("Give a discount between 0 and 100 %.")
        raise field_error("discount_percent", message, "range")
    amount = cents(line.quantity * line.unit_price)
    if line.discount_amount is not None and not 0 <= line.discount_amount <= amount:
        message = _("Give a discount between € 0 and the line's amount (%(amount)s).") % {
            "amount": money_text(amount)
        }
        raise field_error("discount_amount", message, "range")


def _price_catalogue_line(version: QuoteVersion, line: QuoteLine, keep_price: bool) -> None:
    assert line.product is not None
    try:
        resolved = price_for(
            product=line.product,
            account=_customer(version),  # type: ignore[arg-type]
            on=timezone.localdate(),
            quantity=line.quantity,
        )
    except ValidationError as error:
        raise field_error("product", " ".join(error.messages), "not_active") from error
    follows_list = not keep_price or line.unit_price == line.list_price
    line.list_price = resolved.unit_price
    line.price_source = resolved.source.value
    if follows_list:
        line.unit_price = resolved.unit_price
    line.vat_percentage = resolved.vat_percentage
    line.cost_price = line.product.cost_price
    line.unit = line.product.unit


def _apply(version: QuoteVersion, line: QuoteLine, data: LineData, *, new: bool) -> None:
    discount_given = data.discount_percent is not None or data.discount_amount is not None
    for name in ("description", "unit", "optional", "chosen", "quantity"):
        value = getattr(data, name)
        if value is not None:
            setattr(line, name, value.strip() if isinstance(value, str) else value)
    if discount_given or new:
        line.discount_percent = data.discount_percent
        line.discount_amount = data.discount_amount
    if line.quantity is None or line.quantity <= 0:
        raise field_error("quantity", _("Give a quantity above 0."), "not_positive")
    if line.product is not None:
        _price_catalogue_line(version, line, keep_price=not new)
        if data.unit_price is not None:
            line.unit_price = data.unit_price
        if new and not data.description:
            line.description = line.product.name
    else:
        _apply_free(line, data, new=new)
    if not line.optional:
        line.chosen = False
    _check_figures(line)


def _apply_free(line: QuoteLine, data: LineData, *, new: bool) -> None:
    if data.unit_price is not None:
        line.unit_price = data.unit_price
    if new and data.unit_price is None:
        raise field_error("unit_price", _("Give the unit price of a free line."), "needs_field")
    line.list_price = line.unit_price
    if data.cost_price is not None or new:
        line.cost_price = data.cost_price
    if data.vat_category is not None:
        if data.vat_category not in VatCategory.values:
            raise field_error("vat_category", _("Choose a VAT rate from the list."), "invalid")
        line.vat_percentage = vat_percentage(data.vat_category, timezone.localdate())
    elif new:
        raise field_error("vat_category", _("Choose the VAT rate of a free line."), "needs_field")
    if not line.description:
        raise field_error("description", _("Describe what the free line is for."), "needs_field")


def _group_for(version: QuoteVersion, group: QuoteLineGroup | None) -> QuoteLineGroup:
    if group is not None:
        if group.quote_version_id != version.pk:
            raise field_error("group", _("Choose a group of this quote."), "not_in_quote")
        return group
    first = version.groups.order_by("position", "pk").first()
    return first or QuoteLineGroup.objects.create(quote_version=version, position=0)


@service
def quote_line_add(
    *,
    actor: User,
    version: QuoteVersion,
    data: LineData,
    group: QuoteLineGroup | None = None,
) -> QuoteLine:
    """A catalogue line (`data.product`) or a free line, at the end of its group."""
    version = _locked_draft(actor, version)
    group = _group_for(version, group)
    last = group.lines.aggregate(last=Max("position"))["last"]
    line = QuoteLine(
        group=group,
        position=0 if last is None else last + 1,
        product=data.product,
        description="",
        unit=Unit.PIECE,
        unit_price=Decimal("0.00"),
        list_price=Decimal("0.00"),
        vat_percentage=Decimal("0"),
    )
    _apply(version, line, data, new=True)
    line.save()
    line.net_amount = recompute(version).line(str(line.pk)).net
    return line


def _locked_line(actor: User, line: QuoteLine) -> tuple[QuoteVersion, QuoteLine]:
    version = _locked_draft(actor, line.group.quote_version)
    return version, QuoteLine.objects.select_related("product", "group").get(pk=line.pk)


@service
def quote_line_update(*, actor: User, line: QuoteLine, data: LineData) -> QuoteLine:
    """Changes the given fields of a line; a catalogue line is priced again for its quantity
    (its unit price follows the list price unless it was changed by hand)."""
    version, line = _locked_line(actor, line)
    _apply(version, line, data, new=False)
    line.save()
    line.net_amount = recompute(version).line(str(line.pk)).net
    return line


@service
def quote_line_remove(*, actor: User, line: QuoteLine) -> None:
    version, line = _locked_line(actor, line)
    line.delete()
    recompute(version)


@service
def quote_line_move(*, actor: User, line: QuoteLine, up: bool) -> QuoteLine:
    """One place up or down in its group (at the top or the bottom it stays)."""
    _version, line = _locked_line(actor, line)
    siblings = list(line.group.lines.order_by("position", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == line.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, sibling in enumerate(siblings):
            sibling.position = position
        QuoteLine.objects.bulk_update(siblings, ["position"])
    return line


@service
def quote_group_add(
    *, actor: User, version: QuoteVersion, title: str, display: str = GroupDisplay.PRICES
) -> QuoteLineGroup:
    version = _locked_draft(actor, version)
    if display not in GroupDisplay.values:
        raise field_error("display", _("Choose how the group is shown."), "invalid")
    last = version.groups.aggregate(last=Max("position"))["last"]
    group = QuoteLineGroup.objects.create(
        quote_version=version,
        position=0 if last is None else last + 1,
        title=title.strip()[:200],
        display=display,
    )
    return group


@service
def quote_group_update(
    *, actor: User, group: QuoteLineGroup, title: str, display: str
) -> QuoteLineGroup:
    _locked_draft(actor, group.quote_version)
    if display not in GroupDisplay.values:
        raise field_error("display", _("Choose how the group is shown."), "invalid")
    group.title, group.display = title.strip()[:200], display
    group.save(update_fields=["title", "display"])
    return group


@service
def quote_group_remove(*, actor: User, group: QuoteLineGroup) -> None:
    """Removes an empty group (a group with lines keeps them: remove those first)."""
    _locked_draft(actor, group.quote_version)
    if group.lines.exists():
        message = _("Remove or move the group's lines first.")
        raise field_error("group", message, "not_empty")
    group.delete()
