"""Events and their registrations in the API (decision 139): events (list, read) for whoever
reads their campaign; registrations (list) scoped as on the pages (all for marketing and the
campaign's owner, an account manager's those of contacts at their accounts); a registration
created by marketing or an integration (a website's form), idempotent with an
`Idempotency-Key`; and, as on the page, one cancelled or moved up from the waiting list by
marketing or the campaign's owner (decision 147), idempotent by its status."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import _ATOM, _LABEL, MAX_ID, Id, In, PageOut, Text, dump
from koers.campaigns import event_queries, event_services
from koers.campaigns.event_links import page_url
from koers.campaigns.event_models import (
    Event,
    Registration,
    RegistrationSource,
    RegistrationStatus,
)
from koers.campaigns.event_services import Registrant
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User

router = Router(tags=["campaigns"])

EventId = PathEx[int, P(ge=1, le=MAX_ID, description="The event's id.")]
RegistrationId = PathEx[int, P(ge=1, le=MAX_ID, description="The registration's id.")]


class EventOut(Schema):
    id: int
    campaign_id: int
    name: str
    description: str
    location: str
    starts_at: datetime
    ends_at: datetime
    capacity: int | None = Field(description="Places; null: no limit.")
    registration_open: bool
    questions: list[str] = Field(description="Asked at registration, in this order.")
    reminder_days: int = Field(description="Days before the start a reminder goes; 0: none.")
    registration_url: str = Field(description="The public registration page.")


class EventPage(PageOut):
    results: list[EventOut]


def event_data(event: Event) -> dict[str, Any]:
    return {
        "id": event.pk,
        "campaign_id": event.campaign_id,
        "name": event.name,
        "description": event.description,
        "location": event.location,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "capacity": event.capacity,
        "registration_open": event.registration_open,
        "questions": event.question_list,
        "reminder_days": event.reminder_days,
        "registration_url": page_url(event.slug),
    }


class RegistrationOut(Schema):
    id: int
    event_id: int
    name: str
    company: str
    email: str
    language: str
    contact_id: int | None = Field(description="The matched contact; null: unmatched (a lead).")
    account_id: int | None
    status: RegistrationStatus
    source: RegistrationSource
    answers: dict[str, str]
    registered_at: datetime
    moved_up_at: datetime | None
    moved_up_by_id: int | None = Field(
        description="Who moved them up by hand; null: the waiting list moved by itself."
    )
    cancelled_at: datetime | None
    cancelled_by_id: int | None = Field(
        description="Who cancelled for them; null: the registrant, through their link."
    )
    checked_in_at: datetime | None


class RegistrationPage(PageOut):
    results: list[RegistrationOut]


def registration_data(row: Registration) -> dict[str, Any]:
    return {
        "id": row.pk,
        "event_id": row.event_id,
        "name": row.name,
        "company": row.company,
        "email": row.email,
        "language": row.language,
        "contact_id": row.contact_id,
        "account_id": row.account_id,
        "status": row.status,
        "source": row.source,
        "answers": row.answers,
        "registered_at": row.registered_at,
        "moved_up_at": row.moved_up_at,
        "moved_up_by_id": row.moved_up_by_id,
        "cancelled_at": row.cancelled_at,
        "cancelled_by_id": row.cancelled_by_id,
        "checked_in_at": row.checked_in_at,
    }


# The customer file's e-mail format (api.schemas.Email), required here.
RequiredEmail = Text(
    254,
    1,
    pattern=rf"^{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}}$",
    message=lambda: _("Enter a valid email address."),
    examples=["inkoop@example.nl"],
)


class RegistrationIn(In):
    name: Text(200, 1, examples=["Anna de Vries"])
    company: Text(200) = ""
    email: RequiredEmail = Field(description="A contact with this address is matched.")
    language: Literal["nl", "en"] = "nl"
    answers: dict[str, Text(1000)] = Field(
        {}, max_length=20, description="Per question of the event (its text), the answer."
    )


class EventFilters(Schema):
    campaign_id: Id | None = Field(None, description="Only the events of this campaign.")


class RegistrationFilters(Schema):
    status: RegistrationStatus | None = None
    unmatched: bool | None = Field(None, description="`true`: only those without a contact.")


def _events(user: User) -> QuerySet[Event]:
    return event_queries.events_readable(user).order_by("starts_at", "pk")


@router.get("/events", response={200: EventPage, **COMMON_RESPONSES}, summary="List events")
def list_events(
    request: ApiRequest, filters: Query[EventFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The events of the campaigns you may read, the earliest first."""
    rows = _events(request.auth)
    if filters.campaign_id is not None:
        rows = rows.filter(campaign_id=filters.campaign_id)
    return paginate(request, rows, page, event_data)


@router.get(
    "/events/{event_id}", response={200: EventOut, **COMMON_RESPONSES}, summary="Read an event"
)
def get_event(request: ApiRequest, event_id: EventId) -> dict[str, Any]:
    return event_data(_events(request.auth).get(pk=event_id))


@router.get(
    "/events/{event_id}/registrations",
    response={200: RegistrationPage, **COMMON_RESPONSES},
    summary="List an event's registrations",
)
def list_registrations(
    request: ApiRequest,
    event_id: EventId,
    filters: Query[RegistrationFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """All of them for marketing and administrators (and the sales director); for the others
    those of contacts at accounts they may read. In the order they came in."""
    user: User = request.auth
    event = _events(user).select_related("campaign").get(pk=event_id)
    rows = event_queries.registrations_readable(user, event).order_by("registered_at", "pk")
    if filters.status is not None:
        rows = rows.filter(status=filters.status)
    if filters.unmatched is not None:
        rows = rows.filter(contact__isnull=filters.unmatched)
    return paginate(request, rows, page, registration_data)


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, 200: RegistrationOut, **COMMON_RESPONSES},
    summary="Register for an event",
)
def create_registration(
    request: ApiRequest,
    event_id: EventId,
    payload: RegistrationIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Marketing and administrators (403 for the others who read the event). As on the public
    page: beyond the places on the waiting list, matched to a contact by e-mail, the mail sent
    once. An address already registered is a 200 with that registration; a closed
    registration a 422."""
    user: User = request.auth
    event = _events(user).get(pk=event_id)
    if not access.can_run_campaigns(user):
        raise NotAllowed

    def create() -> tuple[int, dict[str, Any]]:
        who = Registrant(
            name=payload.name,
            company=payload.company,
            email=payload.email,
            language=payload.language,
            answers=dict(payload.answers),
            source=RegistrationSource.API,
        )
        registration, created = event_services.registration_create(event=event, who=who)
        return (201 if created else 200), dump(RegistrationOut, registration_data(registration))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


class MoveUpIn(In):
    over_capacity: bool = Field(
        False,
        description="Also when every place is taken (the event then holds more than its "
        "places); without it a full event is a 422 with code `full`.",
    )


def _managed(user: User, event_id: int, registration_id: int) -> Registration:
    """A registration the user reads (else 404) of an event whose campaign they manage (403)."""
    event = _events(user).select_related("campaign").get(pk=event_id)
    registration = event_queries.registration_for(user, event, registration_id)
    if not event_queries.may_manage(user, event):
        raise NotAllowed
    registration.event = event
    return registration


@router.post(
    "/events/{event_id}/registrations/{registration_id}/cancel",
    response={200: RegistrationOut, **COMMON_RESPONSES},
    summary="Cancel a registration",
)
def cancel_registration(
    request: ApiRequest, event_id: EventId, registration_id: RegistrationId
) -> dict[str, Any]:
    """For the registrant, by marketing, administrators or the campaign's owner (403 for the
    others who read it). A freed place goes to the first on the waiting list, who gets the
    mail. Sending it again changes nothing: the registration as it is."""
    user: User = request.auth
    registration = _managed(user, event_id, registration_id)
    cancelled = event_services.registration_cancel_by_staff(actor=user, registration=registration)
    return registration_data(cancelled.registration or registration)


@router.post(
    "/events/{event_id}/registrations/{registration_id}/move-up",
    response={200: RegistrationOut, **COMMON_RESPONSES},
    summary="Move a registration up from the waiting list",
)
def move_up_registration(
    request: ApiRequest, event_id: EventId, registration_id: RegistrationId, payload: MoveUpIn
) -> dict[str, Any]:
    """Gives someone on the waiting list a place by hand, in any order, with the mail "a place
    came free" (calendar file and QR code), sent once. A full event is a 422 (`full`, naming
    `over_capacity`) unless `over_capacity` is true; a cancelled registration a 422 (`status`).
    Sending it again changes nothing: the registration as it is."""
    user: User = request.auth
    registration = _managed(user, event_id, registration_id)
    moved, _done = event_services.registration_move_up(
        actor=user, registration=registration, over_capacity=payload.over_capacity
    )
    return registration_data(moved)
