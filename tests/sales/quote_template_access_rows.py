"""The quote templates' rows of the access matrix (tests/core/test_access_matrix.py).

The template pages are for administrators and the sales director (no sales director among the
matrix's personas: `test_quote_templates.py` covers hers); everyone else gets a 403, also for a
group or line of a template. The API reads templates for everyone signed in and writes them like
the pages. Making a quote with a template is a change of the opportunity's account, as without.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from koers.sales.quote_templates import services
from koers.sales.quote_templates.services import TemplateData, TemplateGroupData, TemplateLineData
from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    line = TemplateLineData(product=objects["product"], quantity=Decimal("2"), optional=True)
    template = services.quote_template_create(
        actor=objects["admin"],
        data=TemplateData(name="Shop fitting", language="en", introduction="Dear customer,"),
        groups=[TemplateGroupData(title="Shelving", lines=[line]), TemplateGroupData(title="Old")],
    )
    objects.update(
        quote_template=template,
        quote_template_line=template.groups.get(title="Shelving").lines.get(),
        quote_template_empty_group=template.groups.get(title="Old"),
    )


def rows(*, signed_in: dict[str, int], read: dict[str, int], admin_only: Any) -> list[Row]:
    write = statuses(read, mark=403)
    done = statuses(admin_only, admin=302)

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    def post(name: str, target: str, data: Any = None) -> Row:
        return Row(f"sales:{name}", done, kwargs=pk(target), method="post", data=data)

    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def body(w: World) -> dict[str, Any]:
        line = {"product_id": w.product.pk, "quantity": "3", "optional": True}
        return {"name": "Service", "language": "nl", "groups": [{"lines": [line]}]}

    return [
        Row("sales:quote_template_list", admin_only),
        Row("sales:quote_template_create", admin_only),
        Row(
            "sales:quote_template_create",
            done,
            method="post",
            data=lambda w: {"name": "Service", "language": "en"},
        ),
        Row("sales:quote_template_detail", admin_only, kwargs=pk("quote_template")),
        post("quote_template_detail", "quote_template", lambda w: {"name": "X", "language": "nl"}),
        post(
            "quote_template_group_add",
            "quote_template",
            lambda w: {"group-title": "Extra", "group-display": "total_only"},
        ),
        post(
            "quote_template_line_add",
            "quote_template",
            lambda w: {"line-product": str(w.product.pk), "line-quantity": "1"},
        ),
        post("quote_template_copy", "quote_template"),
        post("quote_template_archive", "quote_template"),
        post("quote_template_group_remove", "quote_template_empty_group"),
        post("quote_template_line_remove", "quote_template_line"),
        Row(
            "sales:quote_create",
            statuses(write, alice=302, maria=302, admin=302),
            kwargs=lambda w: {"pk": w.opportunity.pk},
            method="post",
            data=lambda w: {"template": str(w.quote_template.pk)},
            label="post sales:quote_create with a template",
        ),
        # The API.
        Row("api:v1:list_quote_templates", api(signed_in)),
        Row(
            "api:v1:get_quote_template",
            api(signed_in),
            kwargs=lambda w: {"template_id": w.quote_template.pk},
        ),
        Row(
            "api:v1:create_quote_template",
            api(admin_only, admin=201),
            method="post",
            json=True,
            data=body,
        ),
        Row(
            "api:v1:replace_quote_template",
            api(admin_only),
            kwargs=lambda w: {"template_id": w.quote_template.pk},
            method="put",
            json=True,
            data=body,
        ),
        Row(
            "api:v1:create_quote",
            api(write, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
            method="post",
            json=True,
            data=lambda w: {"opportunity_id": w.opportunity.pk, "template_id": w.quote_template.pk},
            label="post api:v1:create_quote with a template",
        ),
    ]
