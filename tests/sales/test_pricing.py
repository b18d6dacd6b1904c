"""Where a price comes from (sales/pricing.py): the account's agreement, the chain's, a price
list for the chain, the segment or the period with its quantity breaks, or the list price."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koers.sales.pricing import PriceSource, ProductNotAvailable, price_for
from tests.factories import make_account, make_segment
from tests.sales.factories import add_item, agree, make_price_list, make_product

DAY = date(2026, 6, 1)


@pytest.fixture
def chain(people):
    retail = make_segment("Retail")
    head = make_account(people.alice, "Keten Holding", segment=retail)
    branch = make_account(people.alice, "Keten Utrecht", parent=head)
    shop = make_account(people.alice, "Keten Utrecht Centrum", parent=branch)
    return head, branch, shop


@pytest.fixture
def product(db):
    return make_product("RUND-01", list_price=Decimal("12.50"))


def _price(product, account, on=DAY, quantity="1"):
    return price_for(product=product, account=account, on=on, quantity=Decimal(quantity))


def test_without_anything_else_the_list_price_applies(people, product):
    account = make_account(people.alice, "Los")

    found = _price(product, account, quantity="3")

    assert (found.unit_price, found.source, found.net) == (
        Decimal("12.50"),
        PriceSource.LIST_PRICE,
        Decimal("37.50"),
    )
    assert (found.vat_percentage, found.vat, found.gross) == (
        Decimal("21.00"),
        Decimal("7.88"),
        Decimal("45.38"),
    )


def test_a_price_agreed_with_the_account_wins(people, product, chain):
    head, _branch, _shop = chain
    make_price_list("Retail", segment=head.segment)
    agreed = agree(head, product, "10.00")

    found = _price(product, head)

    assert (found.unit_price, found.source, found.agreed_price) == (
        Decimal("10.00"),
        PriceSource.AGREED,
        agreed,
    )


def test_a_branch_gets_the_price_agreed_with_its_chain(people, product, chain):
    head, _branch, shop = chain
    agree(head, product, "10.00")

    found = _price(product, shop)

    assert (found.unit_price, found.source, found.agreed_with) == (
        Decimal("10.00"),
        PriceSource.CHAIN_AGREED,
        head,
    )


def test_the_nearest_agreement_up_the_chain_wins(people, product, chain):
    head, branch, shop = chain
    agree(head, product, "10.00")
    agree(branch, product, "9.50")

    assert _price(product, shop).unit_price == Decimal("9.50")
    assert _price(product, head).unit_price == Decimal("10.00")


def test_an_agreement_not_for_the_branches_stays_with_the_chain(people, product, chain):
    head, branch, _shop = chain
    agree(head, product, "10.00", for_branches=False)

    assert _price(product, head).source == PriceSource.AGREED
    assert _price(product, branch).unit_price == Decimal("12.50")


def test_the_branchs_own_agreement_beats_the_chains(people, product, chain):
    head, branch, _shop = chain
    agree(head, product, "10.00")
    agree(branch, product, "11.00")

    assert (_price(product, branch).unit_price, _price(product, branch).source) == (
        Decimal("11.00"),
        PriceSource.AGREED,
    )


def test_a_price_list_of_the_segment_applies_to_its_accounts(people, product, chain):
    head, _branch, _shop = chain
    plist = make_price_list("Retail 2026", segment=head.segment)
    add_item(plist, product, "11.75")
    other = make_account(people.alice, "Ander", segment=make_segment("Zorg"))

    found = _price(product, head)

    assert (found.unit_price, found.source, found.price_list) == (
        Decimal("11.75"),
        PriceSource.SEGMENT_LIST,
        plist,
    )
    assert _price(product, other).source == PriceSource.LIST_PRICE


def test_a_branch_without_a_segment_takes_its_chains(people, product, chain):
    head, _branch, shop = chain
    add_item(make_price_list("Retail", segment=head.segment), product, "11.75")

    assert _price(product, shop).source == PriceSource.SEGMENT_LIST


def test_the_chains_price_list_beats_the_segments(people, product, chain):
    head, _branch, shop = chain
    add_item(make_price_list("Retail", segment=head.segment), product, "11.75")
    add_item(make_price_list("Keten", account=head), product, "11.00")

    found = _price(product, shop)

    assert (found.unit_price, found.source) == (Decimal("11.00"), PriceSource.ACCOUNT_LIST)


def test_a_list_for_a_period_applies_to_everyone_in_it(people, product):
    account = make_account(people.alice, "Los")
    add_item(
        make_price_list("Zomeractie", valid_from=date(2026, 6, 1), valid_until=date(2026, 6, 30)),
        product,
        "11.00",
    )

    assert _price(product, account, on=date(2026, 6, 30)).source == PriceSource.PERIOD_LIST
    assert _price(product, account, on=date(2026, 7, 1)).source == PriceSource.LIST_PRICE
    assert _price(product, account, on=date(2026, 5, 31)).source == PriceSource.LIST_PRICE


def test_quantity_breaks_give_the_price_of_the_highest_break_reached(people, product, chain):
    head, _branch, _shop = chain
    plist = make_price_list("Retail", segment=head.segment)
    add_item(plist, product, "12.00")
    add_item(plist, product, "11.00", min_quantity="10")
    add_item(plist, product, "10.00", min_quantity="100")

    prices = [_price(product, head, quantity=q).unit_price for q in ("1", "9.999", "10", "250")]

    assert prices == [Decimal("12.00"), Decimal("12.00"), Decimal("11.00"), Decimal("10.00")]
    assert _price(product, head, quantity="250").net == Decimal("2500.00")


def test_a_list_whose_first_break_is_not_reached_falls_through(people, product, chain):
    head, _branch, _shop = chain
    add_item(make_price_list("Keten", account=head), product, "9.00", min_quantity="50")

    assert _price(product, head, quantity="5").source == PriceSource.LIST_PRICE
    assert _price(product, head, quantity="50").source == PriceSource.ACCOUNT_LIST


def test_agreements_hold_only_in_their_period(people, product, chain):
    head, _branch, _shop = chain
    agree(head, product, "10.00", valid_from=date(2026, 3, 1), valid_until=date(2026, 5, 31))
    agree(head, product, "9.00", valid_from=date(2026, 7, 1))

    on = [_price(product, head, on=date(2026, m, 15)).unit_price for m in (2, 4, 6, 8)]

    assert on == [Decimal("12.50"), Decimal("10.00"), Decimal("12.50"), Decimal("9.00")]


def test_a_product_not_active_on_the_day_has_no_price(people, db):
    account = make_account(people.alice, "Los")
    product = make_product(active_from=date(2026, 3, 1), active_until=date(2026, 5, 31))

    for day in (date(2026, 2, 28), date(2026, 6, 1)):
        with pytest.raises(ProductNotAvailable) as caught:
            _price(product, account, on=day)
        assert "date" in caught.value.message_dict
    assert _price(product, account, on=date(2026, 5, 31)).unit_price == Decimal("10.00")


def test_a_quantity_of_zero_is_refused_naming_the_quantity(people, product):
    account = make_account(people.alice, "Los")

    with pytest.raises(ValidationError) as caught:
        _price(product, account, quantity="0")

    assert list(caught.value.message_dict) == ["quantity"]


def test_the_vat_rate_follows_the_products_category_and_day(people, db):
    account = make_account(people.alice, "Los")
    food = make_product(vat_category="low", list_price=Decimal("3.33"))

    found = _price(food, account, quantity="3")

    assert (found.net, found.vat_percentage, found.vat) == (
        Decimal("9.99"),
        Decimal("9.00"),
        Decimal("0.90"),
    )


def test_a_price_needs_at_most_four_queries(people, product, chain, django_assert_max_num_queries):
    head, _branch, shop = chain
    agree(head, product, "10.00")

    with django_assert_max_num_queries(4):
        _price(product, shop)
