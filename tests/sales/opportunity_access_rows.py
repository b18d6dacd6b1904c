"""The opportunities' rows of the access matrix (tests/core/test_access_matrix.py).

Alice's opportunity at Alpha is read and changed like the account: alice, maria and the
administrator change it; mark reads and gets a 403 on a change; bob, charlie and ingrid (not on
Alpha's team) get a 404. Reopening a lost one and approving the negotiation room are for the
manager and the administrator (alice 403). The competitor list is kept by marketing and the
administrator; the stage settings by the administrator. An activity is put on the deal (and
taken off) by whoever changes the deal.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from koers.sales.models import LostReason, StageSetting
from koers.sales.opportunities import services
from tests.access_matrix import Row, World, statuses
from tests.factories import make_contact


def extend_world(objects: dict[str, Any]) -> None:
    alice, alpha = objects["alice"], objects["alpha"]
    dirk = make_contact(alpha, first_name="Dirk", last_name="Alpha", buying_role="decider")
    competitor = services.competitor_add(actor=objects["mark"], data={"name": "Rivaal"})
    opportunity = services.opportunity_create(
        actor=alice,
        account=alpha,
        title="New ovens",
        close_on=date(2027, 3, 31),
        contacts=[objects["anna"]],
        lines=[(objects["product"], Decimal("2"))],
    )
    lost = services.opportunity_create(
        actor=alice, account=alpha, title="Old deal", close_on=date(2026, 11, 30)
    )
    services.opportunity_stage_change(
        actor=alice, opportunity=lost, to="lost", lost_reason=LostReason.TIMING
    )
    # The planned visit at Alpha is for the deal (a DELETE takes it off again).
    services.deal_activity_attach(actor=alice, activity=objects["visit"], pk=opportunity.pk)
    objects.update(
        opportunity=opportunity,
        lost_opportunity=lost,
        deal_contact=opportunity.deal_contacts.get(),
        opportunity_line=opportunity.lines.get(),
        competitor=competitor,
        dirk=dirk,
    )


def rows(*, signed_in: dict[str, int], read: dict[str, int], admin_only: Any) -> list[Row]:
    write = statuses(read, mark=403)
    done = statuses(write, alice=302, maria=302, admin=302)
    by_manager = statuses(write, alice=403, maria=302, admin=302)
    keepers = statuses(admin_only, mark=200)
    kept = statuses(keepers, mark=302, admin=302)

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    def api_pk(name: str) -> Any:
        return lambda w: {"opportunity_id": getattr(w, name).pk}

    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def form(w: World) -> dict[str, str]:
        return {
            "title": "Ovens",
            "close_on": "2027-03-31",
            "source": "visit",
            "stage": "prepare",
            "owner": str(w.alice.pk),
            "version": str(w.opportunity.version),
        }

    def post(name: str, expect: dict[str, int], data: Any, kwargs: Any = None) -> Row:
        return Row(
            f"sales:{name}",
            expect,
            kwargs=kwargs or pk("opportunity"),
            method="post",
            data=data,
        )

    def stages(w: World) -> dict[str, str]:
        values = {}
        for s in StageSetting.objects.all():
            values[f"probability_{s.stage}"] = str(s.probability)
            values[f"days_{s.stage}"] = str(s.stale_after_days)
        return values

    return [
        Row("sales:opportunity_list", signed_in),
        Row("sales:opportunity_list", signed_in, htmx=True, query="stage=open"),
        Row("sales:opportunity_count", signed_in, htmx=True, query="stage=open"),
        Row("sales:opportunity_export_csv", signed_in),
        Row("sales:opportunity_export_xlsx", signed_in, query="stage="),
        Row("sales:opportunity_detail", read, kwargs=pk("opportunity")),
        Row("sales:opportunity_new", write, query=lambda w: f"account={w.alpha.pk}"),
        Row(
            "sales:opportunity_new",
            done,
            method="post",
            query=lambda w: f"account={w.alpha.pk}",
            data=form,
            label="post sales:opportunity_new",
        ),
        Row("sales:opportunity_edit", write, kwargs=pk("opportunity")),
        post("opportunity_edit", done, form),
        post("opportunity_stage", done, lambda w: {"stage-to": "needs"}),
        post(
            "opportunity_reopen",
            by_manager,
            lambda w: {"reopen-to": "negotiation", "reopen-reason": "They called"},
            pk("lost_opportunity"),
        ),
        post("deal_contact_add", done, lambda w: {"contact-contact": str(w.dirk.pk)}),
        post(
            "deal_contact_update",
            done,
            lambda w: {"buying_role": "decider", "attitude": "supporter"},
            pk("deal_contact"),
        ),
        post("deal_contact_remove", done, None, pk("deal_contact")),
        post("opportunity_members", done, lambda w: {"members-owner_share": "100"}),
        post(
            "opportunity_competitors",
            done,
            lambda w: {"competitors-competitors": [str(w.competitor.pk)]},
        ),
        post(
            "opportunity_qualify",
            done,
            lambda w: {"qualification-q_fit": "2", "qualification-decision": "continue"},
        ),
        post(
            "opportunity_line_add",
            done,
            lambda w: {"line-product": str(w.product.pk), "line-quantity": "3"},
        ),
        post(
            "opportunity_line_remove",
            done,
            None,
            lambda w: {"pk": w.opportunity.pk, "line_pk": w.opportunity_line.pk},
        ),
        post("room_approve", by_manager, None),
        Row("sales:account_opportunities", read, kwargs=pk("alpha")),
        Row("sales:account_opportunities", read, kwargs=pk("alpha"), htmx=True),
        Row("sales:competitor_list", keepers),
        Row("sales:competitor_list", kept, method="post", data=lambda w: {"name": "Nieuw"}),
        Row("sales:competitor_edit", keepers, kwargs=pk("competitor")),
        post(
            "competitor_edit",
            kept,
            lambda w: {"name": "Rivaal BV", "active": "on"},
            pk("competitor"),
        ),
        # The API: the same access as the pages (401 without credentials).
        Row("api:v1:list_opportunities", api(signed_in)),
        Row(
            "api:v1:create_opportunity",
            api(write, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
            method="post",
            json=True,
            data=lambda w: {"account_id": w.alpha.pk, "title": "Ovens", "close_on": "2027-03-31"},
        ),
        Row("api:v1:get_opportunity", api(read), kwargs=api_pk("opportunity")),
        Row(
            "api:v1:update_opportunity",
            api(write),
            kwargs=api_pk("opportunity"),
            method="patch",
            json=True,
            data=lambda w: {"version": w.opportunity.version, "title": "Ovens"},
        ),
        Row(
            "api:v1:change_opportunity_stage",
            api(write),
            kwargs=api_pk("opportunity"),
            method="post",
            json=True,
            data=lambda w: {"stage": "needs"},
        ),
        Row(
            "api:v1:reopen_opportunity",
            api(write, alice=403),
            kwargs=api_pk("lost_opportunity"),
            method="post",
            json=True,
            data=lambda w: {"stage": "negotiation", "reason": "They called back"},
        ),
        Row("sales:activity_deal", read, kwargs=pk("visit")),
        post(
            "activity_deal",
            done,
            lambda w: {"opportunity": str(w.opportunity.pk)},
            pk("visit"),
        ),
        Row(
            "api:v1:link_activity",
            api(write),
            kwargs=api_pk("opportunity"),
            method="post",
            json=True,
            data=lambda w: {"activity_id": w.visit.pk},
        ),
        Row(
            "api:v1:unlink_activity",
            api(write, alice=204, maria=204, admin=204),
            kwargs=lambda w: {"opportunity_id": w.opportunity.pk, "activity_id": w.visit.pk},
            method="delete",
        ),
        Row("sales:stage_settings", admin_only),
        Row(
            "sales:stage_settings",
            statuses(admin_only, admin=302),
            method="post",
            data=stages,
        ),
    ]
