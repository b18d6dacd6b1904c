"""Market information's rows of the access matrix (tests/core/test_access_matrix.py) and the
objects they point at: alice's signal about her account Alpha (`signal`), bob's general signal
(`general_signal`, tied to no account), the competitor "Markt Rivaal" (`market_rival`) and its
presence at Alpha (`presence`).

The feed (and the API's whole list) is for maria, mark and the administrator; a signal is read
like Alpha, a general one by all; alice's signal is changed by alice, marketing and the
administrator (maria reads it but did not record it); competitors are read by all and kept by
marketing and the administrator; a competitor at Alpha is recorded by who may change Alpha.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from koers.planning import services
from tests.access_matrix import Row, World, statuses
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_competitor


def extend_world(objects: dict[str, Any]) -> None:
    alice, alpha = objects["alice"], objects["alpha"]
    objects["market_rival"] = rival = make_competitor("Markt Rivaal")
    objects["signal"] = services.signal_record(
        actor=alice, title="Alpha opens a shop", accounts=[alpha], competitors=[rival]
    )
    objects["general_signal"] = services.signal_record(actor=objects["bob"], title="Rules")
    objects["presence"] = services.account_competitor_set(
        actor=alice, account=alpha, competitor=rival, supplies="Flour", share=20
    )
    objects["market_group"] = make_group("MKT")


def rows(
    *, signed_in: dict[str, int], read: dict[str, int], write: dict[str, int], **_: Any
) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    alpha = lambda w: {"pk": w.alpha.pk}  # noqa: E731
    feed = statuses(signed_in, alice=403, bob=403, charlie=403, ingrid=403)
    # Alice's signal: changed by her, marketing and the administrator; maria reads it only.
    change = statuses(read, maria=403)
    keep = statuses(signed_in, alice=403, bob=403, charlie=403, maria=403, ingrid=403)
    saved = statuses(write, alice=302, maria=302, admin=302)

    def signal_form(w: World) -> dict[str, Any]:
        return {
            "title": "Changed",
            "kind": "market",
            "source": "website",
            "importance": "2",
            "date": timezone.localdate().isoformat(),
            "version": "1",
        }

    def competitor_form(w: World) -> dict[str, str]:
        return {"name": "Markt Rivaal", "strengths": "Cheap", "active": "on"}

    def signal_id(name: str) -> Any:
        return lambda w: {"signal_id": getattr(w, name).pk}

    return [
        Row("planning:signal_list", feed),
        Row("planning:signal_list", feed, htmx=True),
        Row("planning:signal_export_csv", feed),
        Row("planning:signal_export_xlsx", feed),
        Row("planning:signal_new", signed_in),
        Row(
            "planning:signal_new",
            read,
            query=lambda w: f"account={w.alpha.pk}",
            label="get planning:signal_new for alpha",
        ),
        Row(
            "planning:signal_new",
            read,
            query=lambda w: f"report={w.reported.report.pk}",
            label="get planning:signal_new from alpha's report",
        ),
        Row(
            "planning:signal_new",
            statuses(signed_in, **dict.fromkeys(signed_in, 302)),
            method="post",
            data=signal_form,
        ),
        Row("planning:signal_detail", read, kwargs=pk("signal")),
        Row(
            "planning:signal_detail",
            signed_in,
            kwargs=pk("general_signal"),
            label="get planning:signal_detail general",
        ),
        Row("planning:signal_edit", change, kwargs=pk("signal")),
        Row(
            "planning:signal_edit",
            statuses(change, alice=302, mark=302, admin=302),
            kwargs=pk("signal"),
            method="post",
            data=signal_form,
        ),
        # The market pages: read by all; their figures are scoped inside (test_market_pages).
        Row("planning:market_index", signed_in),
        Row("planning:segment_market", signed_in, kwargs=pk("segment")),
        Row("planning:product_group_market", signed_in, kwargs=pk("market_group")),
        Row("planning:competitor_list", signed_in),
        Row("planning:competitor_detail", signed_in, kwargs=pk("market_rival")),
        Row("planning:competitor_edit", keep, kwargs=pk("market_rival")),
        Row(
            "planning:competitor_edit",
            statuses(keep, mark=302, admin=302),
            kwargs=pk("market_rival"),
            method="post",
            data=competitor_form,
        ),
        Row("planning:account_signals", read, kwargs=alpha, htmx=True),
        Row("planning:account_competitors", read, kwargs=alpha, htmx=True),
        Row(
            "planning:account_competitors",
            saved,
            kwargs=alpha,
            method="post",
            data=lambda w: {"competitor": str(w.market_rival.pk), "share": "30"},
        ),
        Row(
            "planning:account_competitor_remove",
            saved,
            kwargs=lambda w: {"pk": w.alpha.pk, "presence_pk": w.presence.pk},
            method="post",
        ),
        Row(
            "planning:report_market_information",
            read,
            kwargs=lambda w: {"pk": w.reported.pk},
            htmx=True,
        ),
        # The API: the same access as the pages.
        Row("api:v1:list_signals", api(feed)),
        Row(
            "api:v1:list_signals",
            api(read, bob=422, charlie=422, ingrid=422),
            query=lambda w: f"account={w.alpha.pk}",
            label="get api:v1:list_signals of alpha",
        ),
        Row(
            "api:v1:create_signal",
            api(statuses(signed_in, **dict.fromkeys(signed_in, 201))),
            method="post",
            json=True,
            data=lambda w: {"title": "Prices up", "kind": "price"},
        ),
        Row("api:v1:get_signal", api(read), kwargs=signal_id("signal")),
        Row(
            "api:v1:update_signal",
            api(change),
            kwargs=signal_id("signal"),
            method="patch",
            json=True,
            data=lambda w: {"version": 1, "importance": 3},
        ),
        Row("api:v1:list_competitors", api(signed_in)),
        Row(
            "api:v1:get_competitor",
            api(signed_in),
            kwargs=lambda w: {"competitor_id": w.market_rival.pk},
        ),
        Row(
            "api:v1:update_competitor",
            api(keep),
            kwargs=lambda w: {"competitor_id": w.market_rival.pk},
            method="patch",
            json=True,
            data=lambda w: {"strengths": "Cheap"},
        ),
        Row(
            "api:v1:list_account_competitors",
            api(read),
            kwargs=lambda w: {"account_id": w.alpha.pk},
        ),
        Row(
            "api:v1:add_account_competitor",
            api(write, alice=201, maria=201, admin=201),
            kwargs=lambda w: {"account_id": w.alpha.pk},
            method="post",
            json=True,
            data=lambda w: {"competitor_id": w.market_rival.pk, "share": 30},
        ),
        Row(
            "api:v1:remove_account_competitor",
            api(write, alice=204, maria=204, admin=204),
            kwargs=lambda w: {"account_id": w.alpha.pk, "competitor_id": w.market_rival.pk},
            method="delete",
        ),
    ]
