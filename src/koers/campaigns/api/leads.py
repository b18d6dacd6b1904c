"""Leads, responses and results in the API (decision 140), with the access of the pages: a
lead is read by who reads the whole file, its recorder and owner, and who reads its account;
it is recorded by account managers, managers and administrators; turned into an opportunity by
who may add opportunities to its account. A campaign's responses are those at accounts the
reader may read; its results are read by who reads the campaign."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, SearchText, dump
from koers.campaigns import lead_queries, lead_services, queries
from koers.campaigns.api.lead_schemas import (
    CampaignResponsePage,
    CampaignResultsOut,
    LeadIn,
    LeadOut,
    LeadPage,
    lead_data,
    response_data,
    results_data,
)
from koers.campaigns.lead_filters import LeadFilterSet
from koers.campaigns.lead_models import LeadMatch, ResponseKind
from koers.campaigns.results import campaign_results, owner_rows_for
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import api_field_names
from koers.sales.opportunities import queries as deal_queries

router = Router(tags=["campaigns"])

CampaignId = PathEx[int, P(ge=1, le=MAX_ID, description="The campaign's id.")]
LeadId = PathEx[int, P(ge=1, le=MAX_ID, description="The lead's id.")]

ORDERINGS = {"created_at": "recorded", "name": "name", "follow_up_on": "follow_up"}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]


class LeadFilters(Schema):
    q: SearchText(200) | None = Field(None, description="A part of the name or the company.")
    owner: Id | None = Field(None, description="The owner's user id.")
    match: LeadMatch | None = None
    converted: bool | None = Field(None, description="Turned into an opportunity or not.")
    ordering: Ordering = "-created_at"


def _filter_leads(user: User, campaign_id: int, filters: LeadFilters) -> Any:
    campaign = queries.campaign_for_detail(user, campaign_id)
    data: dict[str, str] = {}
    if filters.q is not None:
        data["q"] = filters.q
    if filters.owner is not None:
        data["owner"] = str(filters.owner)
    if filters.match is not None:
        data["match"] = filters.match.value
    if filters.converted is not None:
        data["converted"] = "yes" if filters.converted else "no"
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = LeadFilterSet(data, user=user, campaign=campaign, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found()


def _detail(user: User, pk: int) -> dict[str, Any]:
    return lead_data(lead_queries.lead_for_detail(user, pk))


@router.get(
    "/campaigns/{campaign_id}/leads",
    response={200: LeadPage, **COMMON_RESPONSES},
    summary="List a campaign's leads",
)
def list_campaign_leads(
    request: ApiRequest,
    campaign_id: CampaignId,
    filters: Query[LeadFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """Every lead for who reads the whole file; for the others those they recorded or own and
    those at accounts they may read. The latest first."""
    return paginate(request, _filter_leads(request.auth, campaign_id, filters), page, lead_data)


@router.post("/leads", response={201: LeadOut, **COMMON_RESPONSES}, summary="Record a lead")
def create_lead(
    request: ApiRequest, payload: LeadIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """A conversation at a campaign's event: matched to a contact by e-mail, else to an account
    by company name, else (or with `new_prospect`) a new prospect with its contact; the lead's
    owner is the account's account manager (or you), who gets the follow-up activity. Account
    managers, managers and administrators; send an `Idempotency-Key` to record it once."""
    user: User = request.auth
    if not access.can_record_leads(user):
        raise NotAllowed

    def create() -> tuple[int, dict[str, Any]]:
        data = payload.model_dump()
        campaign = lead_queries.lead_campaigns(user).filter(pk=data.pop("campaign_id")).first()
        if campaign is None:
            message = _("Choose an event that is open for leads.")
            raise FieldErrors({"campaign_id": [message]}, code="not_found")
        with api_field_names({"campaign": "campaign_id"}):
            lead = lead_services.lead_record(actor=user, campaign=campaign, **data)
        return 201, dump(LeadOut, _detail(user, lead.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get("/leads/{lead_id}", response={200: LeadOut, **COMMON_RESPONSES}, summary="Read a lead")
def get_lead(request: ApiRequest, lead_id: LeadId) -> dict[str, Any]:
    return _detail(request.auth, lead_id)


@router.post(
    "/leads/{lead_id}/opportunity",
    response={200: LeadOut, **COMMON_RESPONSES},
    summary="Turn a lead into an opportunity",
)
def convert_lead(request: ApiRequest, lead_id: LeadId) -> dict[str, Any]:
    """An opportunity of the lead's account with the campaign as its source, the lead's contact
    in its DMU and the lead's owner as its owner; once (a second call changes nothing). The
    lead is returned with its `opportunity_id`."""
    user: User = request.auth
    lead = lead_queries.lead_for_detail(user, lead_id)
    if lead.opportunity_id is None:
        if not deal_queries.may_create_for(user, lead.account):
            raise NotAllowed
        lead_services.lead_convert(actor=user, lead=lead)
    return _detail(user, lead_id)


class CampaignResponseFilters(Schema):
    kind: ResponseKind | None = None


@router.get(
    "/campaigns/{campaign_id}/responses",
    response={200: CampaignResponsePage, **COMMON_RESPONSES},
    summary="List a campaign's responses",
)
def list_campaign_responses(
    request: ApiRequest,
    campaign_id: CampaignId,
    filters: Query[CampaignResponseFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """Clicks, replies, registrations and leads, the latest first; for who does not read the
    whole file, those at accounts they may read."""
    user: User = request.auth
    campaign = queries.campaign_for_detail(user, campaign_id)
    rows = lead_queries.responses_readable(user, campaign)
    if filters.kind is not None:
        rows = rows.filter(kind=filters.kind)
    return paginate(request, rows, page, response_data)


@router.get(
    "/campaigns/{campaign_id}/results",
    response={200: CampaignResultsOut, **COMMON_RESPONSES},
    summary="Read a campaign's results",
)
def get_campaign_results(request: ApiRequest, campaign_id: CampaignId) -> dict[str, Any]:
    """The figures of the results page; `per_account_manager` holds every row for who reads
    the whole file and for the campaign's owner, a manager's team's rows, or your own."""
    user: User = request.auth
    campaign = queries.campaign_for_detail(user, campaign_id)
    results = campaign_results(campaign)
    return results_data(campaign.pk, results, owner_rows_for(user, campaign, results.owners))
