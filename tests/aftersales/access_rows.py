"""After-sales rows of the access matrix (tests/core/test_access_matrix.py).

Alice's order at Alpha, delivered, with a sent survey and a closed after-sales with one idea.
The after-sales pages are read like the account (bob, charlie and ingrid get a 404); sending a
survey and closing are for who may change the order (mark: 403). The survey list is for
managers and administrators (403 for the others); the settings for administrators. The public
survey page takes no login: a wrong token is a 404 for everyone, signed in or not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from koers.accounts import services as account_services
from koers.aftersales import services
from koers.sales.models import OrderStatus
from koers.sales.orders import services as order_services
from koers.sales.orders.services import LineIn
from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    alice, alpha, admin = objects["alice"], objects["alpha"], objects["admin"]
    order = order_services.order_create(
        actor=alice,
        account=alpha,
        lines=[LineIn(quantity=Decimal("1"), product=objects["product"])],
    )
    for step in (OrderStatus.CONFIRMED, OrderStatus.IN_DELIVERY, OrderStatus.DELIVERED):
        order = order_services.order_status_change(actor=admin, order=order, to=step)
    contact = account_services.contact_create(
        actor=alice,
        data={"first_name": "Sara", "last_name": "Smit", "email": "sara@alpha.nl"},
        account=alpha,
        position={},
    )
    survey, _token = services.survey_send(actor=alice, order=order, contact=contact)
    closed = order_services.order_create(
        actor=alice,
        account=alpha,
        lines=[LineIn(quantity=Decimal("1"), product=objects["product"])],
    )
    for step in (OrderStatus.CONFIRMED, OrderStatus.IN_DELIVERY, OrderStatus.DELIVERED):
        closed = order_services.order_status_change(actor=admin, order=closed, to=step)
    after = services.aftersales_close(actor=alice, order=closed, ideas=[("upsell", "More")])
    objects.update(
        delivered_order=order,
        survey=survey,
        survey_contact=contact,
        idea=after.ideas.get(),
    )


def rows(
    *, signed_in: dict[str, int], read: dict[str, int], admin_only: dict[str, int]
) -> list[Row]:
    write = statuses(read, mark=403)
    done = statuses(write, alice=302, maria=302, admin=302)
    managers = statuses(signed_in, alice=403, bob=403, charlie=403, ingrid=403, mark=403)
    gone = dict.fromkeys(
        ("anon", "alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"), 404
    )

    def order(w: World) -> dict[str, int]:
        return {"pk": w.delivered_order.pk}

    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    return [
        Row("aftersales:order_after_sales", read, kwargs=order),
        Row("aftersales:order_panel", read, kwargs=order, htmx=True),
        Row(
            "aftersales:survey_send",
            done,
            kwargs=order,
            method="post",
            data=lambda w: {"send-contact": str(w.survey_contact.pk)},
        ),
        Row(
            "aftersales:close",
            done,
            kwargs=order,
            method="post",
            data=lambda w: {"close-summary": "Fine", "close-upsell": "Bigger box"},
        ),
        Row(
            "aftersales:idea_opportunity",
            done,
            kwargs=lambda w: {"pk": w.idea.pk},
            method="post",
            data=lambda w: {},
        ),
        Row("aftersales:account_surveys", read, kwargs=lambda w: {"pk": w.alpha.pk}, htmx=True),
        Row("aftersales:survey_list", managers),
        Row("aftersales:settings", admin_only),
        Row(
            "aftersales:settings",
            statuses(admin_only, admin=302),
            method="post",
            data=lambda w: {"settings-call_after_days": "5", "settings-link_days": "20"},
            label="post aftersales:settings",
        ),
        Row(
            "aftersales:question_add",
            statuses(admin_only, admin=302),
            method="post",
            data=lambda w: {
                "question-text_nl": "Waarom?",
                "question-text_en": "Why?",
                "question-position": "1",
                "question-active": "on",
            },
        ),
        Row(
            "aftersales:question_edit",
            statuses(admin_only, admin=404),
            kwargs=lambda w: {"pk": 999999},
            method="post",
            data=lambda w: {},
        ),
        Row("aftersales:survey_answer", gone, kwargs=lambda w: {"token": "not-a-real-token"}),
        Row("api:v1:list_surveys", api(signed_in)),
        Row("api:v1:get_survey", api(read), kwargs=lambda w: {"survey_id": w.survey.pk}),
        Row(
            "api:v1:send_survey",
            api(read, alice=201, maria=201, admin=201, mark=403),
            kwargs=lambda w: {"order_id": w.delivered_order.pk},
            method="post",
            json=True,
            data=lambda w: {"contact_id": w.survey_contact.pk},
        ),
    ]
