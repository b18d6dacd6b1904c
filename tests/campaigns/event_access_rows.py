"""The events' rows of the access matrix (tests/core/test_access_matrix.py) and what they point
at: marketing's seminar (`event`) of a campaign touching alice's accounts, anna's registration
(`registration`) and marketing's own stand duty (`slot`). Marketing and administrators create,
run, check in, cancel a registration and move one up (alice and her manager read it and are
refused at the door and at those: 403); the others are told nothing (404); the public page
shows the event to anybody, a forged link nothing."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from koers.campaigns import services
from koers.campaigns.event_links import CHECK_IN, sign
from koers.campaigns.event_models import Event, Registration, StandSlot
from koers.campaigns.selection import Criteria
from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    mark, alice = objects["mark"], objects["alice"]
    start = timezone.now() + timedelta(days=30)
    campaign = services.campaign_create(
        actor=mark,
        data={
            "name": "Seminar",
            "kind": "seminar",
            "starts_on": start.date(),
            "ends_on": start.date(),
            "owner": mark,
        },
    )
    services.selection_save(actor=mark, campaign=campaign, criteria=Criteria(owners=[alice.pk]))
    event = Event.objects.create(
        campaign=campaign,
        name="Seminar",
        location="Utrecht",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        slug=secrets.token_urlsafe(16),
        created_by=mark,
    )
    anna = objects["anna"]
    objects["event"] = event
    objects["registration"] = Registration.objects.create(
        event=event, contact=anna, account=objects["alpha"], name="Anna", email="anna@alpha.example"
    )
    objects["slot"] = StandSlot.objects.create(
        event=event, user=mark, starts_at=start, ends_at=start + timedelta(hours=1)
    )


def _moment(value: datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def rows(*, signed_in: dict[str, int], read: dict[str, int]) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    run = statuses(read, alice=403, maria=403)
    run_done = statuses(run, mark=302, admin=302)

    def pk(w: World) -> dict[str, int]:
        return {"pk": w.event.pk}

    def event_id(w: World) -> dict[str, int]:
        return {"event_id": w.event.pk}

    def form(w: World) -> dict[str, str]:
        return {
            "name": "Seminar",
            "location": "Utrecht",
            "starts_at": _moment(w.event.starts_at),
            "ends_at": _moment(w.event.ends_at),
            "reminder_days": "2",
        }

    def slot(w: World) -> dict[str, str]:
        return {
            "user": str(w.alice.pk),
            "starts_at": _moment(w.event.starts_at),
            "ends_at": _moment(w.event.ends_at),
        }

    def registration(w: World) -> dict[str, int]:
        return {"pk": w.event.pk, "registration": w.registration.pk}

    def registration_id(w: World) -> dict[str, int]:
        return {"event_id": w.event.pk, "registration_id": w.registration.pk}

    def scan(w: World) -> dict[str, str]:
        return {"token": sign(CHECK_IN, str(w.registration.pk))}

    public = dict.fromkeys((*signed_in, "anon"), 200)
    forged = dict.fromkeys((*signed_in, "anon"), 404)
    return [
        Row("campaigns:event_new", run, kwargs=lambda w: {"pk": w.event.campaign_id}),
        Row(
            "campaigns:event_new",
            run_done,
            kwargs=lambda w: {"pk": w.event.campaign_id},
            method="post",
            data=form,
        ),
        Row("campaigns:event_detail", read, kwargs=pk),
        Row("campaigns:event_edit", run, kwargs=pk),
        Row("campaigns:event_edit", run_done, kwargs=pk, method="post", data=form),
        Row(
            "campaigns:event_invite",
            read,
            kwargs=pk,
            method="post",
            data=lambda w: {"contact": str(w.anna.pk)},
        ),
        Row("campaigns:event_slot_add", run_done, kwargs=pk, method="post", data=slot),
        Row(
            "campaigns:event_slot_remove",
            run_done,
            kwargs=lambda w: {"pk": w.slot.pk},
            method="post",
        ),
        Row("campaigns:event_registrations", read, kwargs=pk),
        # Cancelling for the registrant and moving up by hand: who runs campaigns and the
        # campaign's owner (marketing here); alice and her manager read it and are refused.
        Row(
            "campaigns:event_registration_cancel",
            run_done,
            kwargs=registration,
            method="post",
        ),
        Row(
            "campaigns:event_registration_move_up",
            run_done,
            kwargs=registration,
            method="post",
        ),
        # The door: marketing and administrators (and whoever is on stand duty: nobody here).
        Row("campaigns:event_door", run, kwargs=pk),
        Row("campaigns:event_door", run, kwargs=pk, htmx=True, query="q=anna"),
        Row(
            "campaigns:event_check_in",
            run_done,
            kwargs=lambda w: {"pk": w.event.pk, "registration": w.registration.pk},
            method="post",
        ),
        Row(
            "campaigns:event_walk_in",
            run_done,
            kwargs=pk,
            method="post",
            data=lambda w: {"name": "Sanne", "email": ""},
        ),
        Row("campaigns:event_scan", run_done, kwargs=scan),
        # The public pages: no login; the event to anybody, a forged link nothing.
        Row("campaigns:event_register", public, kwargs=lambda w: {"slug": w.event.slug}),
        Row(
            "campaigns:event_cancel",
            forged,
            kwargs=lambda w: {"slug": w.event.slug, "token": "1:forged"},
        ),
        Row("api:v1:list_events", api(signed_in)),
        Row("api:v1:get_event", api(read), kwargs=event_id),
        Row("api:v1:list_registrations", api(read), kwargs=event_id),
        Row(
            "api:v1:create_registration",
            api(run, mark=201, admin=201),
            kwargs=event_id,
            method="post",
            json=True,
            data=lambda w: {"name": "Piet", "email": "piet@example.nl"},
        ),
        Row(
            "api:v1:cancel_registration",
            api(run, mark=200, admin=200),
            kwargs=registration_id,
            method="post",
        ),
        Row(
            "api:v1:move_up_registration",
            api(run, mark=200, admin=200),
            kwargs=registration_id,
            method="post",
            json=True,
            data=lambda w: {},
        ),
    ]
