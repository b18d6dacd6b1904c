"""Delivered orders and sent surveys for the after-sales tests, made through the services."""

from __future__ import annotations

from typing import Any

from koers.accounts.models import Account, Contact
from koers.aftersales import services
from koers.aftersales.models import Survey
from koers.core.models import User
from koers.sales.models import Order, OrderStatus
from tests.factories import make_account, make_contact
from tests.sales.order_factories import make_order


def customer(owner: User, inside: User, name: str = "Alpha BV") -> tuple[Account, Contact]:
    account = make_account(owner, name)
    account.team_members.create(user=inside, role="inside_sales")
    contact = make_contact(account, first_name="Anna", last_name="de Vries", email="anna@alpha.nl")
    return account, contact


def delivered(owner: User, account: Account, processor: User, **data: Any) -> Order:
    return make_order(owner, account, OrderStatus.DELIVERED, processor=processor, **data)


def sent(actor: User, order: Order, contact: Contact) -> tuple[Survey, str]:
    return services.survey_send(actor=actor, order=order, contact=contact)
