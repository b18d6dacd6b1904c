"""The quotes' rows of the access matrix (tests/core/test_access_matrix.py).

Alice's quotes at Alpha are read and changed like the account: alice, maria and the
administrator change them; mark reads them and gets a 403 on a change; bob, charlie and ingrid
(not on Alpha's team) get a 404. The PDF is read like the quote; sending it is a change. The
review is for a reviewer who may read the account and is not the owner: maria and the
administrator; alice (the owner) and mark get a 403. The review queue is for inside sales,
managers and administrators; the settings for the administrator.
The approval beyond the mandate is maria's (the manager of alice's team); its queue is for
managers, sales directors and administrators.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from koers.sales.models import QuoteLine, QuoteVersion
from koers.sales.opportunities import services as opportunity_services
from koers.sales.quotes import services
from koers.sales.quotes.services import CHECKLIST, LineData
from koers.sales.quotes.services.online import link_issue
from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    alice, maria = objects["alice"], objects["maria"]
    deal = objects["opportunity"]

    def quote() -> Any:
        version = services.quote_create(actor=alice, opportunity=deal)
        services.quote_line_add(
            actor=alice,
            version=version,
            data=LineData(product=objects["product"], quantity=Decimal("2")),
        )
        return version

    def reviewed(version: Any) -> Any:
        """Reviewed by maria; beyond the mandate (the world's product has no cost price, so its
        margin is unknown), approved by her too."""
        version = services.quote_review_approve(
            actor=maria,
            version=services.quote_submit(actor=alice, version=version),
            checklist=list(CHECKLIST),
        )
        if version.status == "needs_approval":
            version = services.quote_approve(actor=maria, version=version, comment="")
        return version

    draft = quote()
    services.quote_group_add(actor=alice, version=draft, title="Options")
    in_review = services.quote_submit(actor=alice, version=quote())
    approved = reviewed(quote())
    sent = services.quote_mark_sent(actor=alice, version=reviewed(quote()))
    # Beyond alice's mandate (level B: 10 % per line): reviewed, it waits for maria's approval.
    beyond = services.quote_create(actor=alice, opportunity=deal)
    services.quote_line_add(
        actor=alice,
        version=beyond,
        data=LineData(
            product=objects["product"], quantity=Decimal("2"), discount_percent=Decimal("15")
        ),
    )
    needs_approval = services.quote_review_approve(
        actor=maria,
        version=services.quote_submit(actor=alice, version=beyond),
        checklist=list(CHECKLIST),
    )
    assert needs_approval.status == "needs_approval"
    objects.update(
        quote_needs_approval=needs_approval,
        quote_draft=draft,
        quote_in_review=in_review,
        quote_approved=approved,
        quote_sent=sent,
        quote_link_token=link_issue(sent),
        quote_line=QuoteLine.objects.filter(group__quote_version=draft).first(),
        quote_empty_group=draft.groups.get(title="Options"),
    )
    assert opportunity_services  # the opportunity comes from opportunity_access_rows


def rows(*, signed_in: dict[str, int], read: dict[str, int], admin_only: Any) -> list[Row]:
    write = statuses(read, mark=403)
    done = statuses(write, alice=302, maria=302, admin=302)
    reviewers = statuses(signed_in, alice=403, bob=403, charlie=403, mark=403)
    review = statuses(done, alice=403)

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    def online() -> Any:
        return lambda w: {"token": w.quote_link_token}

    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def post(name: str, expect: dict[str, int], target: str, data: Any = None) -> Row:
        return Row(f"sales:{name}", expect, kwargs=pk(target), method="post", data=data)

    def api_row(name: str, target: str, expect: dict[str, int], data: Any = None, **kw: Any) -> Row:
        key = "line_id" if target == "quote_line" else "version_id"
        return Row(
            f"api:v1:{name}",
            expect,
            kwargs=lambda w: {key: getattr(w, target).pk},
            method=kw.get("method", "post"),
            json=True,
            data=data,
        )

    def terms(w: World) -> dict[str, str]:
        stored = QuoteVersion.objects.get(pk=w.quote_draft.pk).version
        return {"terms-valid_until": "2030-01-31", "terms-version": str(stored)}

    def line(w: World) -> dict[str, str]:
        return {"line-product": str(w.product.pk), "line-quantity": "1"}

    def edit(w: World) -> dict[str, str]:
        prefix = f"edit-{w.quote_line.pk}"
        return {
            f"{prefix}-description": "Shelf",
            f"{prefix}-quantity": "3",
            f"{prefix}-unit_price": "9.00",
        }

    def send(w: World) -> dict[str, str]:
        return {"contact": str(w.ella.pk), "template": str(w.mail_template.pk)}

    return [
        Row("sales:quote_list", signed_in),
        Row("sales:quote_list", signed_in, htmx=True, query="status=all"),
        Row("sales:quote_count", signed_in, htmx=True, query="status=all"),
        Row("sales:quote_review_queue", reviewers),
        # Approvals beyond the mandate: maria (the manager of alice's team); the administrator
        # approves the manager's step only for an owner whose teams have no manager.
        Row("sales:quote_approval_queue", statuses(reviewers, ingrid=403)),
        Row("sales:quote_approval_count", signed_in, htmx=True),
        post(
            "quote_approval",
            statuses(read, alice=403, mark=403, maria=302, admin=403),
            "quote_needs_approval",
            lambda w: {"decision": "approve", "approval-comment": "Fine"},
        ),
        post(
            "quote_approval",
            statuses(read, alice=403, mark=403, maria=302, admin=403),
            "quote_needs_approval",
            lambda w: {"decision": "return", "approval-comment": "Lower it"},
        ),
        Row(
            "sales:quote_detail",
            statuses(read, alice=302, maria=302, mark=302, admin=302),
            kwargs=lambda w: {"pk": w.quote_draft.quote_id},
        ),
        Row("sales:quote_version", read, kwargs=pk("quote_draft")),
        Row(
            "sales:quote_create",
            done,
            kwargs=pk("opportunity"),
            method="post",
        ),
        post("quote_terms", done, "quote_draft", terms),
        post("quote_line_add", done, "quote_draft", line),
        post("quote_group_add", done, "quote_draft", lambda w: {"group-display": "prices"}),
        post("quote_submit", done, "quote_draft"),
        post(
            "quote_review",
            review,
            "quote_in_review",
            lambda w: {"review-checklist": list(CHECKLIST), "decision": "approve"},
        ),
        post("quote_mark_sent", done, "quote_approved"),
        # The PDF of any readable version; sending (the form and the send) like a change.
        Row("sales:quote_pdf", read, kwargs=pk("quote_draft")),
        Row("sales:quote_send", write, kwargs=pk("quote_approved")),
        post("quote_send", done, "quote_approved", send),
        post("quote_accept", done, "quote_sent", lambda w: {"accept-accepted_by_name": "Els"}),
        post("quote_decline", done, "quote_sent", lambda w: {"decline-reason": "Too dear"}),
        post("quote_withdraw", done, "quote_draft", lambda w: {"reason-reason": "Stopped"}),
        post("quote_revise", done, "quote_sent"),
        post("quote_variant", done, "quote_sent"),
        post(
            "quote_extend",
            done,
            "quote_sent",
            lambda w: {"extend-valid_until": "2099-01-31", "extend-reason": "Budget round"},
        ),
        # An online link by hand for the version marked as sent (issue 13): made (the page
        # with the address, once) and revoked (there is none made by hand: a message, back).
        post("quote_link_make", write, "quote_sent", lambda w: {"link-contact": str(w.ella.pk)}),
        post("quote_link_revoke", done, "quote_sent"),
        Row("sales:quote_line_edit", write, kwargs=pk("quote_line"), htmx=True),
        post("quote_line_edit", done, "quote_line", edit),
        post("quote_line_move", done, "quote_line", lambda w: {"up": "0"}),
        post("quote_line_remove", done, "quote_line"),
        post("quote_group_remove", done, "quote_empty_group"),
        Row("sales:quote_settings", admin_only),
        # The customer's public page (decision 108): the token is the only key, the same
        # answer for everyone, signed in or not; a wrong token is a 404 for everyone.
        Row("sales:quote_online", dict.fromkeys(signed_in, 200), kwargs=online()),
        Row(
            "sales:quote_online",
            dict.fromkeys(signed_in, 404),
            kwargs=lambda w: {"token": "not-a-token"},
            label="get sales:quote_online (wrong token)",
        ),
        Row(
            "sales:quote_online",
            dict.fromkeys(signed_in, 200),
            kwargs=online(),
            method="post",
            data=lambda w: {"action": "change", "message": "Can it be cheaper?"},
        ),
        Row(
            "sales:quote_online_totals",
            dict.fromkeys(signed_in, 200),
            kwargs=online(),
            method="post",
        ),
        # The world's sent version was marked sent, not mailed: there is no sent PDF to show.
        Row("sales:quote_online_pdf", dict.fromkeys(signed_in, 404), kwargs=online()),
        Row(
            "sales:quote_settings",
            statuses(admin_only, admin=302),
            method="post",
            data=lambda w: {"validity_days": "30"},
        ),
        # The API: the same access as the pages (401 without credentials).
        Row("api:v1:list_quotes", api(signed_in)),
        Row(
            "api:v1:create_quote",
            api(write, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
            method="post",
            json=True,
            data=lambda w: {"opportunity_id": w.opportunity.pk},
        ),
        Row(
            "api:v1:get_quote",
            api(read),
            kwargs=lambda w: {"quote_id": w.quote_draft.quote_id},
        ),
        api_row(
            "add_line",
            "quote_draft",
            api(write),
            lambda w: {"product_id": w.product.pk, "quantity": "1"},
        ),
        api_row(
            "update_line", "quote_line", api(write), lambda w: {"quantity": "4"}, method="patch"
        ),
        api_row("delete_line", "quote_line", api(write), method="delete"),
        api_row("quote_submit", "quote_draft", api(write)),
        api_row("quote_revise", "quote_sent", api(write)),
        api_row("quote_variant", "quote_sent", api(write)),
        api_row("quote_withdraw", "quote_draft", api(write), lambda w: {"reason": "Stopped"}),
        api_row("quote_decline", "quote_sent", api(write), lambda w: {"reason": "Too dear"}),
        api_row("quote_accept", "quote_sent", api(write), lambda w: {"accepted_by_name": "Els"}),
        api_row(
            "quote_extend",
            "quote_sent",
            api(write),
            lambda w: {"valid_until": "2099-01-31", "reason": "Budget round"},
        ),
        api_row(
            "send_quote",
            "quote_approved",
            api(write),
            lambda w: {"contact_id": w.ella.pk, "template_id": w.mail_template.pk},
        ),
        api_row("quote_pdf", "quote_draft", api(read), method="get"),
        api_row(
            "make_link",
            "quote_sent",
            api(write, alice=201, maria=201, admin=201),
            lambda w: {"contact_id": w.ella.pk},
        ),
        api_row(
            "revoke_link",
            "quote_sent",
            api(write, alice=409, maria=409, admin=409),
            method="delete",
        ),
        api_row(
            "quote_approve",
            "quote_needs_approval",
            api(read, alice=403, mark=403, admin=403),
            lambda w: {"comment": "Fine"},
        ),
        api_row(
            "quote_return",
            "quote_needs_approval",
            api(read, alice=403, mark=403, admin=403),
            lambda w: {"comment": "Lower it"},
        ),
        Row("api:v1:list_quote_approvals", api(signed_in)),
    ]
