"""A hand-made customer file for the selection tests.

| account | owner | segment | tier | status | postcode | tags | bought |
|---|---|---|---|---|---|---|---|
| Noord | alice | Retail | A | customer | 1011 AB | fair | bread (a child of bakery) |
| Zuid | charlie | Horeca | B | prospect | 5611 CD | | |
| Oost | alice | Retail | C | customer | 7511 EF | | cakes; bread only in a cancelled order |

| contact | account | role | consent | opted out | e-mail |
|---|---|---|---|---|---|
| anna | Noord | decider | yes | no | yes |
| otto | Noord | buyer | yes | yes | yes |
| nina | Noord | user | no | no | yes |
| erik | Oost | decider | yes | no | no |
| carl | Zuid | decider | yes | no | yes |
| olga | Noord (left) | decider | yes | no | yes |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from koers.accounts.models import Account, Contact, Position, Tag
from koers.sales.models import OrderStatus, ProductGroup
from tests.factories import make_account, make_contact, make_segment
from tests.sales.factories import make_group, make_product
from tests.sales.order_factories import make_order


@dataclass
class File:
    noord: Account
    zuid: Account
    oost: Account
    anna: Contact
    otto: Contact
    nina: Contact
    erik: Contact
    carl: Contact
    olga: Contact
    bakery: ProductGroup
    bread: ProductGroup
    cakes: ProductGroup
    fair: Tag


def _contact(account: Account, name: str, role: str, **fields: Any) -> Contact:
    contact = make_contact(
        account, first_name=name.capitalize(), last_name="Test", buying_role=role
    )
    values = {"email": f"{name}@example.nl", "mailing_consent": True, "opted_out": False}
    values.update(fields)
    Contact.objects.filter(pk=contact.pk).update(**values)
    contact.refresh_from_db()
    return contact


def build_file(people: Any) -> File:
    retail, horeca = make_segment("Retail"), make_segment("Horeca")
    noord = make_account(
        people.alice, "Noord", segment=retail, tier="A", status="customer", visit_postcode="1011 AB"
    )
    zuid = make_account(
        people.charlie,
        "Zuid",
        segment=horeca,
        tier="B",
        status="prospect",
        visit_postcode="5611 CD",
    )
    oost = make_account(
        people.alice, "Oost", segment=retail, tier="C", status="customer", visit_postcode="7511 EF"
    )
    fair = Tag.objects.create(name="fair")
    noord.tags.add(fair)
    bakery = make_group("BAK")
    bread = make_group("BRD", parent=bakery)
    cakes = make_group("CAK")
    processor = people.admin
    make_order(
        people.alice,
        noord,
        OrderStatus.CONFIRMED,
        product=make_product(group=bread),
        processor=processor,
    )
    make_order(
        people.alice,
        oost,
        OrderStatus.CONFIRMED,
        product=make_product(group=cakes),
        processor=processor,
    )
    make_order(
        people.alice,
        oost,
        OrderStatus.CANCELLED,
        product=make_product(group=bread),
        processor=processor,
    )
    olga = _contact(noord, "olga", "decider")
    Position.objects.filter(contact=olga).update(
        start_date=date(2020, 1, 1), end_date=date(2024, 1, 1)
    )
    return File(
        noord=noord,
        zuid=zuid,
        oost=oost,
        anna=_contact(noord, "anna", "decider"),
        otto=_contact(noord, "otto", "buyer", opted_out=True),
        nina=_contact(noord, "nina", "user", mailing_consent=False),
        erik=_contact(oost, "erik", "decider", email=""),
        carl=_contact(zuid, "carl", "decider"),
        olga=olga,
        bakery=bakery,
        bread=bread,
        cakes=cakes,
        fair=fair,
    )
