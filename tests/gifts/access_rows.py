"""The gifts register's rows of the access matrix (tests/core/test_access_matrix.py) and the
objects they point at: on alice's account Alpha, her gift to Anna of € 120 awaiting approval
(`gift`), a planned one of € 20 (`planned_gift`) and one received above the limit
(`received_gift`). Only maria, the manager of alice's team, decides on them or notes them;
the administrator decides only for people without a team manager."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from koers.gifts import services
from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    alice, alpha, anna = objects["alice"], objects["alpha"], objects["anna"]
    today = timezone.localdate()

    def gift(value: str, **data: Any) -> Any:
        data.setdefault("direction", "given")
        data.setdefault("date", today)
        return services.gift_record(
            actor=alice,
            account=alpha,
            contact=anna,
            kind="gift",
            description="Wine",
            value=Decimal(value),
            **data,
        )

    objects["gift"] = gift("120")
    objects["planned_gift"] = gift("20", date=today + timedelta(days=10))
    objects["received_gift"] = gift("300", direction="received")


def rows(
    *, signed_in: dict[str, int], read: dict[str, int], write: dict[str, int], admin_only: Any
) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    def gift_id(name: str) -> Any:
        return lambda w: {"gift_id": getattr(w, name).pk}

    # Deciding: maria only (alice's manager); alice and marketing are refused, the others do
    # not see the gift; the administrator decides only for people without a team manager.
    decide = statuses(read, alice=403, mark=403, admin=403, maria=302)
    managers = statuses(signed_in, alice=403, bob=403, charlie=403, ingrid=403, mark=403)

    def edit_form(w: World) -> dict[str, str]:
        return {
            "kind": "gift",
            "contact": str(w.anna.pk),
            "description": "Changed",
            "value": "120",
            "date": timezone.localdate().isoformat(),
            "version": "1",
        }

    def new_form(w: World) -> dict[str, str]:
        return {**edit_form(w), "direction": "given", "value": "20"}

    def new_body(w: World) -> dict[str, Any]:
        return {
            "account_id": w.alpha.pk,
            "contact_id": w.anna.pk,
            "direction": "given",
            "kind": "gift",
            "description": "Wine",
            "value": "20.00",
            "date": "2026-12-04",
        }

    return [
        Row("gifts:gift_list", signed_in),
        Row("gifts:gift_list", signed_in, htmx=True),
        Row("gifts:gift_export_csv", signed_in),
        Row("gifts:gift_export_xlsx", signed_in),
        Row("gifts:decisions", managers),
        Row("gifts:decisions_count", signed_in, htmx=True),
        Row("gifts:overview", signed_in),
        Row("gifts:gift_detail", read, kwargs=pk("gift")),
        Row("gifts:gift_edit", write, kwargs=pk("gift")),
        Row(
            "gifts:gift_edit",
            statuses(write, alice=302, maria=302, admin=302),
            kwargs=pk("gift"),
            method="post",
            data=edit_form,
        ),
        Row("gifts:gift_approve", decide, kwargs=pk("gift"), method="post", data=lambda w: {}),
        Row(
            "gifts:gift_refuse",
            decide,
            kwargs=pk("gift"),
            method="post",
            data=lambda w: {"comment": "Too much"},
        ),
        Row(
            "gifts:gift_given",
            statuses(write, alice=302, maria=302, admin=302),
            kwargs=pk("planned_gift"),
            method="post",
        ),
        Row("gifts:gift_noted", decide, kwargs=pk("received_gift"), method="post"),
        Row("gifts:account_gifts", read, kwargs=lambda w: {"pk": w.alpha.pk}, htmx=True),
        Row("gifts:contact_gifts", read, kwargs=lambda w: {"pk": w.anna.pk}, htmx=True),
        Row("gifts:gift_new", write, kwargs=lambda w: {"pk": w.alpha.pk}),
        Row(
            "gifts:gift_new",
            statuses(write, alice=302, maria=302, admin=302),
            kwargs=lambda w: {"pk": w.alpha.pk},
            method="post",
            data=new_form,
        ),
        Row("gifts:gift_settings", admin_only),
        Row(
            "gifts:gift_settings",
            statuses(admin_only, admin=302),
            method="post",
            data=lambda w: {"limit": "75"},
        ),
        # The API: the same access as the pages.
        Row("api:v1:list_gifts", api(signed_in)),
        Row(
            "api:v1:create_gift",
            api(write, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
            method="post",
            json=True,
            data=new_body,
        ),
        Row("api:v1:get_gift", api(read), kwargs=gift_id("gift")),
        Row(
            "api:v1:update_gift",
            api(write),
            kwargs=gift_id("gift"),
            method="patch",
            json=True,
            data=lambda w: {"version": 1, "occasion": "Kerst"},
        ),
        Row(
            "api:v1:approve_gift",
            api(read, alice=403, mark=403, admin=403),
            kwargs=gift_id("gift"),
            method="post",
            json=True,
        ),
        Row(
            "api:v1:refuse_gift",
            api(read, alice=403, mark=403, admin=403),
            kwargs=gift_id("gift"),
            method="post",
            json=True,
            data=lambda w: {"comment": "Too much"},
        ),
        Row(
            "api:v1:give_gift",
            api(write),
            kwargs=gift_id("planned_gift"),
            method="post",
            json=True,
        ),
    ]
