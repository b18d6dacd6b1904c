"""The access-matrix rows of leads, responses and results (decision 140) and the objects they
point at: a trade fair running today with a lead alice recorded (a new prospect of hers, so it
is read like her accounts), and a copy of marketing's mailing sent to anna, to mark as
answered. Recording: account managers, managers and administrators; reading a lead: who reads
its account, its recorder and owner; turning it into an opportunity: who may change its
account; marking a reply: who runs campaigns."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from koers.campaigns import lead_services, services
from koers.campaigns.models import MailingSend, SendStatus
from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    mark, alice = objects["mark"], objects["alice"]
    today = timezone.localdate()
    fair = services.campaign_create(
        actor=mark,
        data={
            "name": "Fair",
            "kind": "trade_fair",
            "starts_on": today,
            "ends_on": today + timedelta(days=1),
            "owner": mark,
        },
    )
    objects["fair"] = fair
    objects["lead"] = lead_services.lead_record(
        actor=alice,
        campaign=fair,
        name="Lena Lead",
        company="Lead BV",
        follow_up_on=today + timedelta(days=2),
        new_prospect=True,
    )
    objects["send"] = MailingSend.objects.create(
        mailing=objects["mailing"],
        contact=objects["anna"],
        account=objects["alpha"],
        status=SendStatus.SENT,
        email="anna@example.nl",
        sent_at=timezone.now(),
    )


def rows(*, signed_in: dict[str, int], read: dict[str, int]) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def campaign(w: World) -> dict[str, int]:
        return {"pk": w.campaign.pk}

    def fair(w: World) -> dict[str, int]:
        return {"pk": w.fair.pk}

    def fair_id(w: World) -> dict[str, int]:
        return {"campaign_id": w.fair.pk}

    def lead(w: World) -> dict[str, int]:
        return {"pk": w.lead.pk}

    def lead_id(w: World) -> dict[str, int]:
        return {"lead_id": w.lead.pk}

    def form(w: World) -> dict[str, str]:
        return {
            "campaign": str(w.fair.pk),
            "name": "Nina Nieuw",
            "company": "Nieuw BV",
            "follow_up_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
            "follow_up_kind": "phone_call",
        }

    def body(w: World) -> dict[str, Any]:
        return {
            "campaign_id": w.fair.pk,
            "name": "Nina Nieuw",
            "company": "Nieuw BV",
            "follow_up_on": (timezone.localdate() + timedelta(days=2)).isoformat(),
        }

    record = statuses(signed_in, ingrid=403, mark=403)
    convert = statuses(read, mark=403)
    run = statuses(read, alice=403, maria=403)
    public = dict.fromkeys(signed_in, 404) | {"anon": 404}
    return [
        Row("campaigns:lead_new", record),
        Row(
            "campaigns:lead_new",
            statuses(record, alice=302, bob=302, charlie=302, maria=302, admin=302),
            method="post",
            data=form,
        ),
        Row("campaigns:lead_list", read, kwargs=fair),
        Row("campaigns:lead_list", read, kwargs=fair, htmx=True),
        Row("campaigns:lead_detail", read, kwargs=lead),
        Row(
            "campaigns:lead_convert",
            statuses(convert, alice=302, maria=302, admin=302),
            kwargs=lead,
            method="post",
        ),
        Row("campaigns:campaign_results", read, kwargs=campaign),
        Row(
            "campaigns:send_replied",
            statuses(run, mark=302, admin=302),
            kwargs=lambda w: {"pk": w.send.pk},
            method="post",
        ),
        # The public redirect: a token that is not ours finds nothing, for anybody.
        Row("campaigns:tracked_click", public, kwargs=lambda w: {"token": "1:forged"}),
        Row("api:v1:list_campaign_leads", api(read), kwargs=fair_id),
        Row(
            "api:v1:create_lead",
            api(record, alice=201, bob=201, charlie=201, maria=201, admin=201),
            method="post",
            json=True,
            data=body,
        ),
        Row("api:v1:get_lead", api(read), kwargs=lead_id),
        Row("api:v1:convert_lead", api(convert), kwargs=lead_id, method="post", json=True),
        Row(
            "api:v1:list_campaign_responses",
            api(read),
            kwargs=lambda w: {"campaign_id": w.campaign.pk},
        ),
        Row(
            "api:v1:get_campaign_results",
            api(read),
            kwargs=lambda w: {"campaign_id": w.campaign.pk},
        ),
    ]
