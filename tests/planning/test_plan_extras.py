"""The realism check on the plan form and page, and the plan as a PDF: the customer's variant
leaves out margins, the DMU map with attitudes, our investment and the internal comments."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from koers.planning.plans import services
from koers.sales.models import Order
from tests.factories import make_account, make_contact
from tests.planning.plan_factories import make_plan, refreshed
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.order_factories import make_order


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _plan_with_figures(people, account, year):
    """A plan with an expected revenue of 180 % of last year's; a pipeline of 20 % of it."""
    order = make_order(people.alice, account, "delivered", processor=people.admin)
    Order.objects.filter(pk=order.pk).update(
        delivered_on=date(year - 1, 6, 1), net_total=Decimal("10000.00")
    )
    make_opportunity(people.alice, account, amount=Decimal("3600"), probability=100)
    plan = make_plan(people.alice, account, year=year)
    return services.plan_update(
        actor=people.alice,
        plan=plan,
        expected_version=plan.version,
        data={"expected_revenue": Decimal("18000")},
    )


def test_the_realism_check_follows_what_the_owner_types(people, client_for):
    account = make_account(people.alice, "Alfa")
    year = timezone.localdate().year
    plan = _plan_with_figures(people, account, year)
    client = client_for(people.alice)
    url = reverse("planning:plan_realism", args=[plan.pk])

    saved = client.get(url, HTTP_HX_REQUEST="true")
    typed = client.get(url, {"expected_revenue": "25000"}, HTTP_HX_REQUEST="true")
    garbage = client.get(url, {"expected_revenue": "lots"}, HTTP_HX_REQUEST="true")

    assert b"The plan is 180 % of last year&#x27;s revenue" in saved.content
    assert b"covers 20 % of the plan" in saved.content
    assert b"The plan is 250 % of last year&#x27;s revenue" in typed.content
    assert b"Pipeline coverage: not available" in garbage.content
    form = client.get(reverse("planning:plan_edit", args=[plan.pk]))
    assert b'id="plan-realism"' in form.content


def test_the_manager_reads_the_realism_check_and_others_do_not(people, client_for, api):
    account = make_account(people.alice, "Alfa")
    plan = _plan_with_figures(people, account, timezone.localdate().year)

    answer = client_for(people.maria).get(reverse("planning:plan_realism", args=[plan.pk]))
    assert answer.status_code == 200
    body = api(people.maria).get(f"/account-plans/{plan.pk}/realism").json()
    assert [(m["key"], m["percent"]) for m in body["measures"]] == [
        ("last_year", 180),
        ("average", 540),
        ("pipeline", 20),
        ("wallet", None),
    ]
    assert body["pipeline"] == "3600.00"
    assert api(people.charlie).get(f"/account-plans/{plan.pk}/realism").status_code == 404
    bad = api(people.maria).get(f"/account-plans/{plan.pk}/realism?expected_revenue=-3")
    assert bad.status_code == 422


def _pdf_plan(people):
    account = make_account(people.alice, "Alfa")
    make_contact(
        account, first_name="Dirk", last_name="Bakker", buying_role="decider", attitude="critic"
    )
    plan = make_plan(people.alice, account, year=2027)
    plan = services.plan_update(
        actor=people.alice,
        plan=plan,
        expected_version=plan.version,
        data={
            "situation": "Growing fast in the north.",
            "agreements": "Quarterly review with the buyer.",
            "investment_hours": Decimal("120"),
            "investment_money": Decimal("7777"),
            "risks": "Price war with Rivaal",
            "dmu_strategy": "Win over the critic first",
        },
    )
    services.goal_add(actor=people.alice, plan=plan, title="Margin above thirty", metric="margin")
    services.comment_add(actor=people.maria, plan=refreshed(plan), text="Secret remark")
    return refreshed(plan)


def test_the_customers_pdf_leaves_out_the_internal_parts(people, client_for):
    plan = _pdf_plan(people)
    client = client_for(people.alice)
    url = reverse("planning:plan_pdf", args=[plan.pk])

    internal = client.get(url)
    customer = client.get(url, {"variant": "customer"})

    assert internal["Content-Type"] == "application/pdf"
    inside, outside = _text(internal.content), _text(customer.content)
    for shared in ("Account plan 2027: Alfa", "Growing fast in the north.", "Quarterly review"):
        assert shared in inside
        assert shared in outside
    for secret in (
        "7,777.00",
        "Investment in hours",
        "Margin above thirty",
        "Dirk Bakker",
        "Critic",
        "Win over the critic first",
        "Price war with Rivaal",
        "Secret remark",
        "Internal: not for the customer",
    ):
        assert secret in inside
        assert secret not in outside
    assert 'filename="plan-2027-' in customer["Content-Disposition"]


def test_the_pdf_in_the_api_and_for_who_may_not_read_it(people, api):
    plan = _pdf_plan(people)

    answer = api(people.alice).get(f"/account-plans/{plan.pk}/pdf?variant=customer")

    assert answer.status_code == 200
    assert "Secret remark" not in _text(answer.content)
    assert api(people.charlie).get(f"/account-plans/{plan.pk}/pdf").status_code == 404
    assert api(people.alice).get(f"/account-plans/{plan.pk}/pdf?variant=x").status_code == 422


def test_the_plan_page_links_the_grid_and_the_pdfs(people, client_for):
    plan = _pdf_plan(people)

    page = client_for(people.alice).get(reverse("planning:plan_detail", args=[plan.pk]))

    assert b'id="plan-whitespace"' in page.content
    assert b"?variant=customer" in page.content
