"""Quote templates (decision 110): kept by administrators and the sales director; a quote made
with one starts with its texts, validity, groups and lines, each product priced for the account
today (never a stored price), a product no longer sold left out by name, optional lines out of
the totals until chosen. Each refusal names its field and changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core.models import Role
from koers.sales.catalogue import services as catalogue_services
from koers.sales.models import QuoteEvent, QuoteLine, QuoteTemplate, QuoteTemplateLine
from koers.sales.quote_templates import queries, services
from koers.sales.quote_templates.services import TemplateData, TemplateGroupData
from koers.sales.quotes import services as quote_services
from koers.sales.quotes.services.quotes import template_for
from tests.factories import make_account, make_user
from tests.sales.factories import admin_user, agree, make_product
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.quote_template_factories import free_line, make_template, product_line


@pytest.fixture
def shelf(db):
    return make_product("SHELF", name_nl="Schap", name_en="Shelf", list_price=D("10.00"))


@pytest.fixture
def template(shelf):
    return make_template(
        "Shop fitting",
        language="en",
        validity_days=45,
        introduction="Thank you for your interest.",
        value_proposition="Shelves that last.",
        delivery_terms="Within 4 weeks.",
        payment_terms="30 days net.",
        groups=[
            TemplateGroupData(
                title="Shelving",
                lines=[product_line(shelf, "4", discount_percent=D("5"))],
            ),
            TemplateGroupData(
                title="Options",
                display="no_prices",
                lines=[free_line("Assembly", "150.00", optional=True)],
            ),
        ],
    )


def lines(version):
    return list(
        QuoteLine.objects.filter(group__quote_version=version)
        .order_by("group__position", "position")
        .values_list("group__title", "description", "unit_price", "price_source", "optional")
    )


def make_from(user, account, template, **deal):
    opportunity = make_opportunity(user, account, **deal)
    left_out: list[str] = []
    version = quote_services.quote_create(
        actor=user,
        opportunity=opportunity,
        template=template_for(user, template.pk),
        left_out=left_out,
    )
    version.refresh_from_db()
    return version, left_out


def test_a_quote_from_a_template_starts_with_its_texts_validity_groups_and_lines(people, template):
    account = make_account(people.alice, "Bakkerij Bos")
    version, left_out = make_from(people.alice, account, template)
    assert left_out == []
    assert (version.introduction, version.value_proposition) == (
        "Thank you for your interest.",
        "Shelves that last.",
    )
    assert (version.delivery_terms, version.payment_terms) == ("Within 4 weeks.", "30 days net.")
    # Today is 15 June 2026 (tests/sales/conftest.py); 45 days, not the settings' 30.
    assert version.valid_until == date(2026, 7, 30)
    assert list(version.groups.values_list("title", "display")) == [
        ("Shelving", "prices"),
        ("Options", "no_prices"),
    ]
    assert lines(version) == [
        ("Shelving", "Shelf", D("10.00"), "list_price", False),
        ("Options", "Assembly", D("150.00"), "", True),
    ]
    # 4 x 10.00 less 5 % = 38.00; the optional assembly is not counted until chosen.
    assert (version.net_total, version.vat_total, version.gross_total) == (
        D("38.00"),
        D("7.98"),
        D("45.98"),
    )
    note = QuoteEvent.objects.get(quote_version=version).note
    assert note == "From the template Shop fitting."


def test_each_account_gets_its_own_agreed_price_not_a_stored_one(people, template, shelf):
    agreed = make_account(people.alice, "Bakkerij Bos")
    other = make_account(people.alice, "Slagerij Smit")
    agree(agreed, shelf, "8.00")
    mine, _left = make_from(people.alice, agreed, template)
    theirs, _left = make_from(people.alice, other, template)
    assert lines(mine)[0][2:4] == (D("8.00"), "agreed")
    assert lines(theirs)[0][2:4] == (D("10.00"), "list_price")
    # 4 x 8.00 less 5 % = 30.40
    assert mine.net_total == D("30.40")


def test_a_product_no_longer_sold_is_left_out_by_name(people, template, shelf):
    # Retired yesterday: "Remove" on the catalogue page keeps a product that a template names.
    catalogue_services.product_update(
        actor=admin_user(), product=shelf, data={"active_until": date(2026, 6, 14)}
    )
    account = make_account(people.alice, "Bakkerij Bos")
    version, left_out = make_from(people.alice, account, template)
    assert left_out == ["Shelf"]
    assert [row[1] for row in lines(version)] == ["Assembly"]
    assert version.net_total == D("0.00")
    note = QuoteEvent.objects.get(quote_version=version).note
    assert note == "From the template Shop fitting. Not sold today, so left out: Shelf."


def test_an_optional_line_counts_once_the_customer_chose_it(people, template):
    account = make_account(people.alice, "Bakkerij Bos")
    version, _left = make_from(people.alice, account, template)
    assembly = QuoteLine.objects.get(group__quote_version=version, optional=True)
    quote_services.quote_line_update(
        actor=people.alice, line=assembly, data=quote_services.LineData(chosen=True)
    )
    version.refresh_from_db()
    assert version.net_total == D("188.00")


def test_the_opportunitys_products_follow_in_a_group_of_their_own(people, template):
    account = make_account(people.alice, "Bakkerij Bos")
    lamp = make_product("LAMP", name_nl="Lamp", name_en="Lamp", list_price=D("20.00"))
    version, _left = make_from(people.alice, account, template, lines=[(lamp, D("2"))])
    assert [row[:2] for row in lines(version)] == [
        ("Shelving", "Shelf"),
        ("Options", "Assembly"),
        ("From the opportunity", "Lamp"),
    ]
    assert version.net_total == D("78.00")


def test_a_dutch_template_names_products_in_dutch(people, shelf):
    template = make_template("Winkelinrichting", language="nl", groups=[
        TemplateGroupData(lines=[product_line(shelf)])
    ])  # fmt: skip
    version, _left = make_from(people.alice, make_account(people.alice, "Bos"), template)
    assert lines(version)[0][1] == "Schap"


def test_an_archived_template_is_not_offered(people, template):
    services.quote_template_archive(actor=people.admin, template=template, archived=True)
    assert list(queries.templates_to_pick(people.alice)) == []
    with pytest.raises(ValidationError) as refused:
        template_for(people.alice, template.pk)
    assert refused.value.message_dict == {"template": ["Choose a template from the list."]}


def test_a_copy_has_the_same_texts_groups_and_lines(people, template):
    copy = services.quote_template_copy(actor=people.admin, template=template)
    assert copy.name == "Copy of Shop fitting"
    assert (copy.validity_days, copy.payment_terms) == (45, "30 days net.")
    assert list(copy.groups.values_list("title", flat=True)) == ["Shelving", "Options"]
    assert QuoteTemplateLine.objects.filter(group__template=copy).count() == 2
    assert QuoteTemplateLine.objects.filter(group__template=template).count() == 2


def test_the_sales_director_manages_templates(db):
    director = make_user("hanna", role=Role.SALES_DIRECTOR)
    made = services.quote_template_create(actor=director, data=TemplateData(name="Service"))
    assert made.created_by == director


@pytest.mark.parametrize("who", ["alice", "maria", "ingrid", "mark"])
def test_others_may_not_change_templates(people, template, who):
    with pytest.raises(PermissionDenied):
        services.quote_template_update(
            actor=getattr(people, who), template=template, data=TemplateData(name="Mine")
        )
    with pytest.raises(PermissionDenied):
        services.quote_template_create(actor=getattr(people, who), data=TemplateData(name="X"))
    assert list(QuoteTemplate.objects.values_list("name", flat=True)) == ["Shop fitting"]


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ({"quantity": D("0")}, "quantity", "Give a quantity above 0."),
        ({"unit_price": None}, "unit_price", "Give the unit price of a free line."),
        ({"vat_category": ""}, "vat_category", "Choose the VAT rate of a free line."),
        ({"description": " "}, "description", "Describe what the free line is for."),
        (
            {"discount_percent": D("5"), "discount_amount": D("1")},
            "discount_amount",
            "Give the discount as a percentage or as an amount, not both.",
        ),
        (
            {"discount_percent": D("101")},
            "discount_percent",
            "Give a discount between 0 and 100 %.",
        ),
    ],
)
def test_a_bad_line_names_its_field_and_changes_nothing(people, template, line, field, message):
    data = {"description": "Assembly", "unit_price": D("1"), "vat_category": "high"}
    data.update({"quantity": D("1"), **line})
    with pytest.raises(ValidationError) as refused:
        services.quote_template_line_add(
            actor=people.admin, template=template, data=services.TemplateLineData(**data)
        )
    assert refused.value.message_dict == {field: [message]}
    assert QuoteTemplateLine.objects.count() == 2


def test_a_product_not_sold_today_cannot_be_added(people, template):
    old = make_product("OLD", name_en="Old shelf", active_until=date(2026, 3, 31))
    with pytest.raises(ValidationError) as refused:
        services.quote_template_line_add(
            actor=people.admin, template=template, data=product_line(old)
        )
    assert refused.value.message_dict == {
        "product": ["Old shelf is not sold today: choose another product."]
    }


def test_a_bad_line_in_a_whole_template_names_its_place(people):
    groups = [TemplateGroupData(lines=[free_line("Ok", "1.00"), free_line("", "1.00")])]
    with pytest.raises(ValidationError) as refused:
        services.quote_template_create(
            actor=people.admin, data=TemplateData(name="X"), groups=groups
        )
    assert refused.value.message_dict == {
        "groups.0.lines.1.description": ["Describe what the free line is for."]
    }
    assert not QuoteTemplate.objects.exists()
