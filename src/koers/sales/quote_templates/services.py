"""Writes of quote templates: `quote_template_<verb>`, keyword-only, one transaction each.

Only administrators and the sales director change templates (`access.can_manage_quote_templates`).
A line is checked here once, for the pages and the API alike: a catalogue line names a product
sold today and stores no price; a free line has a description, a price and a VAT category.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.sales.models import (
    GroupDisplay,
    Product,
    QuoteTemplate,
    QuoteTemplateGroup,
    QuoteTemplateLine,
    TemplateLanguage,
    Unit,
    VatCategory,
)
from koers.sales.money import HUNDRED

TEXT_FIELDS = ("introduction", "value_proposition", "delivery_terms", "payment_terms")


@dataclass(frozen=True)
class TemplateData:
    name: str
    language: str = TemplateLanguage.DUTCH
    validity_days: int | None = None
    introduction: str = ""
    value_proposition: str = ""
    delivery_terms: str = ""
    payment_terms: str = ""


@dataclass(frozen=True)
class TemplateLineData:
    quantity: Decimal
    product: Product | None = None
    description: str = ""
    unit: str = Unit.PIECE
    unit_price: Decimal | None = None
    cost_price: Decimal | None = None
    vat_category: str = ""
    discount_percent: Decimal | None = None
    discount_amount: Decimal | None = None
    optional: bool = False


@dataclass(frozen=True)
class TemplateGroupData:
    title: str = ""
    display: str = GroupDisplay.PRICES
    lines: Sequence[TemplateLineData] = field(default_factory=tuple)


def _error(name: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def _require_manager(actor: User) -> None:
    if not access.can_manage_quote_templates(actor):
        raise NotAllowed(_("Only administrators and the sales director change quote templates."))


def _check_header(data: TemplateData) -> None:
    if not data.name.strip():
        raise _error("name", _("Give the template a name."), "required")
    if data.language not in TemplateLanguage.values:
        raise _error("language", _("Choose Dutch or English."), "invalid")
    if data.validity_days is not None and not 1 <= data.validity_days <= 365:
        raise _error("validity_days", _("Give a validity from 1 to 365 days."), "range")


def _apply_header(template: QuoteTemplate, data: TemplateData) -> None:
    _check_header(data)
    template.name = data.name.strip()[:120]
    template.language = data.language
    template.validity_days = data.validity_days
    for name in TEXT_FIELDS:
        setattr(template, name, getattr(data, name).strip())


def _check_display(display: str) -> None:
    if display not in GroupDisplay.values:
        raise _error("display", _("Choose how the group is shown."), "invalid")


def _check_line(data: TemplateLineData) -> None:
    """Every rule of a template line, each with the field it is about."""
    if data.quantity is None or data.quantity <= 0:
        raise _error("quantity", _("Give a quantity above 0."), "not_positive")
    if data.discount_percent is not None and data.discount_amount is not None:
        message = _("Give the discount as a percentage or as an amount, not both.")
        raise _error("discount_amount", message, "exclusive")
    if data.discount_percent is not None and not 0 <= data.discount_percent <= HUNDRED:
        raise _error("discount_percent", _("Give a discount between 0 and 100 %."), "range")
    if data.discount_amount is not None and data.discount_amount < 0:
        raise _error("discount_amount", _("A discount cannot be below 0."), "negative")
    if data.product is not None:
        if not data.product.is_active_on(timezone.localdate()):
            message = _("%(product)s is not sold today: choose another product.") % {
                "product": data.product.name
            }
            raise _error("product", message, "not_active")
        return
    if not data.description.strip():
        raise _error("description", _("Describe what the free line is for."), "needs_field")
    if data.unit_price is None:
        raise _error("unit_price", _("Give the unit price of a free line."), "needs_field")
    if data.unit_price < 0:
        raise _error("unit_price", _("A price cannot be below 0."), "negative")
    if data.cost_price is not None and data.cost_price < 0:
        raise _error("cost_price", _("A cost price cannot be below 0."), "negative")
    if data.vat_category not in VatCategory.values:
        raise _error("vat_category", _("Choose the VAT rate of a free line."), "needs_field")
    if data.unit not in Unit.values:
        raise _error("unit", _("Choose a unit from the list."), "invalid")


def _line(group: QuoteTemplateGroup, position: int, data: TemplateLineData) -> QuoteTemplateLine:
    _check_line(data)
    free = data.product is None
    return QuoteTemplateLine(
        group=group,
        position=position,
        product=data.product,
        description=data.description.strip()[:300],
        quantity=data.quantity,
        # A catalogue line's unit, price, cost and VAT come from the product when quoted.
        unit=data.unit if free else data.product.unit,  # type: ignore[union-attr]
        unit_price=data.unit_price if free else None,
        cost_price=data.cost_price if free else None,
        vat_category=data.vat_category if free else "",
        discount_percent=data.discount_percent,
        discount_amount=data.discount_amount,
        optional=data.optional,
    )


def _write_groups(template: QuoteTemplate, groups: Sequence[TemplateGroupData]) -> None:
    """All groups and lines at once; an error names its place ("groups.0.lines.2.product")."""
    for position, data in enumerate(groups):
        _check_display(data.display)
        group = QuoteTemplateGroup.objects.create(
            template=template,
            position=position,
            title=data.title.strip()[:200],
            display=data.display,
        )
        lines = []
        for i, line in enumerate(data.lines):
            try:
                lines.append(_line(group, i, line))
            except ValidationError as exc:
                raise ValidationError(
                    {
                        f"groups.{position}.lines.{i}.{name}": errors
                        for name, errors in exc.error_dict.items()
                    }
                ) from exc
        QuoteTemplateLine.objects.bulk_create(lines)


def _locked(template: QuoteTemplate) -> QuoteTemplate:
    return QuoteTemplate.objects.select_for_update().get(pk=template.pk)


@service
def quote_template_create(
    *, actor: User, data: TemplateData, groups: Sequence[TemplateGroupData] = ()
) -> QuoteTemplate:
    """A new template with its texts and, from the API, its groups and lines at once."""
    _require_manager(actor)
    template = QuoteTemplate(created_by=actor)
    _apply_header(template, data)
    template.save()
    _write_groups(template, groups)
    return template


@service
def quote_template_update(
    *, actor: User, template: QuoteTemplate, data: TemplateData
) -> QuoteTemplate:
    """The name, language, validity and texts; the lines stay."""
    _require_manager(actor)
    locked = _locked(template)
    _apply_header(locked, data)
    locked.save()
    return locked


@service
def quote_template_replace(
    *,
    actor: User,
    template: QuoteTemplate,
    data: TemplateData,
    groups: Sequence[TemplateGroupData],
    archived: bool,
) -> QuoteTemplate:
    """The whole template at once (the API's PUT): texts, groups and lines, archived or not.
    Quotes made from it earlier keep what they copied."""
    _require_manager(actor)
    locked = _locked(template)
    _apply_header(locked, data)
    locked.archived_at = (locked.archived_at or timezone.now()) if archived else None
    locked.save()
    locked.groups.all().delete()
    _write_groups(locked, groups)
    return locked


@service
def quote_template_archive(
    *, actor: User, template: QuoteTemplate, archived: bool
) -> QuoteTemplate:
    """Archived: no longer offered when making a quote, kept for the quotes made from it."""
    _require_manager(actor)
    locked = _locked(template)
    locked.archived_at = timezone.now() if archived else None
    locked.save()
    return locked


@service
def quote_template_copy(*, actor: User, template: QuoteTemplate) -> QuoteTemplate:
    """A new template with the same texts, groups and lines, named "Copy of ..."."""
    _require_manager(actor)
    copy = QuoteTemplate(created_by=actor, language=template.language)
    copy.validity_days = template.validity_days
    for name in TEXT_FIELDS:
        setattr(copy, name, getattr(template, name))
    copy.name = (_("Copy of %(name)s") % {"name": template.name})[:120]
    copy.save()
    for group in template.groups.prefetch_related("lines"):
        lines = list(group.lines.all())
        group.pk, group.template = None, copy
        group.save()
        for line in lines:
            line.pk, line.group = None, group
        QuoteTemplateLine.objects.bulk_create(lines)
    return copy


@service
def quote_template_group_add(
    *, actor: User, template: QuoteTemplate, title: str, display: str = GroupDisplay.PRICES
) -> QuoteTemplateGroup:
    _require_manager(actor)
    _check_display(display)
    locked = _locked(template)
    last = locked.groups.aggregate(last=Max("position"))["last"]
    return QuoteTemplateGroup.objects.create(
        template=locked,
        position=0 if last is None else last + 1,
        title=title.strip()[:200],
        display=display,
    )


@service
def quote_template_group_remove(*, actor: User, group: QuoteTemplateGroup) -> None:
    """A group goes with its lines (a template's lines are cheap to add again)."""
    _require_manager(actor)
    _locked(group.template)
    group.delete()


@service
def quote_template_line_add(
    *,
    actor: User,
    template: QuoteTemplate,
    data: TemplateLineData,
    group: QuoteTemplateGroup | None = None,
) -> QuoteTemplateLine:
    """A line at the end of `group` (of this template), or of its first group (made if none)."""
    _require_manager(actor)
    locked = _locked(template)
    if group is not None and group.template_id != locked.pk:
        raise _error("group", _("Choose a group of this template."), "not_in_template")
    if group is None:
        group = locked.groups.order_by("position", "pk").first()
    if group is None:
        group = QuoteTemplateGroup.objects.create(template=locked, position=0)
    last = group.lines.aggregate(last=Max("position"))["last"]
    line = _line(group, 0 if last is None else last + 1, data)
    line.save()
    return line


@service
def quote_template_line_remove(*, actor: User, line: QuoteTemplateLine) -> None:
    _require_manager(actor)
    _locked(line.group.template)
    line.delete()
