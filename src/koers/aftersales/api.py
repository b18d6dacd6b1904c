"""Surveys in the API: read the answers (`GET /surveys`, `GET /surveys/{id}`) and send a survey
for a delivered order (`POST /orders/{id}/surveys`).

The same access as the pages: a survey is readable like its order's account; sending is for
whoever may change the order. The link's token is never returned: it goes to the contact by mail
only, and Koers keeps its hash. Bad input is a 422 naming the field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.aftersales import queries, services
from koers.aftersales.models import Survey
from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, BodyId, In, PageOut, PlanDate, dump
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.correspondence import queries as correspondence_queries
from koers.correspondence.models import MailTemplate
from koers.relations.api.common import api_field_names
from koers.sales.orders import queries as order_queries

router = Router(tags=["surveys"])

SurveyId = PathEx[int, P(ge=1, le=MAX_ID, description="The survey's id.")]
OrderId = PathEx[int, P(ge=1, le=MAX_ID, description="The order's id.")]


class AnswerOut(Schema):
    question: str
    answer: str


class SurveyOut(Schema):
    id: int
    order_id: int
    account_id: int
    contact_id: int | None
    language: str = Field(description="The contact's language the survey was sent in.")
    sent_at: datetime
    expires_at: datetime = Field(description="The link works until then, once.")
    answered_at: datetime | None
    score: int | None = Field(description="0-10, how likely they recommend us (NPS).")
    sales_score: int | None = Field(description="1-5, the sales process.")
    delivery_score: int | None = Field(description="1-5, the delivery.")
    product_score: int | None = Field(description="1-5, the product.")
    went_wrong: bool = Field(description="The customer said something went wrong.")
    comment: str
    answers: list[AnswerOut] = Field(description="The administrator's extra questions answered.")
    follow_up_id: int | None = Field(description="The follow-up call a low score planned.")
    complaint_id: int | None = Field(description="The complaint a 'went wrong' answer made.")


class SurveyPage(PageOut):
    results: list[SurveyOut]


class SurveyFilters(Schema):
    account: int | None = Field(None, ge=1, le=MAX_ID, description="Surveys of this account.")
    order: int | None = Field(None, ge=1, le=MAX_ID, description="Surveys of this order.")
    answered: bool | None = Field(None, description="Only answered (true) or open (false) ones.")
    answered_from: PlanDate | None = Field(None, description="Answered on or after this day.")
    answered_until: PlanDate | None = Field(None, description="Answered on or before this day.")


class SurveySendIn(In):
    contact_id: BodyId = Field(description="A contact of the order's account with an e-mail.")
    template_id: BodyId | None = Field(None, description="A mail template; else the standard text.")


def survey_data(survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.pk,
        "order_id": survey.order_id,
        "account_id": survey.account_id,
        "contact_id": survey.contact_id,
        "language": survey.language,
        "sent_at": survey.sent_at,
        "expires_at": survey.expires_at,
        "answered_at": survey.answered_at,
        "score": survey.score,
        "sales_score": survey.sales_score,
        "delivery_score": survey.delivery_score,
        "product_score": survey.product_score,
        "went_wrong": survey.went_wrong,
        "comment": survey.comment,
        "answers": survey.answers,
        "follow_up_id": survey.follow_up_id,
        "complaint_id": survey.complaint_id,
    }


def _found(user: User, f: SurveyFilters) -> QuerySet[Survey]:
    rows = queries.surveys_readable(user)
    if f.account is not None:
        rows = rows.filter(account_id=f.account)
    if f.order is not None:
        rows = rows.filter(order_id=f.order)
    if f.answered is not None:
        rows = rows.filter(answered_at__isnull=not f.answered)
    if f.answered_from is not None:
        rows = rows.filter(answered_at__date__gte=f.answered_from)
    if f.answered_until is not None:
        rows = rows.filter(answered_at__date__lte=f.answered_until)
    return rows.order_by("-sent_at", "-pk")


@router.get("/surveys", response={200: SurveyPage, **COMMON_RESPONSES}, summary="List surveys")
def list_surveys(
    request: ApiRequest, filters: Query[SurveyFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The surveys of the accounts you may read, the latest sent first."""
    return paginate(request, _found(request.auth, filters), page, survey_data)


@router.get(
    "/surveys/{survey_id}", response={200: SurveyOut, **COMMON_RESPONSES}, summary="Read a survey"
)
def get_survey(request: ApiRequest, survey_id: SurveyId) -> dict[str, Any]:
    return survey_data(queries.surveys_readable(request.auth).get(pk=survey_id))


@router.post(
    "/orders/{order_id}/surveys",
    response={201: SurveyOut, **COMMON_RESPONSES},
    summary="Send a satisfaction survey",
)
def send_survey(
    request: ApiRequest, order_id: OrderId, payload: SurveySendIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Mails a contact of the delivered order's account a single-use link to the survey, in
    their language. For whoever may change the order (403 for others)."""
    user: User = request.auth
    order = order_queries.orders_readable(user).select_related("account").get(pk=order_id)

    def create() -> tuple[int, dict[str, Any]]:
        contact = (
            correspondence_queries.current_contacts(order.account)
            .filter(pk=payload.contact_id)
            .first()
        )
        if contact is None:
            message = _("There is no contact of this account with this id.")
            raise FieldErrors({"contact_id": [message]}, code="not_found")
        template = None
        if payload.template_id is not None:
            template = MailTemplate.objects.filter(pk=payload.template_id, active=True).first()
            if template is None:
                message = _("There is no mail template in use with this id.")
                raise FieldErrors({"template_id": [message]}, code="not_found")
        with api_field_names({"contact": "contact_id", "order": "order_id"}):
            survey, _token = services.survey_send(
                actor=user, order=order, contact=contact, template=template
            )
        return 201, dump(SurveyOut, survey_data(survey))

    return run_once(request, key=idempotency_key, payload=payload, create=create)
