"""The catalogue's rows of the access matrix (tests/core/test_access_matrix.py): every user reads
the catalogue; only the administrator changes it; a chain's price list and an agreed price are
read with the account (alice's Alpha). The objects: a main group with a subgroup, a product on
a list for everyone (`period_list`) and on Alpha's list (`alpha_list`), agreed with Alpha, and
a rate of the future to delete."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from koers.sales.catalogue import services
from koers.sales.models import AgreedPrice, PriceList, PriceListItem
from tests.access_matrix import Row, World, statuses

START = date(2026, 1, 1)


def extend_world(objects: dict[str, Any]) -> None:
    admin = objects["admin"]
    main = services.product_group_create(
        actor=admin, data={"code": "VLEES", "name_nl": "Vlees", "name_en": "Meat"}
    )
    sub = services.product_group_create(
        actor=admin, data={"code": "RUND", "name_nl": "Rund", "parent": main}
    )
    product = services.product_create(
        actor=admin,
        data={
            "code": "RUND-01",
            "group": sub,
            "name_nl": "Biefstuk",
            "unit": "kg",
            "cost_price": Decimal("14.00"),
            "list_price": Decimal("21.50"),
            "vat_category": "low",
            "active_from": START,
        },
    )
    period_list = services.price_list_create(
        actor=admin, data={"name": "Iedereen", "valid_from": START}
    )
    alpha_list = services.price_list_create(
        actor=admin, data={"name": "Alpha", "account": objects["alpha"], "valid_from": START}
    )
    item = services.price_list_item_set(
        actor=admin, price_list=alpha_list, product=product, price=Decimal("19.00")
    )
    services.price_list_item_set(
        actor=admin, price_list=period_list, product=product, price=Decimal("20.00")
    )
    agreed = services.agreed_price_create(
        actor=admin,
        data={
            "account": objects["alpha"],
            "product": product,
            "price": Decimal("18.00"),
            "valid_from": START,
        },
    )
    rate = services.vat_rate_create(
        actor=admin, vat_category="high", percentage=Decimal("22"), valid_from=date(2031, 1, 1)
    )
    objects.update(
        product_group=main,
        product_subgroup=sub,
        product=product,
        period_list=period_list,
        alpha_list=alpha_list,
        alpha_item=item,
        agreed=agreed,
        future_rate=rate,
    )


def rows(*, signed_in: dict[str, int], read: dict[str, int], admin_only: Any) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    admin_post = statuses(admin_only, admin=302)
    # The API refuses a write with a 403 before the body is looked at.
    api_admin = api(statuses(admin_only, admin=200))

    def product_form(w: World) -> dict[str, str]:
        return {
            "code": "RUND-02",
            "kind": "product",
            "group": str(w.product_subgroup.pk),
            "name_nl": "Entrecote",
            "unit": "kg",
            "cost_price": "15",
            "list_price": "24",
            "vat_category": "low",
            "active_from": "2026-01-01",
        }

    def product_body(w: World) -> dict[str, Any]:
        return {
            "code": "RUND-03",
            "group_id": w.product_subgroup.pk,
            "name_nl": "Rosbief",
            "cost_price": "12.00",
            "list_price": "18.00",
            "active_from": "2026-01-01",
        }

    return [
        Row("sales:product_list", signed_in),
        Row("sales:product_list", signed_in, htmx=True),
        Row("sales:product_export_csv", signed_in),
        Row("sales:product_export_xlsx", signed_in),
        Row("sales:product_detail", signed_in, kwargs=pk("product")),
        Row(
            "sales:product_detail",
            read,
            kwargs=pk("product"),
            query=lambda w: f"account={w.alpha.pk}&quantity=2",
            label="get sales:product_detail with the price for alpha",
        ),
        Row("sales:product_create", admin_only),
        Row("sales:product_create", admin_post, method="post", data=product_form),
        Row("sales:product_edit", admin_only, kwargs=pk("product")),
        Row(
            "sales:product_edit",
            admin_post,
            kwargs=pk("product"),
            method="post",
            data=lambda w: {**product_form(w), "code": "RUND-01"},
        ),
        Row("sales:product_remove", admin_post, kwargs=pk("product"), method="post"),
        Row("sales:group_list", admin_only),
        Row("sales:group_create", admin_only),
        Row(
            "sales:group_create",
            admin_post,
            method="post",
            data=lambda w: {"code": "KIP", "name_nl": "Kip", "position": "1"},
        ),
        Row("sales:group_edit", admin_only, kwargs=pk("product_group")),
        Row(
            "sales:group_edit",
            admin_post,
            kwargs=pk("product_group"),
            method="post",
            data=lambda w: {"code": "VLEES", "name_nl": "Vers vlees", "position": "0"},
        ),
        Row("sales:group_remove", admin_post, kwargs=pk("product_group"), method="post"),
        Row("sales:vat_rate_list", admin_only),
        Row(
            "sales:vat_rate_list",
            admin_post,
            method="post",
            data=lambda w: {"vat_category": "low", "percentage": "10", "valid_from": "2032-01-01"},
        ),
        Row("sales:vat_rate_remove", admin_post, kwargs=pk("future_rate"), method="post"),
        Row("sales:catalogue_settings", admin_only),
        Row(
            "sales:catalogue_settings",
            admin_post,
            method="post",
            data=lambda w: {"cost_prices_hidden_for": ["account_manager_A", "marketing"]},
        ),
        Row("sales:price_list_list", admin_only),
        Row("sales:price_list_list", admin_only, htmx=True),
        Row("sales:price_list_create", admin_only),
        Row(
            "sales:price_list_create",
            admin_post,
            method="post",
            data=lambda w: {"name": "Zomer", "valid_from": "2026-07-01"},
        ),
        Row("sales:price_list_detail", admin_only, kwargs=pk("alpha_list")),
        Row(
            "sales:price_list_detail",
            admin_post,
            kwargs=pk("alpha_list"),
            method="post",
            data=lambda w: {
                "name": "Alpha 2026",
                "account": str(w.alpha.pk),
                "valid_from": "2026-01-01",
            },
        ),
        Row("sales:price_list_remove", admin_post, kwargs=pk("alpha_list"), method="post"),
        Row(
            "sales:price_list_item_add",
            admin_post,
            kwargs=pk("alpha_list"),
            method="post",
            data=lambda w: {"product": str(w.product.pk), "min_quantity": "10", "price": "17"},
        ),
        Row(
            "sales:price_list_item_remove",
            admin_post,
            kwargs=lambda w: {"pk": w.alpha_list.pk, "item_pk": w.alpha_item.pk},
            method="post",
        ),
        Row("sales:agreed_price_list", admin_only),
        Row("sales:agreed_price_list", admin_only, htmx=True),
        Row("sales:agreed_price_create", admin_only),
        Row(
            "sales:agreed_price_create",
            admin_post,
            method="post",
            data=lambda w: {
                "account": str(w.branch.pk),
                "product": str(w.product.pk),
                "price": "17.50",
                "valid_from": "2026-01-01",
                "for_branches": "on",
            },
        ),
        Row("sales:agreed_price_edit", admin_only, kwargs=pk("agreed")),
        Row(
            "sales:agreed_price_edit",
            admin_post,
            kwargs=pk("agreed"),
            method="post",
            data=lambda w: {
                "product": str(w.product.pk),
                "price": "17.75",
                "valid_from": "2026-01-01",
            },
        ),
        Row("sales:agreed_price_remove", admin_post, kwargs=pk("agreed"), method="post"),
        # The account page's panel of agreed prices: read like the account.
        Row("sales:account_agreed_prices", read, kwargs=pk("alpha")),
        Row("sales:account_agreed_prices", read, kwargs=pk("alpha"), htmx=True),
        # The API: the same access as the pages.
        Row("api:v1:list_products", api(signed_in)),
        Row("api:v1:get_product", api(signed_in), kwargs=lambda w: {"product_id": w.product.pk}),
        Row(
            "api:v1:create_product",
            statuses(api_admin, admin=201),
            method="post",
            json=True,
            data=product_body,
        ),
        Row(
            "api:v1:update_product",
            api_admin,
            kwargs=lambda w: {"product_id": w.product.pk},
            method="patch",
            json=True,
            data=lambda w: {"version": w.product.version, "list_price": "22.00"},
        ),
        Row(
            "api:v1:product_price",
            api(read, bob=422, charlie=422, ingrid=422),
            kwargs=lambda w: {"product_id": w.product.pk},
            query=lambda w: f"account_id={w.alpha.pk}",
        ),
        Row("api:v1:list_product_groups", api(signed_in)),
        Row(
            "api:v1:get_product_group",
            api(signed_in),
            kwargs=lambda w: {"group_id": w.product_group.pk},
        ),
        Row(
            "api:v1:create_product_group",
            statuses(api_admin, admin=201),
            method="post",
            json=True,
            data=lambda w: {"code": "KIP", "name_nl": "Kip"},
        ),
        Row(
            "api:v1:update_product_group",
            api_admin,
            kwargs=lambda w: {"group_id": w.product_group.pk},
            method="patch",
            json=True,
            data=lambda w: {"name_en": "Fresh meat"},
        ),
        Row("api:v1:list_price_lists", api(signed_in)),
        Row(
            "api:v1:get_price_list",
            api(read),
            kwargs=lambda w: {"price_list_id": w.alpha_list.pk},
            label="get api:v1:get_price_list of alpha's chain",
        ),
        Row(
            "api:v1:get_price_list",
            api(signed_in),
            kwargs=lambda w: {"price_list_id": w.period_list.pk},
            label="get api:v1:get_price_list for everyone",
        ),
        Row(
            "api:v1:create_price_list",
            statuses(api_admin, admin=201),
            method="post",
            json=True,
            data=lambda w: {"name": "Zomer", "valid_from": "2026-07-01"},
        ),
        Row(
            "api:v1:update_price_list",
            api_admin,
            kwargs=lambda w: {"price_list_id": w.period_list.pk},
            method="patch",
            json=True,
            data=lambda w: {"version": _version(PriceList, w.period_list), "notes": "Zomer"},
        ),
        # Deletes: what is in use (the product on lists, a list that has applied) is a 409.
        Row(
            "api:v1:delete_product",
            statuses(api_admin, admin=409),
            kwargs=lambda w: {"product_id": w.product.pk},
            method="delete",
        ),
        Row(
            "api:v1:delete_price_list",
            statuses(api_admin, admin=409),
            kwargs=lambda w: {"price_list_id": w.period_list.pk},
            method="delete",
        ),
        Row(
            "api:v1:update_price_list_item",
            api_admin,
            kwargs=lambda w: {"price_list_id": w.alpha_list.pk, "item_id": w.alpha_item.pk},
            method="patch",
            json=True,
            data=lambda w: {"version": _version(PriceListItem, w.alpha_item), "price": "18.50"},
        ),
        Row("api:v1:list_agreed_prices", api(signed_in)),
        Row(
            "api:v1:get_agreed_price",
            api(read),
            kwargs=lambda w: {"agreed_price_id": w.agreed.pk},
        ),
        Row(
            "api:v1:create_agreed_price",
            statuses(api_admin, admin=201),
            method="post",
            json=True,
            data=lambda w: {
                "account_id": w.branch.pk,
                "product_id": w.product.pk,
                "price": "17.50",
                "valid_from": "2026-01-01",
            },
        ),
        Row(
            "api:v1:update_agreed_price",
            api_admin,
            kwargs=lambda w: {"agreed_price_id": w.agreed.pk},
            method="patch",
            json=True,
            data=lambda w: {"version": _version(AgreedPrice, w.agreed), "price": "17.75"},
        ),
    ]


def _version(model: Any, obj: Any) -> int:
    """As stored (a change of a list's prices raises the list's version in the database)."""
    return int(model.objects.values_list("version", flat=True).get(pk=obj.pk))
