"""The mandate: your own (`me`), the level mandates (administrators change them), personal
mandates (a manager of the account manager's team), and the check: figures in, the verdict out,
by the same `evaluate` that the quote's send check and the live meter use.

A refusal by role is a 403; an id that names nothing you may read a 422 `not_found`; a second
threshold on the wrong side of the first a 422 `threshold` naming the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router

from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, dump
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import user_named
from koers.sales.figures import LineFigures, QuoteFigures
from koers.sales.mandate import loaders, services
from koers.sales.mandate.api.schemas import (
    CheckIn,
    CheckOut,
    LevelMandateOut,
    LevelName,
    LimitsIn,
    MandateOut,
    PersonalMandateIn,
    PersonalMandateOut,
    PersonalMandatePage,
    level_data,
    limits_data,
    mandate_data,
    pct,
    person_data,
    personal_data,
)
from koers.sales.mandate.meter import breach_text, group_names, mandate_check
from koers.sales.models import LevelMandate, Opportunity, PersonalMandate
from koers.sales.opportunities import queries as opportunity_queries

router = Router(tags=["mandates"])

PersonalId = PathEx[int, P(ge=1, le=MAX_ID, description="The personal mandate's id.")]


@router.get("/mandates/me", response={200: MandateOut, **COMMON_RESPONSES}, summary="My mandate")
def get_my_mandate(request: ApiRequest) -> dict[str, Any]:
    """Your limits today (a personal mandate, else your level's) and who approves beyond them."""
    user: User = request.auth
    today = timezone.localdate()
    mandate = loaders.effective_mandate(user, today)
    return mandate_data(user, mandate, loaders.approvers_for(user, "manager", today))


@router.get(
    "/mandates/levels",
    response={200: list[LevelMandateOut], **COMMON_RESPONSES},
    summary="List the level mandates",
)
def list_level_mandates(request: ApiRequest) -> list[dict[str, Any]]:
    return [level_data(row) for row in LevelMandate.objects.all()]


@router.put(
    "/mandates/levels/{level}",
    response={200: LevelMandateOut, **COMMON_RESPONSES},
    summary="Change a level mandate",
)
def update_level_mandate(request: ApiRequest, level: LevelName, payload: LimitsIn) -> Any:
    """Administrators only (403 otherwise)."""
    if not access.can_manage_settings(request.auth):
        raise NotAllowed(_("Only administrators set the level mandates and group caps."))
    row = LevelMandate.objects.filter(level=level).first()
    if row is None:
        row = LevelMandate(level=level)
    services.level_mandate_update(actor=request.auth, mandate=row, limits=payload.limits())
    return level_data(row)


def personal_readable(user: User) -> QuerySet[PersonalMandate]:
    """Your own personal mandates, those of the people you decide for; all for admins."""
    rows = PersonalMandate.objects.all()
    if not access.can_manage_settings(user):
        rows = rows.filter(Q(user=user) | Q(user__in=access.people_decided_by(user)))
    return rows.order_by("-valid_from", "-pk")


@router.get(
    "/mandates/personal",
    response={200: PersonalMandatePage, **COMMON_RESPONSES},
    summary="List personal mandates",
)
def list_personal_mandates(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Yours, and those of the account managers of the teams you manage; newest first."""
    return paginate(request, personal_readable(request.auth), page, personal_data)


@router.post(
    "/mandates/personal",
    response={201: PersonalMandateOut, **COMMON_RESPONSES},
    summary="Set a personal mandate",
)
def create_personal_mandate(
    request: ApiRequest, payload: PersonalMandateIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """For an account manager of a team you manage (403 otherwise). One running on
    `valid_from` ends the day before."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        person = user_named(user, payload.user_id, "user_id")
        mandate = services.personal_mandate_set(
            actor=user,
            user=person,
            limits=payload.limits(),
            reason=payload.reason,
            valid_from=payload.valid_from,
            valid_until=payload.valid_until,
        )
        return 201, dump(PersonalMandateOut, personal_data(mandate))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.post(
    "/mandates/personal/{personal_mandate_id}/end",
    response={200: PersonalMandateOut, **COMMON_RESPONSES},
    summary="End a personal mandate",
)
def end_personal_mandate(request: ApiRequest, personal_mandate_id: PersonalId) -> Any:
    """Ends it today (one not yet started is removed: then the body shows it as it was)."""
    mandate = personal_readable(request.auth).select_related("user").get(pk=personal_mandate_id)
    data = personal_data(mandate)
    services.personal_mandate_end(actor=request.auth, mandate=mandate)
    return {**data, "valid_until": mandate.valid_until}


def _check_owner(user: User, payload: CheckIn, opportunity: Opportunity | None) -> User:
    if payload.owner_id is None:
        return opportunity.owner if opportunity else user
    owner = user_named(user, payload.owner_id, "owner_id")
    if opportunity is not None and owner.pk != opportunity.owner_id:
        message = _("Give the owner of the opportunity, or no owner.")
        raise FieldErrors({"owner_id": [message]}, code="not_found")
    mine = owner.pk == user.pk or opportunity is not None
    if not (mine or access.can_decide_for(user, owner) or access.reads_everything(user)):
        raise NotAllowed(_("You judge quotes against your own mandate or your team's."))
    return owner


def _opportunity(user: User, pk: int | None) -> Opportunity | None:
    if pk is None:
        return None
    try:
        return opportunity_queries.opportunity_for_detail(user, pk)
    except Opportunity.DoesNotExist as exc:
        message = _("There is no opportunity with this id.")
        raise FieldErrors({"opportunity_id": [message]}, code="not_found") from exc


def check_figures(payload: CheckIn) -> QuoteFigures:
    """The figures of the body, rounded to cents; net amounts and totals computed here."""
    lines = []
    for line in payload.lines:
        amount, discount = Decimal(line.list_amount), Decimal(line.discount_amount)
        cost = None if line.cost_amount is None else Decimal(line.cost_amount)
        lines.append(
            LineFigures(line.key, line.product_group_id, amount, discount, cost, amount - discount)
        )
    total_discount = Decimal(payload.total_discount_amount)
    known = [line.cost_amount for line in lines if line.cost_amount is not None]
    return QuoteFigures(
        lines=tuple(lines),
        total_discount_amount=total_discount,
        net_total=sum((line.net_amount for line in lines), Decimal("0")) - total_discount,
        cost_total=sum(known, Decimal("0")) if len(known) == len(lines) else None,
    )


@router.post(
    "/mandates/check", response={200: CheckOut, **COMMON_RESPONSES}, summary="Check figures"
)
def check_mandate(request: ApiRequest, payload: CheckIn) -> dict[str, Any]:
    """Which rules a quote with these lines would break and who would approve it. Writes
    nothing. Keys name the lines in the breaches; give each line its own key."""
    user: User = request.auth
    keys = [line.key for line in payload.lines]
    if len(set(keys)) != len(keys):
        raise FieldErrors({"lines": [_("Give each line its own key.")]}, code="unique")
    opportunity = _opportunity(user, payload.opportunity_id)
    owner = _check_owner(user, payload, opportunity)
    figures = check_figures(payload)
    check = mandate_check(owner=owner, figures=figures, opportunity=opportunity)
    verdict = check.verdict
    groups = group_names(verdict)
    return {
        "step_needed": verdict.step_needed,
        "within_room": verdict.within_room,
        "total_discount": pct(verdict.total_discount),
        "margin": pct(verdict.margin),
        "discount_amount": f"{verdict.discount_amount:.2f}",
        "list_total": f"{verdict.list_total:.2f}",
        "net_total": f"{figures.net_total:.2f}",
        "line_discounts": {k: pct(v) for k, v in verdict.line_discounts.items()},
        "breaches": [
            {
                "rule": b.rule,
                "line_key": b.line_key,
                "product_group_id": b.product_group_id,
                "actual": pct(b.actual),
                "limit": pct(b.limit),
                "step": b.step,
                "covered_by_room": b.covered_by_room,
                "message": breach_text(b, groups),
            }
            for b in verdict.breaches
        ],
        "mandate": limits_data(check.mandate),
        "approvers": [person_data(u) for u in check.approvers],
    }
