"""The campaigns' rows of the access matrix (tests/core/test_access_matrix.py) and the objects
they point at: marketing's campaign (`campaign`) whose live selection holds the contacts at
alice's accounts, so it touches them: readable by who reads her accounts, run by marketing and
administrators only; alice and her manager add and remove her contact anna by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from koers.campaigns import mailing_services, services
from koers.campaigns.selection import Criteria
from tests.access_matrix import Row, World, statuses

MAILING_TEXTS = {
    "subject_nl": "Voorjaar",
    "body_nl": "{salutation},",
    "subject_en": "Spring",
    "body_en": "{salutation},",
}


def extend_world(objects: dict[str, Any]) -> None:
    mark = objects["mark"]
    campaign = services.campaign_create(
        actor=mark,
        data={
            "name": "Spring mailing",
            "kind": "mailing",
            "starts_on": date(2027, 3, 1),
            "ends_on": date(2027, 3, 31),
            "owner": mark,
        },
    )
    criteria = Criteria(owners=[objects["alice"].pk])
    services.selection_save(actor=mark, campaign=campaign, criteria=criteria)
    objects["campaign"] = campaign
    objects["mailing"] = mailing_services.mailing_create(
        actor=mark, campaign=campaign, data=MAILING_TEXTS
    )


def rows(*, signed_in: dict[str, int], read: dict[str, int]) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def pk(w: World) -> dict[str, int]:
        return {"pk": w.campaign.pk}

    def campaign_id(w: World) -> dict[str, int]:
        return {"campaign_id": w.campaign.pk}

    # Running: marketing and administrators; the others who read it are refused (403), those
    # who do not are told nothing (404).
    run = statuses(read, alice=403, maria=403)
    run_done = statuses(run, mark=302, admin=302)
    create = statuses(
        signed_in, **dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid"), 403)
    )
    by_hand = statuses(read, alice=302, maria=302, mark=302, admin=302)

    def form(w: World) -> dict[str, str]:
        return {
            "name": "Fair",
            "kind": "trade_fair",
            "starts_on": "2027-03-01",
            "ends_on": "2027-03-02",
            "owner": str(w.mark.pk),
            "budget": "100",
            "actual_cost": "0",
            "version": "1",
        }

    def body(w: World) -> dict[str, Any]:
        return {
            "name": "Fair",
            "kind": "trade_fair",
            "starts_on": "2027-03-01",
            "ends_on": "2027-03-02",
            "owner_id": w.mark.pk,
        }

    def mailing(w: World) -> dict[str, int]:
        return {"pk": w.mailing.pk}

    def mailing_id(w: World) -> dict[str, int]:
        return {"mailing_id": w.mailing.pk}

    def texts(w: World) -> dict[str, str]:
        return {**MAILING_TEXTS, "version": "1"}

    # Mailings: marketing and administrators only; an untested one is refused at the send (400).
    unsubscribe = dict.fromkeys(signed_in, 404) | {"anon": 404}

    def contact(w: World) -> dict[str, str]:
        return {"contact": str(w.anna.pk)}

    return [
        Row("campaigns:campaign_list", signed_in),
        Row("campaigns:campaign_list", signed_in, htmx=True),
        Row("campaigns:campaign_new", create),
        Row(
            "campaigns:campaign_new",
            statuses(create, mark=302, admin=302),
            method="post",
            data=form,
        ),
        Row("campaigns:campaign_detail", read, kwargs=pk),
        Row("campaigns:campaign_history", read, kwargs=pk),
        Row("campaigns:campaign_edit", run, kwargs=pk),
        Row("campaigns:campaign_edit", run_done, kwargs=pk, method="post", data=form),
        Row("campaigns:selection", read, kwargs=pk),
        Row(
            "campaigns:selection",
            run_done,
            kwargs=pk,
            method="post",
            data=lambda w: {"tiers": ["A"], "save": "1"},
        ),
        Row("campaigns:selection_preview", run, kwargs=pk, htmx=True),
        Row("campaigns:selection_refresh", run_done, kwargs=pk, method="post"),
        Row("campaigns:selection_freeze", run_done, kwargs=pk, method="post"),
        Row("campaigns:selection_unfreeze", run_done, kwargs=pk, method="post"),
        Row("campaigns:selection_add", by_hand, kwargs=pk, method="post", data=contact),
        Row("campaigns:selection_remove", by_hand, kwargs=pk, method="post", data=contact),
        Row("campaigns:mailing_new", run, kwargs=pk),
        Row("campaigns:mailing_new", run_done, kwargs=pk, method="post", data=texts),
        Row("campaigns:mailing_detail", run, kwargs=mailing),
        Row("campaigns:mailing_edit", run, kwargs=mailing),
        Row("campaigns:mailing_edit", run_done, kwargs=mailing, method="post", data=texts),
        Row(
            "campaigns:mailing_test",
            run_done,
            kwargs=mailing,
            method="post",
            data=lambda w: {"language": "nl"},
        ),
        Row("campaigns:mailing_send", run, kwargs=mailing),
        Row(
            "campaigns:mailing_send",
            statuses(run, mark=400, admin=400),
            kwargs=mailing,
            method="post",
        ),
        Row("campaigns:mailing_sends", run, kwargs=mailing),
        # The public page: no login; a token that is not ours finds nothing, for anybody.
        Row("campaigns:unsubscribe", unsubscribe, kwargs=lambda w: {"token": "1:forged"}),
        # The API: the same access as the pages.
        Row("api:v1:list_campaigns", api(signed_in)),
        Row(
            "api:v1:create_campaign",
            api(create, mark=201, admin=201),
            method="post",
            json=True,
            data=body,
        ),
        Row("api:v1:get_campaign", api(read), kwargs=campaign_id),
        Row(
            "api:v1:update_campaign",
            api(run, mark=200, admin=200),
            kwargs=campaign_id,
            method="patch",
            json=True,
            data=lambda w: {"version": 1, "actual_cost": "10.00"},
        ),
        Row("api:v1:list_selection_members", api(read), kwargs=campaign_id),
        Row("api:v1:get_mailing", api(run, mark=200, admin=200), kwargs=mailing_id),
        # The writes of mailings (the world's mailing is an untested draft: a send or a move
        # is refused with a 422 for who may run it).
        Row(
            "api:v1:create_mailing",
            api(run, mark=201, admin=201),
            kwargs=campaign_id,
            method="post",
            json=True,
            data=lambda w: MAILING_TEXTS,
        ),
        Row(
            "api:v1:update_mailing",
            api(run, mark=200, admin=200),
            kwargs=mailing_id,
            method="patch",
            json=True,
            data=lambda w: {"version": 1, "subject_en": "Spring"},
        ),
        # Nobody of the world has an e-mail address to send the test to: a 422 for who may.
        Row(
            "api:v1:test_mailing",
            api(run, mark=422, admin=422),
            kwargs=mailing_id,
            method="post",
            json=True,
            data=lambda w: {"language": "nl"},
        ),
        *[
            Row(f"api:v1:{name}", api(run, mark=422, admin=422), kwargs=mailing_id, method="post")
            for name in ("send_mailing", "pause_mailing", "resume_mailing", "cancel_mailing")
        ],
        Row("campaigns:mailing_cancel", run, kwargs=mailing),  # the question
        *[
            Row(f"campaigns:mailing_{name}", run_done, kwargs=mailing, method="post")
            for name in ("pause", "resume", "cancel")
        ],
        Row("api:v1:list_mailing_sends", api(run, mark=200, admin=200), kwargs=mailing_id),
    ]
