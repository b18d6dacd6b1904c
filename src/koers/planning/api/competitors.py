"""Competitors: list and read (everyone signed in), change the profile (marketing and
administrators); and the competitors at an account: list (who reads the account), add and
remove (who may change it)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router

from koers.accounts.models import Account
from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, dump
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.planning import queries, services
from koers.planning.api.schemas import (
    AccountCompetitorIn,
    AccountCompetitorOut,
    AccountCompetitorPage,
    CompetitorOut,
    CompetitorPage,
    CompetitorPatch,
    competitor_data,
    presence_data,
)
from koers.planning.models import AccountCompetitor
from koers.sales.models import Competitor
from koers.sales.opportunities.services.settings import competitor_update

router = Router(tags=["market information"])

CompetitorId = PathEx[int, P(ge=1, le=MAX_ID, description="The competitor's id.")]
AccountId = PathEx[int, P(ge=1, le=MAX_ID, description="The account's id.")]


@router.get(
    "/competitors", response={200: CompetitorPage, **COMMON_RESPONSES}, summary="List competitors"
)
def list_competitors(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Every competitor, those in use first, by name."""
    rows = Competitor.objects.order_by("-active", "name", "pk")
    return paginate(request, rows, page, competitor_data)


@router.get(
    "/competitors/{competitor_id}",
    response={200: CompetitorOut, **COMMON_RESPONSES},
    summary="Read a competitor",
)
def get_competitor(request: ApiRequest, competitor_id: CompetitorId) -> dict[str, Any]:
    return competitor_data(Competitor.objects.get(pk=competitor_id))


@router.patch(
    "/competitors/{competitor_id}",
    response={200: CompetitorOut, **COMMON_RESPONSES},
    summary="Change a competitor",
)
def update_competitor(
    request: ApiRequest, competitor_id: CompetitorId, payload: CompetitorPatch
) -> dict[str, Any]:
    """Marketing and administrators (403 for others); only the fields sent are changed."""
    user: User = request.auth
    if not access.can_keep_competitors(user):
        raise NotAllowed
    competitor = Competitor.objects.get(pk=competitor_id)
    data = payload.changes()  # type: ignore[attr-defined]
    return competitor_data(competitor_update(actor=user, competitor=competitor, data=data))


def _account(user: User, pk: int) -> Account:
    # An account the user may not read is a 404, as one that does not exist.
    return access.accounts_readable(user).get(pk=pk)


@router.get(
    "/accounts/{account_id}/competitors",
    response={200: AccountCompetitorPage, **COMMON_RESPONSES},
    summary="List an account's competitors",
)
def list_account_competitors(
    request: ApiRequest, account_id: AccountId, page: Query[PageParams]
) -> dict[str, Any]:
    """The competitors that supply the account, for what and with which estimated share."""
    account = _account(request.auth, account_id)
    rows = queries.presences_of_account(request.auth, account).order_by("competitor__name", "pk")
    return paginate(request, rows, page, presence_data)


@router.post(
    "/accounts/{account_id}/competitors",
    response={201: AccountCompetitorOut, **COMMON_RESPONSES},
    summary="Add a competitor to an account",
)
def add_account_competitor(
    request: ApiRequest,
    account_id: AccountId,
    payload: AccountCompetitorIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Records that the competitor supplies the account; sent again, it changes what it
    supplies and its share."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = _account(user, account_id)
        competitor = Competitor.objects.filter(pk=payload.competitor_id).first()
        if competitor is None:
            message = _("There is no competitor with this id.")
            raise FieldErrors({"competitor_id": [message]}, code="not_found")
        presence = services.account_competitor_set(
            actor=user,
            account=account,
            competitor=competitor,
            supplies=payload.supplies,
            share=payload.share,
        )
        presence = AccountCompetitor.objects.select_related("competitor").get(pk=presence.pk)
        return 201, dump(AccountCompetitorOut, presence_data(presence))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.delete(
    "/accounts/{account_id}/competitors/{competitor_id}",
    response={204: None, **COMMON_RESPONSES},
    summary="Remove a competitor from an account",
)
def remove_account_competitor(
    request: ApiRequest, account_id: AccountId, competitor_id: CompetitorId
) -> tuple[int, None]:
    user: User = request.auth
    account = _account(user, account_id)
    presence = AccountCompetitor.objects.select_related("account").get(
        account=account, competitor_id=competitor_id
    )
    services.account_competitor_remove(actor=user, presence=presence)
    return 204, None
