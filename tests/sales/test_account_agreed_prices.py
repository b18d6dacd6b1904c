"""The prices agreed with an account on its page: its own and those of its chain for the
branches, not the ended ones; read like the account; a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import make_account
from tests.sales.factories import agree, make_product


@pytest.fixture
def chain(people):
    top = make_account(people.alice, "Bakkerij Bos Holding")
    branch = make_account(people.alice, "Bakkerij Bos Utrecht", parent=top)
    return top, branch


def _panel(client, account):
    return client.get(reverse("sales:account_agreed_prices", args=[account.pk]))


def test_a_branch_sees_its_own_and_its_chains_agreements(chain, people, client_for):
    top, branch = chain
    bread, rolls, cake, pie = (make_product(code) for code in ("BRD", "RLL", "CKE", "PIE"))
    agree(branch, bread, "1.10")
    agree(top, rolls, "0.40")
    agree(top, cake, "7.00", for_branches=False)
    agree(branch, pie, "5.00", valid_until=date(2026, 6, 1))
    agree(branch, rolls, "0.35", valid_from=date(2026, 7, 1))

    response = _panel(client_for(people.alice), branch)

    assert response.status_code == 200
    rows = response.context["agreed_prices"]
    assert [(a.product.code, str(a.price), a.inherited, a.upcoming) for a in rows] == [
        ("BRD", "1.10", False, False),
        ("RLL", "0.40", True, False),
        ("RLL", "0.35", False, True),
    ]
    html = response.content.decode()
    assert "the chain: Bakkerij Bos Holding" in html and "€1.10" in html
    assert "CKE" not in html and "PIE" not in html
    assert "Manage agreed prices" not in html


def test_the_panel_is_on_the_account_page_and_for_the_administrator_links_to_the_list(
    chain, people, client_for, admin_client
):
    top, _branch = chain
    # The administrator first: client_for signs the same test client in as another persona.
    admin = _panel(admin_client, top).content.decode()
    assert f"{reverse('sales:agreed_price_list')}?account={top.pk}" in admin
    assert "No prices agreed with this account or its chain." in admin
    page = client_for(people.alice).get(reverse("accounts:account_detail", args=[top.pk]))
    assert reverse("sales:account_agreed_prices", args=[top.pk]) in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("maria", 200), ("mark", 200), ("bob", 404), ("charlie", 404)],
)
def test_it_is_read_like_the_account(chain, people, client_for, persona, status):
    top, _branch = chain
    agree(top, make_product(), "1.00")
    assert _panel(client_for(getattr(people, persona)), top).status_code == status


@pytest.mark.parametrize("rows", [1, 5])
def test_the_panel_makes_a_fixed_number_of_queries(chain, people, client_for, query_baseline, rows):
    top, branch = chain
    for _i in range(rows):
        agree(top, make_product(), "2.00")
        agree(branch, make_product(), "3.00")
    client = client_for(people.alice)
    _panel(client, branch)
    with query_baseline("panel"):
        response = _panel(client, branch)
    assert len(response.context["agreed_prices"]) == 2 * rows
