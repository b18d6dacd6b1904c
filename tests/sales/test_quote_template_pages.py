"""The quote template pages (for administrators): make a template, add groups and lines (a
product and an optional free line), a refused line with its message next to the field, copy and
archive; and on an opportunity's page, make a quote with a template."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from koers.sales.catalogue import services as catalogue_services
from koers.sales.models import QuoteLine, QuoteTemplate, QuoteTemplateLine, QuoteVersion
from koers.sales.quote_templates.services import TemplateGroupData
from tests.factories import make_account
from tests.sales.factories import admin_user, make_product
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.quote_template_factories import free_line, make_template, product_line


@pytest.fixture
def shelf(db):
    return make_product("SHELF", name_en="Shelf", list_price=D("10.00"))


def test_an_administrator_makes_a_template_with_an_optional_line(admin_client, shelf):
    made = admin_client.post(
        reverse("sales:quote_template_create"),
        {"name": "Shop fitting", "language": "en", "validity_days": "45"},
    )
    template = QuoteTemplate.objects.get()
    page = reverse("sales:quote_template_detail", args=[template.pk])
    assert made.url == page
    admin_client.post(
        reverse("sales:quote_template_group_add", args=[template.pk]),
        {"group-title": "Options", "group-display": "no_prices"},
    )
    added = admin_client.post(
        reverse("sales:quote_template_line_add", args=[template.pk]),
        {
            "line-description": "Assembly",
            "line-quantity": "1",
            "line-unit_price": "150.00",
            "line-vat_category": "high",
            "line-unit": "hour",
            "line-optional": "on",
        },
    )
    assert added.url == page
    admin_client.post(
        reverse("sales:quote_template_line_add", args=[template.pk]),
        {"line-product": str(shelf.pk), "line-quantity": "4", "line-discount_percent": "5"},
    )
    assert list(
        QuoteTemplateLine.objects.order_by("pk").values_list(
            "description", "product", "unit_price", "optional", "group__title"
        )
    ) == [
        ("Assembly", None, D("150.00"), True, "Options"),
        ("", shelf.pk, None, False, "Options"),
    ]
    html = admin_client.get(page).content.decode()
    assert "Assembly" in html and "optional" in html and "the account's price" in html


def test_a_free_line_without_a_price_is_refused_next_to_the_field(admin_client):
    template = make_template("Service")
    answer = admin_client.post(
        reverse("sales:quote_template_line_add", args=[template.pk]),
        {"line-description": "Assembly", "line-quantity": "1", "line-vat_category": "high"},
    )
    assert answer.status_code == 422
    assert "Give the unit price of a free line." in answer.content.decode()
    assert not QuoteTemplateLine.objects.exists()


def test_copy_and_archive(admin_client, shelf):
    template = make_template(
        "Shop fitting", groups=[TemplateGroupData(lines=[product_line(shelf)])]
    )
    copied = admin_client.post(reverse("sales:quote_template_copy", args=[template.pk]))
    copy = QuoteTemplate.objects.get(name="Copy of Shop fitting")
    assert copied.url == reverse("sales:quote_template_detail", args=[copy.pk])
    assert QuoteTemplateLine.objects.filter(group__template=copy).count() == 1
    admin_client.post(reverse("sales:quote_template_archive", args=[template.pk]))
    template.refresh_from_db()
    assert template.is_archived
    listed = admin_client.get(reverse("sales:quote_template_list")).content.decode()
    assert "archived" in listed and "Copy of Shop fitting" in listed
    admin_client.post(reverse("sales:quote_template_archive", args=[template.pk]), {"restore": "1"})
    template.refresh_from_db()
    assert not template.is_archived


def test_the_opportunity_page_offers_the_templates_and_makes_the_quote(people, client_for, shelf):
    account = make_account(people.alice, "Bakkerij Bos")
    retired = make_product("OLD", name_en="Old shelf")
    template = make_template(
        "Shop fitting",
        language="en",
        groups=[
            TemplateGroupData(
                lines=[
                    product_line(shelf, "2"),
                    product_line(retired),
                    free_line("Assembly", "150.00", optional=True),
                ]
            )
        ],
    )
    make_template("Archived one")
    catalogue_services.product_update(
        actor=admin_user(), product=retired, data={"active_until": date(2026, 6, 14)}
    )
    deal = make_opportunity(people.alice, account)
    client = client_for(people.alice)
    page = client.get(reverse("sales:opportunity_detail", args=[deal.pk])).content.decode()
    assert f'<option value="{template.pk}">Shop fitting (EN)</option>' in page
    made = client.post(
        reverse("sales:quote_create", args=[deal.pk]), {"template": str(template.pk)}, follow=True
    )
    version = QuoteVersion.objects.get()
    html = made.content.decode()
    assert "Not sold today, so left out: Old shelf." in html
    assert list(QuoteLine.objects.order_by("position").values_list("description", "optional")) == [
        ("Shelf", False),
        ("Assembly", True),
    ]
    # 2 x 10.00; the optional assembly is not in the total until the customer chooses it.
    assert version.net_total == D("20.00")


@pytest.mark.parametrize("who", ["alice", "maria", "ingrid", "mark"])
def test_the_pages_are_not_for_others(people, client_for, who):
    template = make_template("Service")
    client = client_for(getattr(people, who))
    assert client.get(reverse("sales:quote_template_list")).status_code == 403
    assert client.post(reverse("sales:quote_template_copy", args=[template.pk])).status_code == 403
    assert QuoteTemplate.objects.count() == 1


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_makes_a_fixed_number_of_queries(admin_client, query_baseline, rows, shelf):
    for n in range(rows):
        make_template(f"T{n}", groups=[TemplateGroupData(lines=[product_line(shelf)])])
    url = reverse("sales:quote_template_list")
    admin_client.get(url)
    with query_baseline("page"):
        assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 4])
def test_the_template_page_makes_a_fixed_number_of_queries(
    admin_client, query_baseline, rows, shelf
):
    groups = [TemplateGroupData(lines=[product_line(shelf)] * rows) for _ in range(rows)]
    template = make_template("T", groups=groups)
    url = reverse("sales:quote_template_detail", args=[template.pk])
    admin_client.get(url)
    with query_baseline("page"):
        assert admin_client.get(url).status_code == 200
