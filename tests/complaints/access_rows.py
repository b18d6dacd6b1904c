"""The complaints' and notifications' rows of the access matrix (tests/core/test_access_matrix.py),
and the objects they point at.

Alice's complaint at Alpha: readable like the account (alice, maria, mark, admin); handled by
alice (owner), maria (manages her team) and the administrator; mark reads but may not handle
(403); bob, charlie and ingrid (not on the account team, no task) get a 404.
"""

from __future__ import annotations

from typing import Any

from koers.complaints import services
from tests.access_matrix import Row, World, statuses
from tests.complaints.factories import make_category, make_complaint

SIGNED_IN = statuses(
    dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"), 200), anon=302
)
READ = statuses(SIGNED_IN, bob=404, charlie=404, ingrid=404)
HANDLE = statuses(READ, mark=403)
HANDLED = statuses(HANDLE, alice=302, maria=302, admin=302)
ADMIN_ONLY = statuses(
    SIGNED_IN, **dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "mark"), 403)
)
API_READ = statuses(READ, anon=401)
API_HANDLE = statuses(API_READ, mark=403)
API_REFUSED = statuses(API_HANDLE, alice=409, maria=409, admin=409)


def complaint_world(people: Any, alpha: Any) -> dict[str, Any]:
    category = make_category("Delivery")
    complaint = make_complaint(people.alice, alpha)
    task = services.complaint_task_assign(
        actor=people.alice, complaint=complaint, assignee=people.alice, description="Call back"
    )
    return {"complaint_category": category, "complaint": complaint, "complaint_task": task}


def _pk(w: World) -> dict[str, int]:
    return {"pk": w.complaint.pk}


def _api_pk(w: World) -> dict[str, int]:
    return {"complaint_id": w.complaint.pk}


def _register(w: World) -> dict[str, str]:
    return {
        "category": str(w.complaint_category.pk),
        "description": "Late",
        "severity": "normal",
        "channel": "phone",
    }


def _edit(w: World) -> dict[str, str]:
    return {**_register(w), "owner": str(w.alice.pk), "version": "1"}


ROWS: list[Row] = [
    Row("complaints:complaint_list", SIGNED_IN),
    Row("complaints:complaint_list", SIGNED_IN, htmx=True, query="status=open"),
    Row(
        "complaints:complaint_list",
        SIGNED_IN,
        query=lambda w: f"product_group={w.product_group.pk}",
        label="get complaints:complaint_list by product group",
    ),
    # The structural overview: the complaint list's scope (marketing reads it too).
    Row("complaints:structural", SIGNED_IN),
    Row("complaints:structural", SIGNED_IN, htmx=True, query="min_accounts=2"),
    Row("complaints:complaint_export_csv", SIGNED_IN),
    Row("complaints:complaint_export_xlsx", SIGNED_IN, query="status=open"),
    Row("complaints:complaint_detail", READ, kwargs=_pk),
    Row("complaints:complaint_new", HANDLE, query=lambda w: f"account={w.alpha.pk}"),
    Row(
        "complaints:complaint_new",
        HANDLED,
        method="post",
        query=lambda w: f"account={w.alpha.pk}",
        data=_register,
        label="post complaints:complaint_new",
    ),
    Row(
        "complaints:complaint_new",
        HANDLED,
        method="post",
        query=lambda w: f"account={w.alpha.pk}",
        data=lambda w: {**_register(w), "product": str(w.product.pk)},
        label="post complaints:complaint_new with a product",
    ),
    Row("complaints:complaint_edit", HANDLE, kwargs=_pk),
    Row(
        "complaints:complaint_edit",
        HANDLED,
        kwargs=_pk,
        method="post",
        data=_edit,
        label="post complaints:complaint_edit",
    ),
    *[
        Row(
            "complaints:complaint_action",
            HANDLED,
            kwargs=lambda w, a=action: {"pk": w.complaint.pk, "action": a},
            method="post",
            data=lambda w, d=body: d,
            label=f"post complaints:complaint_action {action}",
        )
        for action, body in (
            ("start", {"start-note": "Called"}),
            ("solve", {"solve-solution": "Replaced"}),
            ("reject", {"reject-reason": "Not ours"}),
        )
    ],
    Row(
        "complaints:task_assign",
        HANDLED,
        kwargs=_pk,
        method="post",
        data=lambda w: {"assignee": str(w.bob.pk), "description": "Check stock"},
    ),
    Row(
        "complaints:task_done",
        HANDLED,
        kwargs=lambda w: {"pk": w.complaint_task.pk},
        method="post",
    ),
    Row(
        "complaints:comment_add",
        HANDLED,
        kwargs=_pk,
        method="post",
        data=lambda w: {"text": "Called @maria"},
    ),
    Row("complaints:account_complaints", READ, kwargs=lambda w: {"pk": w.alpha.pk}, htmx=True),
    Row("complaints:contact_complaints", READ, kwargs=lambda w: {"pk": w.anna.pk}, htmx=True),
    Row("complaints:category_settings", ADMIN_ONLY),
    Row(
        "complaints:category_settings",
        statuses(ADMIN_ONLY, admin=302),
        method="post",
        data=lambda w: {"name": "Invoice"},
        label="post complaints:category_settings",
    ),
    Row(
        "complaints:category_edit",
        statuses(ADMIN_ONLY, admin=302),
        kwargs=lambda w: {"pk": w.complaint_category.pk},
        method="post",
        data=lambda w: {"name": "Deliveries", "active": "on"},
    ),
    # The API: the same access as the pages (401 without credentials).
    Row("api:v1:list_complaints", statuses(SIGNED_IN, anon=401)),
    Row(
        "api:v1:list_complaints",
        statuses(SIGNED_IN, anon=401),
        query=lambda w: f"product={w.product.pk}",
        label="get api:v1:list_complaints by product",
    ),
    Row(
        "api:v1:create_complaint",
        statuses(API_HANDLE, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
        method="post",
        json=True,
        data=lambda w: {
            "account_id": w.alpha.pk,
            "category_id": w.complaint_category.pk,
            "description": "Late",
        },
    ),
    Row(
        "api:v1:create_complaint",
        statuses(API_HANDLE, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
        method="post",
        json=True,
        data=lambda w: {
            "account_id": w.alpha.pk,
            "category_id": w.complaint_category.pk,
            "description": "Late",
            "product_group_id": w.product_group.pk,
        },
        label="post api:v1:create_complaint with a product group",
    ),
    Row("api:v1:get_complaint", API_READ, kwargs=_api_pk),
    Row(
        "api:v1:update_complaint",
        API_HANDLE,
        kwargs=_api_pk,
        method="patch",
        json=True,
        data=lambda w: {"version": 1, "product_name": "Pallets"},
    ),
    *[
        Row(f"api:v1:{name}", expect, kwargs=_api_pk, method="post", json=True, data=body)
        for name, expect, body in (
            ("start_complaint", API_HANDLE, lambda w: {"note": "Called"}),
            ("solve_complaint", API_HANDLE, lambda w: {"solution": "Replaced"}),
            ("reject_complaint", API_HANDLE, lambda w: {"reason": "Not ours"}),
            # A received complaint: the move is refused by its status, after the access check.
            ("verify_complaint", API_REFUSED, lambda w: {"answer": "Fine"}),
            ("reopen_complaint", API_REFUSED, lambda w: {"reason": "Again"}),
            ("answer_follow_up", API_REFUSED, lambda w: {"satisfied": True}),
            ("hand_over_complaint", API_HANDLE, lambda w: {"owner_id": w.alice.pk}),
        )
    ],
    Row("api:v1:list_tasks", API_READ, kwargs=_api_pk),
    Row(
        "api:v1:create_task",
        statuses(API_HANDLE, alice=201, maria=201, admin=201),
        kwargs=_api_pk,
        method="post",
        json=True,
        data=lambda w: {"assignee_id": w.bob.pk, "description": "Check stock"},
    ),
    Row(
        "api:v1:finish_task",
        API_HANDLE,
        kwargs=lambda w: {"complaint_id": w.complaint.pk, "task_id": w.complaint_task.pk},
        method="post",
        json=True,
    ),
    Row("api:v1:list_comments", API_READ, kwargs=_api_pk),
    Row(
        "api:v1:create_comment",
        statuses(API_HANDLE, alice=201, maria=201, admin=201),
        kwargs=_api_pk,
        method="post",
        json=True,
        data=lambda w: {"text": "Called @maria"},
    ),
    # Everyone's own notifications.
    Row("notifications:notification_list", SIGNED_IN),
    Row("notifications:bell", SIGNED_IN, htmx=True),
    Row(
        "notifications:notification_read",
        statuses(SIGNED_IN, **dict.fromkeys(SIGNED_IN, 302)),
        method="post",
    ),
]
