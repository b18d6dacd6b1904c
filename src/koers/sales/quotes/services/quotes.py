"""Making a quote from an opportunity, changing a draft version's terms and discount, and the
administrator's settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
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
    QuoteTemplate,
    QuoteTemplateLine,
    QuoteVersion,
)
from koers.sales.money import HUNDRED, cents
from koers.sales.pricing import price_for, vat_percentage
from koers.sales.quote_templates.queries import templates_to_pick, with_content
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


def _copy_opportunity_lines(
    version: QuoteVersion, opportunity: Opportunity, *, position: int = 0, title: str = ""
) -> list[str]:
    """The opportunity's products, priced again for today; the names of those no longer sold."""
    sources = list(opportunity.lines.select_related("product"))
    if not sources and position:
        return []
    group = QuoteLineGroup.objects.create(quote_version=version, position=position, title=title)
    customer = opportunity.branch or opportunity.account
    today = timezone.localdate()
    skipped, lines = [], []
    for position, source in enumerate(sources):
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


def _template_line(
    source: QuoteTemplateLine, group: QuoteLineGroup, customer: object, language: str
) -> QuoteLine | None:
    """A quote line from a template line: a catalogue line priced for the customer today
    (agreed prices apply; the template stores no price), None when it is no longer sold."""
    today = timezone.localdate()
    line = QuoteLine(
        group=group,
        position=source.position,
        description=source.description,
        quantity=source.quantity,
        unit=source.unit,
        discount_percent=source.discount_percent,
        optional=source.optional,
    )
    product = source.product
    if product is None:
        line.unit_price = line.list_price = source.unit_price or Decimal("0.00")
        line.cost_price = source.cost_price
        line.vat_percentage = vat_percentage(source.vat_category, today)
    else:
        try:
            resolved = price_for(
                product=product,
                account=customer,  # type: ignore[arg-type]
                on=today,
                quantity=source.quantity,
            )
        except ValidationError:
            return None
        line.product, line.unit = product, product.unit
        line.list_price = line.unit_price = resolved.unit_price
        line.price_source = resolved.source.value
        line.cost_price = product.cost_price
        line.vat_percentage = resolved.vat_percentage
        if not line.description:
            english = language == "en" and product.name_en
            line.description = product.name_en if english else product.name_nl
    if source.discount_amount is not None:
        # An amount set for the template's price may not exceed the line at today's price.
        line.discount_amount = min(source.discount_amount, cents(line.quantity * line.unit_price))
    return line


def _apply_template(version: QuoteVersion, template: QuoteTemplate, customer: object) -> list[str]:
    """The template's texts, validity, groups and lines; the names of products not sold."""
    for name in ("introduction", "value_proposition", "delivery_terms", "payment_terms"):
        setattr(version, name, getattr(template, name))
    if template.validity_days:
        version.valid_until = timezone.localdate() + timedelta(days=template.validity_days)
    version.save()
    skipped, lines = [], []
    for group in template.groups.all():
        made = QuoteLineGroup.objects.create(
            quote_version=version, position=group.position, title=group.title, display=group.display
        )
        for source in group.lines.all():
            line = _template_line(source, made, customer, template.language)
            if line is None:
                assert source.product is not None
                skipped.append(source.product.name)
            else:
                lines.append(line)
    QuoteLine.objects.bulk_create(lines)
    return skipped


def template_for(actor: User, template_id: int) -> QuoteTemplate:
    """A template that may be picked (not archived), with its groups and lines; else a field
    error naming `template`."""
    found = with_content(templates_to_pick(actor)).filter(pk=template_id).first()
    if found is None:
        raise field_error("template", _("Choose a template from the list."), "not_found")
    return found


@service
def quote_create(
    *,
    actor: User,
    opportunity: Opportunity,
    template: QuoteTemplate | None = None,
    left_out: list[str] | None = None,
) -> QuoteVersion:
    """A new quote for an open opportunity, its first version a draft valid for the settings'
    number of days, with the opportunity's lines priced for today. With a template (from
    `template_for`): its texts, validity, groups and lines first, the opportunity's products in
    a group after them. The names of products no longer sold are added to `left_out` (when
    given) and written in the "made" event's note."""
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
    notes = []
    if template is None:
        skipped = _copy_opportunity_lines(version, opportunity)
    else:
        skipped = _apply_template(version, template, opportunity.branch or opportunity.account)
        with translation.override(template.language):
            title = _("From the opportunity")
        last = max((g.position for g in template.groups.all()), default=-1)
        skipped += _copy_opportunity_lines(version, opportunity, position=last + 1, title=title)
        notes.append(_("From the template %(name)s.") % {"name": template.name})
    recompute(version)
    if skipped:
        if left_out is not None:
            left_out.extend(skipped)
        notes.append(_("Not sold today, so left out: %(names)s.") % {"names": ", ".join(skipped)})
    record(version, QuoteEventKind.CREATED, actor, " ".join(notes))
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
