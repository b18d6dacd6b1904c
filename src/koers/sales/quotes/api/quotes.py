"""Quotes: the list (the filters of the list page), one quote with its versions, groups, lines
and totals, making one from an opportunity, a draft's lines, and the status moves as actions.

The same access and rules as the pages: readable and changeable like the account; a version
that is no draft is read-only (a 409 with the reason and the version as it is); a bad line is a
422 naming the field (`quantity`, `discount_amount` ...).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, dump
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import act
from koers.sales.catalogue.queries import sees_cost_prices
from koers.sales.models import (
    Competitor,
    Opportunity,
    Product,
    QuoteLine,
    QuoteLineGroup,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.opportunities import queries as opportunity_queries
from koers.sales.quotes import queries, services
from koers.sales.quotes.api.schemas import (
    AcceptIn,
    DeclineIn,
    LinePatch,
    QuoteCreatedOut,
    QuoteExtendIn,
    QuoteIn,
    QuoteLineIn,
    QuoteOut,
    QuotePage,
    QuoteReasonIn,
    VersionConflictOut,
    VersionOut,
    version_data,
)
from koers.sales.quotes.filters import QuoteFilterSet
from koers.sales.quotes.services import LineData
from koers.sales.quotes.services.quotes import template_for

router = Router(tags=["quotes"])

QuoteId = PathEx[int, P(ge=1, le=MAX_ID, description="The quote's id.")]
VersionId = PathEx[int, P(ge=1, le=MAX_ID, description="The quote version's id.")]
LineId = PathEx[int, P(ge=1, le=MAX_ID, description="The quote line's id.")]
StatusFilter = Literal[("open", "all", *(s.value for s in QuoteStatus))]


class QuoteFilters(Schema):
    status: StatusFilter | None = Field(
        "open", description="`open` (the default), `all`, or one status."
    )
    owner: Id | None = Field(None, description="Owned by this user.")
    account: Id | None = Field(None, description="Quotes for this account.")
    expiring: bool | None = Field(None, description="Approved or sent, valid 7 days at most.")


def _versions() -> Prefetch:
    lines = Prefetch("lines", QuoteLine.objects.order_by("position", "pk"))
    groups = Prefetch("groups", QuoteLineGroup.objects.prefetch_related(lines))
    versions = QuoteVersion.objects.select_related("document__general_terms")
    return Prefetch("versions", versions.prefetch_related(groups, "approvals", "orders"))


def _quote(user: User, pk: int) -> dict[str, Any]:
    quote = (
        queries.quotes_readable(user).select_related("account").prefetch_related(_versions())
    ).get(pk=pk)
    sees = sees_cost_prices(user)
    return {
        "id": quote.pk,
        "number": quote.number,
        "opportunity_id": quote.opportunity_id,
        "account_id": quote.account_id,
        "account_name": quote.account.name,
        "owner_id": quote.owner_id,
        "title": quote.title,
        "created_at": quote.created_at,
        "versions": [version_data(v, sees) for v in quote.versions.all()],
    }


def _version(user: User, pk: int) -> dict[str, Any]:
    lines = Prefetch("lines", QuoteLine.objects.order_by("position", "pk"))
    version = (
        queries.versions_readable(user)
        .select_related("document__general_terms")
        .prefetch_related(
            Prefetch("groups", QuoteLineGroup.objects.prefetch_related(lines)),
            "approvals",
            "orders",
        )
        .get(pk=pk)
    )
    return version_data(version, sees_cost_prices(user))


def _row(v: QuoteVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "quote_id": v.quote_id,
        "number": v.quote.number,
        "label": v.label,
        "title": v.quote.title,
        "account_id": v.quote.account_id,
        "owner_id": v.quote.owner_id,
        "status": v.status,
        "net_total": str(v.net_total),
        "valid_until": v.valid_until,
    }


@router.get("/quotes", response={200: QuotePage, **COMMON_RESPONSES}, summary="List quotes")
def list_quotes(
    request: ApiRequest, filters: Query[QuoteFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The current version of each quote of the accounts you may read; by default the open
    ones, the nearest validity date first, as on the list page."""
    data = {
        k: str(v).lower() if isinstance(v, bool) else str(v)
        for k, v in filters.dict().items()
        if v is not None
    }
    filterset = QuoteFilterSet(data, user=request.auth, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors)
    found: QuerySet[QuoteVersion] = filterset.found(filterset.rows_in_order())
    counted = filterset.found(filterset.rows())
    return paginate(request, found.select_related("quote"), page, _row, count_from=counted)


@router.post("/quotes", response={201: QuoteCreatedOut, **COMMON_RESPONSES}, summary="Make a quote")
def create_quote(
    request: ApiRequest, payload: QuoteIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """From an open opportunity you may change: a draft with its products priced for today."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        try:
            opportunity = opportunity_queries.opportunity_for_detail(user, payload.opportunity_id)
        except Opportunity.DoesNotExist as exc:
            message = _("There is no opportunity with this id.")
            raise FieldErrors({"opportunity_id": [message]}, code="not_found") from exc
        template = None
        if payload.template_id is not None:
            try:
                template = template_for(user, payload.template_id)
            except ValidationError as exc:
                message = _("There is no quote template with this id.")
                raise FieldErrors({"template_id": [message]}, code="not_found") from exc
        left_out: list[str] = []
        version = services.quote_create(
            actor=user, opportunity=opportunity, template=template, left_out=left_out
        )
        made = {**_quote(user, version.quote_id), "left_out": left_out}
        return 201, dump(QuoteCreatedOut, made)

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/quotes/{quote_id}", response={200: QuoteOut, **COMMON_RESPONSES}, summary="Read a quote"
)
def get_quote(request: ApiRequest, quote_id: QuoteId) -> dict[str, Any]:
    """With every version, its groups, lines and totals."""
    return _quote(request.auth, quote_id)


ACTION_RESPONSES: dict[int, Any] = {
    200: VersionOut,
    409: VersionConflictOut,
    **COMMON_RESPONSES,
}


def _act(
    request: ApiRequest, version_id: int, key: str | None, payload: Schema | None, run: Any
) -> HttpResponse:
    user: User = request.auth
    version = queries.versions_readable(user).select_related("quote").get(pk=version_id)
    result: dict[str, Any] = {}

    def create() -> tuple[int, dict[str, Any]]:
        def call() -> object:
            result["version"] = run(user, version)
            return result["version"]

        def read() -> dict[str, Any]:
            made = result.get("version")
            target = made.pk if isinstance(made, QuoteVersion) else version_id
            return _version(user, target)

        return act(call, read=read, out=VersionOut, conflict=VersionConflictOut)

    return run_once(request, key=key, payload=payload or QuoteReasonIn(), create=create)


def _product(pk: int | None) -> Product | None:
    if pk is None:
        return None
    product = Product.objects.filter(pk=pk).first()
    if product is None:
        raise FieldErrors(
            {"product_id": [_("There is no product with this id.")]}, code="not_found"
        )
    return product


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@router.post(
    "/quote-versions/{version_id}/lines",
    response=ACTION_RESPONSES,
    summary="Add a line to a draft",
)
def add_line(
    request: ApiRequest,
    version_id: VersionId,
    payload: QuoteLineIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A catalogue line (`product_id`) or a free line (`description`, `unit_price`,
    `vat_category`); answers the version with its totals."""

    def run(user: User, version: QuoteVersion) -> object:
        group = None
        if payload.group_id is not None:
            group = version.groups.filter(pk=payload.group_id).first()
            if group is None:
                message = _("Choose a group of this quote.")
                raise FieldErrors({"group_id": [message]}, code="not_found")
        data = LineData(
            product=_product(payload.product_id),
            description=payload.description,
            quantity=Decimal(payload.quantity),
            unit_price=_dec(payload.unit_price),
            discount_percent=_dec(payload.discount_percent),
            discount_amount=_dec(payload.discount_amount),
            cost_price=_dec(payload.cost_price),
            vat_category=payload.vat_category,
            optional=payload.optional,
        )
        services.quote_line_add(actor=user, version=version, data=data, group=group)
        return version

    return _act(request, version_id, idempotency_key, payload, run)


def _line(user: User, pk: int) -> QuoteLine:
    line = (
        QuoteLine.objects.filter(pk=pk, group__quote_version__in=queries.versions_readable(user))
        .select_related("group", "group__quote_version")
        .first()
    )
    if line is None:
        raise QuoteLine.DoesNotExist
    return line


@router.patch(
    "/quote-lines/{line_id}", response=ACTION_RESPONSES, summary="Change a line of a draft"
)
def update_line(request: ApiRequest, line_id: LineId, payload: LinePatch) -> HttpResponse:
    """Only the fields sent change; answers the version with its totals."""
    line = _line(request.auth, line_id)
    sent = payload.model_dump(exclude_unset=True)
    money = {"quantity", "unit_price", "discount_percent", "discount_amount"}
    values: dict[str, Any] = {k: (_dec(v) if k in money else v) for k, v in sent.items()}
    data = LineData(**values)

    def run(user: User, version: QuoteVersion) -> object:
        services.quote_line_update(actor=user, line=line, data=data)
        return version

    return _act(request, line.group.quote_version_id, None, payload, run)


@router.delete(
    "/quote-lines/{line_id}", response=ACTION_RESPONSES, summary="Remove a line of a draft"
)
def delete_line(request: ApiRequest, line_id: LineId) -> HttpResponse:
    line = _line(request.auth, line_id)

    def run(user: User, version: QuoteVersion) -> object:
        services.quote_line_remove(actor=user, line=line)
        return version

    return _act(request, line.group.quote_version_id, None, None, run)


def _simple(name: str, summary: str, doc: str, call: Any) -> None:
    def endpoint(
        request: ApiRequest, version_id: VersionId, idempotency_key: KeyHeader = None
    ) -> HttpResponse:
        return _act(
            request, version_id, idempotency_key, None, lambda u, v: call(actor=u, version=v)
        )

    endpoint.__doc__ = doc
    endpoint.__name__ = f"quote_{name}"
    router.post(
        f"/quote-versions/{{version_id}}/{name}", response=ACTION_RESPONSES, summary=summary
    )(endpoint)


_simple(
    "submit",
    "Submit a draft",
    "To inside sales' review (or, below the amount that needs none, approved for sending).",
    services.quote_submit,
)
_simple(
    "revise",
    "Make a new version",
    "A draft copy of a version that can no longer change; an open one is superseded by it. "
    "Answers the new version.",
    services.quote_revise,
)
_simple(
    "variant",
    "Add a variant",
    "A draft copy side by side with an open version (A and B). Answers the new variant.",
    services.quote_add_variant,
)


def _with_reason(name: str, summary: str, call: Any) -> None:
    def endpoint(
        request: ApiRequest,
        version_id: VersionId,
        payload: QuoteReasonIn,
        idempotency_key: KeyHeader = None,
    ) -> HttpResponse:
        return _act(
            request,
            version_id,
            idempotency_key,
            payload,
            lambda u, v: call(actor=u, version=v, reason=payload.reason),
        )

    endpoint.__doc__ = f"{summary}, with the reason (required)."
    endpoint.__name__ = f"quote_{name}"
    router.post(
        f"/quote-versions/{{version_id}}/{name}", response=ACTION_RESPONSES, summary=summary
    )(endpoint)


@router.post(
    "/quote-versions/{version_id}/extend",
    response=ACTION_RESPONSES,
    summary="Extend the validity of a version",
)
def quote_extend(
    request: ApiRequest,
    version_id: VersionId,
    payload: QuoteExtendIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """A later validity date for a sent version, or an expired one that no newer version
    replaced (it is sent again), with the reason (required). Recorded in the quote's history."""
    return _act(
        request,
        version_id,
        idempotency_key,
        payload,
        lambda u, v: services.quote_extend(
            actor=u, version=v, valid_until=payload.valid_until, reason=payload.reason
        ),
    )


_with_reason("withdraw", "Withdraw an open version", services.quote_withdraw)


@router.post(
    "/quote-versions/{version_id}/accept",
    response=ACTION_RESPONSES,
    summary="Record that the customer accepted",
)
def quote_accept(
    request: ApiRequest, version_id: VersionId, payload: AcceptIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """A sent version, within its validity: the other open versions are superseded, the
    opportunity is won and the order is made from this version (its id in `order_id`), in one
    transaction. Accepted already, expired, withdrawn or superseded: a 409 with the reason."""

    def run(user: User, version: QuoteVersion) -> object:
        return services.quote_accept(
            actor=user,
            version=version,
            accepted_by_name=payload.accepted_by_name,
            accepted_on=payload.accepted_on,
            customer_reference=payload.customer_reference,
            chosen_lines=payload.chosen_lines,
            contract=services.Contract(
                start=payload.contract_start,
                end=payload.contract_end,
                renewal_notice_days=payload.renewal_notice_days,
            ),
        )

    return _act(request, version_id, idempotency_key, payload, run)


@router.post(
    "/quote-versions/{version_id}/decline",
    response=ACTION_RESPONSES,
    summary="Record that the customer declined",
)
def quote_decline(
    request: ApiRequest,
    version_id: VersionId,
    payload: DeclineIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """With the reason (required); `opportunity`: `open` keeps the deal open to revise the
    quote, `lost` loses it with `lost_reason` (and `lost_to_id` for a competitor)."""

    def run(user: User, version: QuoteVersion) -> object:
        lost_to = None
        if payload.lost_to_id is not None:
            lost_to = Competitor.objects.filter(pk=payload.lost_to_id).first()
            if lost_to is None:
                message = _("There is no competitor with this id.")
                raise FieldErrors({"lost_to_id": [message]}, code="not_found")
        return services.quote_decline(
            actor=user,
            version=version,
            reason=payload.reason,
            opportunity=payload.opportunity,
            lost_reason=payload.lost_reason or "",
            lost_to=lost_to,
        )

    return _act(request, version_id, idempotency_key, payload, run)
