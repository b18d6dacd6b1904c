"""/api/v1/mandates: my mandate, the level mandates (administrators change them), personal
mandates (a manager of the team), and the check (figures in, the verdict out, the same rules
as the pages); refusals are 403 or 422 naming the field, and change nothing."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from koers.sales.mandate import services
from koers.sales.models import LevelMandate, PersonalMandate
from koers.sales.opportunities import services as opportunity_services
from tests.factories import make_account
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_opportunity

LIMITS = {
    "max_line_discount": "15",
    "max_total_discount": "12",
    "min_margin": "20",
    "far_line_discount": "30",
    "far_total_discount": "25",
    "far_min_margin": "10",
}


def _put(client, path: str, body: dict):
    return client.client.put(
        "/api/v1" + path,
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {client.token}"},
    )


def _errors(response) -> dict[str, str]:
    return {e["field"]: e.get("code") for e in response.json()["errors"]}


def test_me_is_my_levels_mandate_and_my_approver(people, api):
    body = api(people.alice).get("/mandates/me").json()
    assert body == {
        "user_id": people.alice.pk,
        "source": "level",
        "level": "B",
        "personal_mandate_id": None,
        "approvers": [{"id": people.maria.pk, "name": "Maria Tester"}],
        "max_line_discount": "10.0",
        "max_total_discount": "10.0",
        "min_margin": "25.0",
        "far_line_discount": "20.0",
        "far_total_discount": "20.0",
        "far_min_margin": "15.0",
    }


def test_only_the_administrator_changes_a_level(people, api):
    assert _put(api(people.maria), "/mandates/levels/B", LIMITS).status_code == 403
    assert LevelMandate.objects.get(level="B").max_line_discount == Decimal("10")
    wrong = _put(api(people.admin), "/mandates/levels/B", {**LIMITS, "far_min_margin": "22"})
    assert wrong.status_code == 422
    assert _errors(wrong) == {"far_min_margin": "threshold"}
    ok = _put(api(people.admin), "/mandates/levels/B", LIMITS)
    assert ok.status_code == 200
    assert ok.json()["max_line_discount"] == "15.0"
    levels = api(people.alice).get("/mandates/levels").json()
    assert [row["level"] for row in levels] == ["A", "B", "C"]


def test_a_manager_sets_and_ends_a_personal_mandate(people, api):
    body = {
        **LIMITS,
        "user_id": people.alice.pk,
        "reason": "Key account",
        "valid_from": "2026-06-15",
    }
    assert api(people.alice).post("/mandates/personal", body).status_code == 403
    assert api(people.charlie).post("/mandates/personal", body).status_code == 403
    assert not PersonalMandate.objects.exists()
    created = api(people.maria).post("/mandates/personal", body)
    assert created.status_code == 201
    mandate_id = created.json()["id"]
    assert api(people.alice).get("/mandates/me").json()["source"] == "personal"
    listed = api(people.maria).get("/mandates/personal").json()
    assert [row["id"] for row in listed["results"]] == [mandate_id]
    assert api(people.charlie).get("/mandates/personal").json()["results"] == []
    assert api(people.alice).post(f"/mandates/personal/{mandate_id}/end").status_code == 403
    ended = api(people.maria).post(f"/mandates/personal/{mandate_id}/end")
    assert ended.json()["valid_until"] == "2026-06-15"
    again = api(people.maria).post(f"/mandates/personal/{mandate_id}/end")  # the same day
    assert again.json()["valid_until"] == "2026-06-15"


def test_a_personal_mandate_in_the_past_or_for_nobody_is_named(people, api):
    body = {**LIMITS, "user_id": people.alice.pk, "reason": "x", "valid_from": "2026-06-01"}
    assert _errors(api(people.maria).post("/mandates/personal", body)) == {
        "valid_from": "dates_order"
    }
    nobody = {**body, "user_id": 999_999, "valid_from": "2026-06-15"}
    assert _errors(api(people.maria).post("/mandates/personal", nobody)) == {"user_id": "not_found"}
    assert not PersonalMandate.objects.exists()


def test_the_check_names_every_breach_and_the_approvers(people, api):
    group = make_group("PRINT")
    services.group_cap_set(actor=people.admin, group=group, max_discount=Decimal("3"))
    body = {
        "lines": [
            {"key": "a", "list_amount": "1000.00", "discount_amount": "150.00",
             "cost_amount": "600.00"},
            {"key": "b", "list_amount": "100.00", "discount_amount": "5.00",
             "cost_amount": "50.00", "product_group_id": group.pk},
        ],
        "total_discount_amount": "0.00",
    }  # fmt: skip
    verdict = api(people.alice).post("/mandates/check", body).json()
    assert [(b["rule"], b["line_key"], b["step"]) for b in verdict["breaches"]] == [
        ("line_discount", "a", "manager"),
        ("group_cap", "b", "manager"),
        ("total_discount", None, "manager"),
    ]
    assert verdict["step_needed"] == "manager"
    assert verdict["total_discount"] == "14.1"
    assert verdict["approvers"] == [{"id": people.maria.pk, "name": "Maria Tester"}]
    assert (
        verdict["breaches"][1]["message"]
        == "Discount 5.0 % is above the cap of Group PRINT (3.0 %)."
    )


def test_the_check_of_a_deal_is_judged_in_its_room(people, api):
    deal = make_opportunity(people.alice, make_account(people.alice, "Alpha"))
    deal = opportunity_services.opportunity_update(
        actor=people.alice,
        opportunity=deal,
        expected_version=deal.version,
        data={"room_max_discount": Decimal("30")},
    )
    opportunity_services.opportunity_room_approve(actor=people.maria, opportunity=deal)
    body = {
        "opportunity_id": deal.pk,
        "lines": [
            {
                "key": "1",
                "list_amount": "100.00",
                "discount_amount": "25.00",
                "cost_amount": "10.00",
            }
        ],
    }
    verdict = api(people.maria).post("/mandates/check", body).json()
    # 25 % is far beyond level B: the room a manager approved does not cover it.
    assert verdict["step_needed"] == "director"
    assert verdict["within_room"] is True
    assert api(people.bob).post("/mandates/check", body).status_code == 422


def test_the_check_refuses_other_peoples_mandates_and_twice_the_same_key(people, api):
    line = {"key": "1", "list_amount": "10.00", "discount_amount": "0.00"}
    body = {"owner_id": people.charlie.pk, "lines": [line]}
    assert api(people.alice).post("/mandates/check", body).status_code == 403
    assert (
        api(people.maria).post("/mandates/check", {**body, "owner_id": people.alice.pk}).status_code
        == 200
    )
    twice = api(people.alice).post("/mandates/check", {"lines": [line, line]})
    assert _errors(twice) == {"lines": "unique"}


def test_the_list_makes_a_fixed_number_of_queries(people, api, query_baseline):
    for i in range(3):
        services.personal_mandate_set(
            actor=people.maria,
            user=people.alice if i % 2 else people.bob,
            limits={k: Decimal(v) for k, v in LIMITS.items()},
            reason=str(i),
            valid_from=date(2026, 7, i + 1),
        )
    client = api(people.maria)
    with query_baseline("list"):
        assert len(client.get("/mandates/personal").json()["results"]) == 3
