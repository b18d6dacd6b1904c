"""An order as a UBL 2.1 Order document, in the Peppol BIS Ordering 3 "Order only" profile,
for the ERP or the customer's purchasing system.

The order's number in Koers is the seller's order id (`SalesOrderID`); the customer's order
number, when known, is the document's `ID` (the buyer's number, as the profile has it) and
otherwise our own number is. The quote the order came from goes in `QuotationDocumentReference`
(a slot filled once orders link to quotes). Elements follow the sequence of the UBL 2.1 schema,
which is normative: `tests/sales/test_order_ubl.py` validates the output against the XSD.
"""

from __future__ import annotations

from decimal import Decimal
from xml.etree import ElementTree as ET

from koers.accounts.models import Account
from koers.core.company import Company, company
from koers.sales.models import Order, OrderLine

NS = {
    "": "urn:oasis:names:specification:ubl:schema:xsd:Order-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
}
CUSTOMIZATION = "urn:fdc:peppol.eu:poacc:trns:order:3"
PROFILE = "urn:fdc:peppol.eu:poacc:bis:order_only:3"
CURRENCY = "EUR"
UNIT_CODES = {"piece": "C62", "hour": "HUR", "day": "DAY", "month": "MON", "kg": "KGM", "m": "MTR"}
for prefix, uri in NS.items():
    ET.register_namespace(prefix, uri)


def _tag(name: str) -> str:
    prefix, _sep, local = name.rpartition(":")
    return f"{{{NS[prefix]}}}{local}"


def _add(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _tag(name), attrs)
    if text is not None:
        element.text = text
    return element


def _amount(parent: ET.Element, name: str, value: Decimal) -> ET.Element:
    return _add(parent, name, f"{value:.2f}", currencyID=CURRENCY)


def _address(
    parent: ET.Element, name: str, street: str, city: str, zone: str, country: str
) -> None:
    address = _add(parent, name)
    if street:
        _add(address, "cbc:StreetName", street)
    if city:
        _add(address, "cbc:CityName", city)
    if zone:
        _add(address, "cbc:PostalZone", zone)
    _add(_add(address, "cac:Country"), "cbc:IdentificationCode", country or "NL")


def _party_of_account(parent: ET.Element, account: Account) -> None:
    party = _add(parent, "cac:Party")
    if account.kvk_number:
        _add(party, "cbc:EndpointID", account.kvk_number, schemeID="0106")
    if account.external_id:
        _add(_add(party, "cac:PartyIdentification"), "cbc:ID", account.external_id)
    _add(_add(party, "cac:PartyName"), "cbc:Name", account.name)
    _address(
        party,
        "cac:PostalAddress",
        account.postal_street or account.visit_street,
        account.postal_city or account.visit_city,
        account.postal_postcode or account.visit_postcode,
        account.postal_country or account.visit_country,
    )
    if account.vat_number:
        scheme = _add(party, "cac:PartyTaxScheme")
        _add(scheme, "cbc:CompanyID", account.vat_number)
        _add(_add(scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _add(party, "cac:PartyLegalEntity")
    _add(legal, "cbc:RegistrationName", account.name)
    if account.kvk_number:
        _add(legal, "cbc:CompanyID", account.kvk_number, schemeID="0106")


def _party_of_company(parent: ET.Element, firm: Company) -> None:
    party = _add(parent, "cac:Party")
    if firm.kvk_number:
        _add(party, "cbc:EndpointID", firm.kvk_number, schemeID="0106")
    _add(_add(party, "cac:PartyName"), "cbc:Name", firm.name or "Koers")
    _address(party, "cac:PostalAddress", firm.street, firm.city, firm.postcode, firm.country)
    if firm.vat_number:
        scheme = _add(party, "cac:PartyTaxScheme")
        _add(scheme, "cbc:CompanyID", firm.vat_number)
        _add(_add(scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    legal = _add(party, "cac:PartyLegalEntity")
    _add(legal, "cbc:RegistrationName", firm.name or "Koers")


def _delivery(root: ET.Element, order: Order) -> None:
    place = order.branch or order.account
    delivery = _add(root, "cac:Delivery")
    _address(
        delivery,
        "cac:DeliveryAddress",
        place.visit_street,
        place.visit_city,
        place.visit_postcode,
        place.visit_country,
    )
    wanted = order.promised_on or order.requested_on
    if wanted is not None:
        period = _add(delivery, "cac:RequestedDeliveryPeriod")
        _add(period, "cbc:StartDate", wanted.isoformat())
        _add(period, "cbc:EndDate", wanted.isoformat())
    party = _add(delivery, "cac:DeliveryParty")
    _add(_add(party, "cac:PartyName"), "cbc:Name", place.name)


def _tax_category(parent: ET.Element, name: str, percentage: Decimal) -> None:
    category = _add(parent, name)
    _add(category, "cbc:ID", "S" if percentage > 0 else "Z")
    _add(category, "cbc:Percent", f"{percentage:.2f}")
    _add(_add(category, "cac:TaxScheme"), "cbc:ID", "VAT")


def _line(root: ET.Element, line: OrderLine, number: int) -> None:
    item_line = _add(_add(root, "cac:OrderLine"), "cac:LineItem")
    _add(item_line, "cbc:ID", str(number))
    unit = UNIT_CODES.get(line.product.unit if line.product else "piece", "C62")
    _add(item_line, "cbc:Quantity", f"{line.quantity.normalize():f}", unitCode=unit)
    _amount(item_line, "cbc:LineExtensionAmount", line.net)
    price = _add(item_line, "cac:Price")
    net_price = line.net / line.quantity if line.quantity else line.unit_price
    _amount(price, "cbc:PriceAmount", net_price.quantize(Decimal("0.01")))
    item = _add(item_line, "cac:Item")
    _add(item, "cbc:Name", line.description)
    if line.product is not None:
        _add(_add(item, "cac:SellersItemIdentification"), "cbc:ID", line.product.code)
    _tax_category(item, "cac:ClassifiedTaxCategory", line.vat_percentage)


def order_document(order: Order) -> ET.Element:
    """The Order element (the order with its account, branch, lines and products loaded)."""
    root = ET.Element(_tag("Order"))
    _add(root, "cbc:CustomizationID", CUSTOMIZATION)
    _add(root, "cbc:ProfileID", PROFILE)
    _add(root, "cbc:ID", order.customer_reference or order.number)
    _add(root, "cbc:SalesOrderID", order.number)
    _add(root, "cbc:IssueDate", order.ordered_on.isoformat())
    _add(root, "cbc:OrderTypeCode", "220")
    if order.notes:
        _add(root, "cbc:Note", order.notes[:1000])
    _add(root, "cbc:DocumentCurrencyCode", CURRENCY)
    if order.customer_reference:
        _add(root, "cbc:CustomerReference", order.customer_reference)
    quote = quote_reference(order)
    if quote:
        _add(_add(root, "cac:QuotationDocumentReference"), "cbc:ID", quote)
    if order.contract_start or order.contract_end:
        contract = _add(root, "cac:Contract")
        _add(contract, "cbc:ID", order.number)
        period = _add(contract, "cac:ValidityPeriod")
        if order.contract_start:
            _add(period, "cbc:StartDate", order.contract_start.isoformat())
        if order.contract_end:
            _add(period, "cbc:EndDate", order.contract_end.isoformat())
    _party_of_account(_add(root, "cac:BuyerCustomerParty"), order.account)
    _party_of_company(_add(root, "cac:SellerSupplierParty"), company())
    _delivery(root, order)
    lines = list(order.lines.all())
    tax = _add(root, "cac:TaxTotal")
    _amount(tax, "cbc:TaxAmount", order.vat_total)
    total = _add(root, "cac:AnticipatedMonetaryTotal")
    _amount(total, "cbc:LineExtensionAmount", order.net_total)
    _amount(total, "cbc:TaxExclusiveAmount", order.net_total)
    _amount(total, "cbc:TaxInclusiveAmount", order.gross_total)
    _amount(total, "cbc:PayableAmount", order.gross_total)
    for number, line in enumerate(lines, 1):
        _line(root, line, number)
    return root


def quote_reference(order: Order) -> str:
    """The number of the quote the order came from (with its version), else empty."""
    version = order.quote_version
    return str(version) if version is not None else ""


def order_xml(order: Order) -> bytes:
    return ET.tostring(order_document(order), encoding="utf-8", xml_declaration=True)
