"""The mandate's rows of the access matrix (tests/core/test_access_matrix.py).

Everyone signed in reads their own mandate and checks figures against it (a deal's check is
readable like the deal). The level mandates and group caps are the administrator's; personal
mandates are set by a manager of the account manager's team (maria for alice and bob) or the
administrator; delegating approvals is for managers, and only maria ends her own delegation.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from koers.core.models import Role
from koers.sales.mandate import services
from koers.sales.models import LIMIT_FIELDS, LevelMandate
from tests.access_matrix import Row, World, statuses
from tests.factories import make_user

NOT_MANAGERS = ("alice", "bob", "charlie", "ingrid", "mark", "admin")

LIMITS = {
    "max_line_discount": "15",
    "max_total_discount": "12",
    "min_margin": "20",
    "far_line_discount": "30",
    "far_total_discount": "25",
    "far_min_margin": "10",
}


def extend_world(objects: dict[str, Any]) -> None:
    maria = objects["maria"]
    stand_in = make_user("mona", role=Role.MANAGER)
    limits = {name: Decimal(value) for name, value in LIMITS.items()}
    # The matrix runs on a fixed day in the future of these dates' start.
    personal = services.personal_mandate_set(
        actor=maria,
        user=objects["bob"],
        limits=limits,
        reason="Trial",
        valid_from=date(2099, 1, 1),
    )
    delegation = services.delegation_create(
        actor=maria, delegate=stand_in, starts_on=date(2099, 1, 1), ends_on=date(2099, 1, 8)
    )
    objects.update(personal_mandate=personal, delegation=delegation, mona=stand_in)


def rows(*, signed_in: dict[str, int], read: dict[str, int], admin_only: Any) -> list[Row]:
    managers = statuses(admin_only, maria=200)
    managers_done = statuses(managers, maria=302, admin=302)
    only_maria = statuses(admin_only, maria=200, admin=403)
    # Someone else's delegation is not found; only maria's own is.
    mine_only = statuses(signed_in, **dict.fromkeys(("alice", "bob", "charlie"), 404),
                         ingrid=404, mark=404, admin=404)  # fmt: skip

    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def levels(w: World) -> dict[str, str]:
        data = {"action": "levels"}
        for row in LevelMandate.objects.all():
            for name in LIMIT_FIELDS:
                data[f"{row.level}-{name}"] = str(getattr(row, name))
        return data

    def personal(w: World) -> dict[str, str]:
        return {**LIMITS, "reason": "Key account", "valid_from": "2099-02-01"}

    check = {"list_1": "1000", "discount_1": "15", "cost_1": "600"}
    return [
        Row("sales:mandate_mine", signed_in),
        Row("sales:mandate_mine", signed_in, htmx=True),
        Row("sales:mandate_check", signed_in),
        Row("sales:mandate_check", signed_in, method="post", data=lambda w: check, htmx=True),
        Row(
            "sales:mandate_check",
            read,
            query=lambda w: f"opportunity={w.opportunity.pk}",
            label="get sales:mandate_check of a deal",
        ),
        Row("sales:mandate_settings", admin_only),
        Row(
            "sales:mandate_settings",
            statuses(admin_only, admin=302),
            method="post",
            data=levels,
        ),
        Row("sales:team_mandates", managers),
        Row("sales:personal_mandate", managers, kwargs=lambda w: {"pk": w.alice.pk}),
        Row(
            "sales:personal_mandate",
            managers_done,
            method="post",
            kwargs=lambda w: {"pk": w.alice.pk},
            data=personal,
        ),
        Row(
            "sales:personal_mandate_end",
            managers_done,
            method="post",
            kwargs=lambda w: {"pk": w.personal_mandate.pk},
        ),
        Row("sales:delegations", only_maria),
        Row(
            "sales:delegations",
            statuses(only_maria, maria=302),
            method="post",
            data=lambda w: {
                "delegate": str(w.mona.pk),
                "starts_on": "2099-03-01",
                "ends_on": "2099-03-02",
            },
        ),
        Row(
            "sales:delegation_end",
            statuses(mine_only, maria=302),
            method="post",
            kwargs=lambda w: {"pk": w.delegation.pk},
        ),
        # The API.
        Row("api:v1:get_my_mandate", api(signed_in)),
        Row("api:v1:list_level_mandates", api(signed_in)),
        Row(
            "api:v1:update_level_mandate",
            api(admin_only),
            kwargs=lambda w: {"level": "B"},
            method="put",
            json=True,
            data=lambda w: LIMITS,
        ),
        Row("api:v1:list_personal_mandates", api(signed_in)),
        Row(
            "api:v1:create_personal_mandate",
            api(admin_only, maria=201, admin=201),
            method="post",
            json=True,
            data=lambda w: {**personal(w), "user_id": w.alice.pk},
        ),
        Row(
            "api:v1:end_personal_mandate",
            api(signed_in, alice=404, charlie=404, ingrid=404, mark=404, bob=403),
            kwargs=lambda w: {"personal_mandate_id": w.personal_mandate.pk},
            method="post",
        ),
        # Delegations in the API: each lists their own; only a manager delegates; only maria
        # ends hers (the administrator reads it, and is refused).
        Row("api:v1:list_delegations", api(signed_in)),
        Row(
            "api:v1:create_delegation",
            api(signed_in, **dict.fromkeys(NOT_MANAGERS, 403), maria=201),
            method="post",
            json=True,
            data=lambda w: {
                "delegate_id": w.mona.pk,
                "starts_on": "2099-03-01",
                "ends_on": "2099-03-02",
            },
        ),
        Row(
            "api:v1:end_delegation",
            api(mine_only, maria=200, admin=403),
            kwargs=lambda w: {"delegation_id": w.delegation.pk},
            method="post",
        ),
        Row(
            "api:v1:check_mandate",
            api(signed_in),
            method="post",
            json=True,
            data=lambda w: {
                "lines": [{"key": "1", "list_amount": "100.00", "discount_amount": "20.00"}]
            },
        ),
    ]
