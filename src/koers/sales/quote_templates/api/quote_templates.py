"""Quote templates in the API: read by everyone signed in, written (created, replaced as a
whole, archived through `archived`) by administrators and the sales director. A catalogue line
carries no price here: the quote prices it for its account when it is made (decision 110)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, FieldErrors, api_field_name, django_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, BodyId, Choice, In, Integer, PageOut, Text, dump
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.sales.api.schemas import Euros, Quantity
from koers.sales.models import (
    GroupDisplay,
    Product,
    QuoteTemplate,
    TemplateLanguage,
    Unit,
    VatCategory,
)
from koers.sales.quote_templates import queries, services
from koers.sales.quotes.api.schemas import Percent

router = Router(tags=["quote templates"])

TemplateId = PathEx[int, P(ge=1, le=MAX_ID, description="The quote template's id.")]


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


class TemplateLineOut(Schema):
    id: int
    product_id: int | None = Field(description="Null for a free line.")
    description: str = Field(description="Empty for a product: its name in the language.")
    quantity: str
    unit: str
    unit_price: str | None = Field(description="A free line's price; null for a product.")
    cost_price: str | None
    vat_category: str | None
    discount_percent: str | None
    discount_amount: str | None
    optional: bool


class TemplateGroupOut(Schema):
    id: int
    title: str
    display: str
    lines: list[TemplateLineOut]


class TemplateOut(Schema):
    id: int
    name: str
    language: str
    validity_days: int | None = Field(description="Null: the quote settings' number of days.")
    introduction: str
    value_proposition: str
    delivery_terms: str
    payment_terms: str
    archived: bool
    created_at: datetime
    groups: list[TemplateGroupOut]


class TemplateRowOut(Schema):
    id: int
    name: str
    language: str
    archived: bool


class TemplatePage(PageOut):
    results: list[TemplateRowOut]


class TemplateLineIn(In):
    product_id: BodyId | None = Field(None, description="A catalogue product; null: a free line.")
    description: Text(300) | None = Field(None, description="Required for a free line.")
    quantity: Quantity
    unit: Choice(Unit) | None = Field(None, description="A free line's unit.")
    unit_price: Euros | None = Field(None, description="Required for a free line only.")
    cost_price: Euros | None = Field(None, description="For a free line.")
    vat_category: Choice(VatCategory) | None = Field(None, description="Required for a free line.")
    discount_percent: Percent | None = None
    discount_amount: Euros | None = None
    optional: bool = False


class TemplateGroupIn(In):
    title: Text(200) | None = None
    display: Choice(GroupDisplay) = GroupDisplay.PRICES
    lines: list[TemplateLineIn] = Field(default_factory=list, max_length=200)


class TemplateIn(In):
    name: Text(120, 1)
    language: Choice(TemplateLanguage) = TemplateLanguage.DUTCH
    validity_days: Integer(1, 365) | None = Field(
        None, description="Null: the quote settings' number of days."
    )
    introduction: Text(4000) | None = None
    value_proposition: Text(4000) | None = None
    delivery_terms: Text(2000) | None = None
    payment_terms: Text(2000) | None = None
    groups: list[TemplateGroupIn] = Field(default_factory=list, max_length=50)


class TemplateReplaceIn(TemplateIn):
    archived: bool = Field(False, description="True: no longer offered when making a quote.")


class TemplateFilters(Schema):
    archived: bool | None = Field(False, description="false (the default): those offered.")


def template_data(template: QuoteTemplate) -> dict[str, Any]:
    return {
        "id": template.pk,
        "name": template.name,
        "language": template.language,
        "validity_days": template.validity_days,
        **{name: getattr(template, name) for name in services.TEXT_FIELDS},
        "archived": template.is_archived,
        "created_at": template.created_at,
        "groups": [
            {
                "id": group.pk,
                "title": group.title,
                "display": group.display,
                "lines": [
                    {
                        "id": line.pk,
                        "product_id": line.product_id,
                        "description": line.description,
                        "quantity": str(line.quantity),
                        "unit": line.unit,
                        "unit_price": _s(line.unit_price),
                        "cost_price": _s(line.cost_price),
                        "vat_category": line.vat_category or None,
                        "discount_percent": _s(line.discount_percent),
                        "discount_amount": _s(line.discount_amount),
                        "optional": line.optional,
                    }
                    for line in group.lines.all()
                ],
            }
            for group in template.groups.all()
        ],
    }


def _read(user: User, pk: int) -> dict[str, Any]:
    return template_data(queries.with_content(queries.templates_readable(user)).get(pk=pk))


def _require_manager(user: User) -> None:
    if not access.can_manage_quote_templates(user):
        raise NotAllowed(_("Only administrators and the sales director change quote templates."))


def _products(payload: TemplateIn) -> dict[int, Product]:
    wanted = {line.product_id for g in payload.groups for line in g.lines if line.product_id}
    found = Product.objects.in_bulk(wanted)
    for g, group in enumerate(payload.groups):
        for i, line in enumerate(group.lines):
            if line.product_id and line.product_id not in found:
                field = f"groups.{g}.lines.{i}.product_id"
                message = _("There is no product with this id.")
                raise FieldErrors({field: [message]}, code="not_found")
    return found


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _content(payload: TemplateIn) -> tuple[services.TemplateData, list[services.TemplateGroupData]]:
    products = _products(payload)
    data = services.TemplateData(
        name=payload.name,
        language=payload.language,
        validity_days=payload.validity_days,
        **{name: getattr(payload, name) or "" for name in services.TEXT_FIELDS},
    )
    groups = [
        services.TemplateGroupData(
            title=group.title or "",
            display=group.display,
            lines=[
                services.TemplateLineData(
                    product=products.get(line.product_id) if line.product_id else None,
                    description=line.description or "",
                    quantity=Decimal(line.quantity),
                    unit=line.unit or Unit.PIECE,
                    unit_price=_decimal(line.unit_price),
                    cost_price=_decimal(line.cost_price),
                    vat_category=line.vat_category or "",
                    discount_percent=_decimal(line.discount_percent),
                    discount_amount=_decimal(line.discount_amount),
                    optional=line.optional,
                )
                for line in group.lines
            ],
        )
        for group in payload.groups
    ]
    return data, groups


def _nested_errors(exc: ValidationError) -> FieldErrors:
    """A line's error ("groups.0.lines.2.product") in the API's names ("...product_id")."""
    items = django_errors(exc)
    for item in items:
        if item["field"] and "." in item["field"]:
            path, _dot, last = item["field"].rpartition(".")
            item["field"] = f"{path}.{api_field_name(last)}"
    return FieldErrors.of(items)


@router.get(
    "/quote-templates",
    response={200: TemplatePage, **COMMON_RESPONSES},
    summary="List quote templates",
)
def list_quote_templates(
    request: ApiRequest, filters: Query[TemplateFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """By language and name; the archived ones with `archived=true`."""
    found = queries.templates_readable(request.auth).order_by("language", "name", "pk")
    found = found.filter(archived_at__isnull=not filters.archived)

    def row(t: QuoteTemplate) -> dict[str, Any]:
        return {"id": t.pk, "name": t.name, "language": t.language, "archived": t.is_archived}

    return paginate(request, found, page, row)


@router.post(
    "/quote-templates",
    response={201: TemplateOut, **COMMON_RESPONSES},
    summary="Add a quote template",
)
def create_quote_template(
    request: ApiRequest, payload: TemplateIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """With its groups and lines; for administrators and the sales director."""
    user: User = request.auth
    _require_manager(user)

    def create() -> tuple[int, dict[str, Any]]:
        data, groups = _content(payload)
        try:
            made = services.quote_template_create(actor=user, data=data, groups=groups)
        except ValidationError as exc:
            raise _nested_errors(exc) from exc
        return 201, dump(TemplateOut, _read(user, made.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/quote-templates/{template_id}",
    response={200: TemplateOut, **COMMON_RESPONSES},
    summary="Read a quote template",
)
def get_quote_template(request: ApiRequest, template_id: TemplateId) -> dict[str, Any]:
    """With its groups and lines."""
    return _read(request.auth, template_id)


@router.put(
    "/quote-templates/{template_id}",
    response={200: TemplateOut, **COMMON_RESPONSES},
    summary="Replace a quote template",
)
def replace_quote_template(
    request: ApiRequest, template_id: TemplateId, payload: TemplateReplaceIn
) -> dict[str, Any]:
    """The whole template (texts, groups and lines, archived or not) at once; quotes made from
    it before keep what they copied."""
    user: User = request.auth
    template = queries.templates_readable(user).get(pk=template_id)
    _require_manager(user)
    data, groups = _content(payload)
    try:
        services.quote_template_replace(
            actor=user, template=template, data=data, groups=groups, archived=payload.archived
        )
    except ValidationError as exc:
        raise _nested_errors(exc) from exc
    return _read(user, template_id)
