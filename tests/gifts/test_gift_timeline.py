"""Gifts on the account's and the contact's timeline: given and received, with their state, a
contact's only where the reader may read the account, in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from koers.accounts import services as accounts
from koers.gifts import services
from tests.factories import make_account
from tests.gifts.factories import record


def _timeline(client, name, pk, **query):
    return client.get(reverse(f"relations:{name}", args=[pk]), query, HTTP_HX_REQUEST="true")


def test_the_account_timeline_shows_gifts_given_and_received_with_their_state(
    people, client_for, account, anna
):
    requested = record(people.alice, account, anna, description="Golf day", value=Decimal("120"))
    record(people.alice, account, anna, description="Wine", direction="received")
    services.gift_approve(actor=people.maria, gift=requested, comment="Fine")

    response = _timeline(client_for(people.alice), "account_timeline", account.pk, show="gifts")

    entries = response.context["page"].entries
    assert [(e.source, e.obj.description) for e in entries] == [
        ("gifts", "Wine"),
        ("gifts", "Golf day"),
    ]
    html = response.content.decode()
    assert "Gift received" in html and "Gift given" in html
    assert "Approved" in html
    assert reverse("gifts:gift_detail", args=[requested.pk]) in html


def test_a_gift_awaiting_approval_says_so_on_the_contact_timeline(
    people, client_for, account, anna
):
    record(people.alice, account, anna, description="Golf day", value=Decimal("120"))

    response = _timeline(client_for(people.alice), "contact_timeline", anna.pk)

    assert [e.obj.description for e in response.context["page"].entries if e.source == "gifts"] == [
        "Golf day"
    ]
    assert "Awaiting approval" in response.content.decode()


def test_the_contact_timeline_shows_only_gifts_of_accounts_one_may_read(
    people, client_for, account, anna
):
    charlie_bv = make_account(people.charlie, "Charlie BV")
    accounts.position_add(actor=people.charlie, contact=anna, account=charlie_bv, data={})
    record(people.alice, account, anna, description="Alice's wine")
    record(people.charlie, charlie_bv, anna, description="Charlie's cake")

    response = _timeline(client_for(people.charlie), "contact_timeline", anna.pk, show="gifts")

    assert [e.obj.description for e in response.context["page"].entries] == ["Charlie's cake"]


def test_gifts_do_not_add_queries_per_entry(people, client_for, account, anna):
    client = client_for(people.alice)

    def count(name, pk) -> int:
        _timeline(client, name, pk)
        with CaptureQueriesContext(connection) as queries:
            _timeline(client, name, pk)
        return len(queries)

    record(people.alice, account, anna)
    few = (count("account_timeline", account.pk), count("contact_timeline", anna.pk))
    for n in range(12):
        record(people.alice, account, anna, description=f"Gift {n}", value=Decimal(10 + 20 * n))
    assert (count("account_timeline", account.pk), count("contact_timeline", anna.pk)) == few
