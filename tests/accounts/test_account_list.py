"""The account list: scope per role, search as you type, filters, sorting, pagination."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.accounts.filters import filter_accounts
from koers.accounts.models import Account
from koers.core.models import Role
from tests.factories import make_account, make_contact, make_segment, make_team, make_user
from tests.transfer.helpers import signed_in

URL = reverse("accounts:account_list")


def names(response) -> list[str]:
    return [a.name for a in response.context["page_obj"].object_list]


def test_it_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_an_account_manager_lands_on_their_own_portfolio(people, client_for):
    make_account(people.alice, "Alpha Bakery")
    served = make_account(people.bob, "Bravo Foods")
    served.team_members.create(user=people.alice, role="co_account_manager")
    make_account(people.charlie, "Charlie Meat")

    response = client_for(people.alice).get(URL)

    assert response.status_code == 200
    assert names(response) == ["Alpha Bakery"]
    assert response.context["scope"] == "mine"


def test_all_i_may_see_adds_the_accounts_an_account_manager_serves(people, client_for):
    make_account(people.alice, "Alpha Bakery")
    served = make_account(people.bob, "Bravo Foods")
    served.team_members.create(user=people.alice, role="co_account_manager")
    make_account(people.charlie, "Charlie Meat")

    response = client_for(people.alice).get(URL, {"scope": "all"})

    assert names(response) == ["Alpha Bakery", "Bravo Foods"]
    assert b"Charlie Meat" not in response.content


def test_a_manager_lands_on_everything_of_the_team(people, client_for):
    make_account(people.alice, "Alpha Bakery")
    make_account(people.bob, "Bravo Foods")
    make_account(people.charlie, "Charlie Meat")

    response = client_for(people.maria).get(URL)

    assert response.context["scope"] == "all"
    assert names(response) == ["Alpha Bakery", "Bravo Foods"]


def test_inside_sales_sees_the_accounts_they_serve(people, client_for):
    served = make_account(people.alice, "Alpha Bakery")
    served.team_members.create(user=people.ingrid, role="inside_sales")
    make_account(people.bob, "Bravo Foods")

    response = client_for(people.ingrid).get(URL)

    assert names(response) == ["Alpha Bakery"]


def test_marketing_sees_every_account_but_no_new_account_button(people, client_for):
    make_account(people.alice, "Alpha Bakery")
    make_account(people.charlie, "Charlie Meat")

    response = client_for(people.mark).get(URL)

    assert names(response) == ["Alpha Bakery", "Charlie Meat"]
    assert reverse("accounts:account_create").encode() not in response.content


def test_search_matches_name_city_kvk_and_current_contact_names(people, client_for):
    by_name = make_account(people.alice, "Bakkerij Hendriks", visit_city="Zwolle")
    by_city = make_account(people.alice, "Slagerij Vos", visit_city="Hendrikstad")
    by_kvk = make_account(people.alice, "Groothandel Noord", kvk_number="12345678")
    by_contact = make_account(people.alice, "Visgilde")
    make_contact(by_contact, first_name="Anna", last_name="Hendriksen")
    make_account(people.alice, "Other")
    client = client_for(people.alice)

    assert names(client.get(URL, {"q": "hendrik"})) == [
        by_name.name,
        by_city.name,
        by_contact.name,
    ]
    assert names(client.get(URL, {"q": "1234"})) == [by_kvk.name]


def test_an_account_with_several_matching_contacts_is_listed_once(people, client_for):
    account = make_account(people.alice, "Visgilde")
    make_contact(account, first_name="Anna", last_name="de Boer")
    make_contact(account, first_name="Bert", last_name="de Boer")

    response = client_for(people.alice).get(URL, {"q": "boer"})

    assert names(response) == ["Visgilde"]
    assert response.context["page_obj"].paginator.count == 1


def test_search_ignores_contacts_who_left_the_account(people, client_for):
    from koers.accounts import services

    account = make_account(people.alice, "Visgilde")
    contact = make_contact(account, last_name="Vertrokken")
    position = contact.positions.get()
    services.position_end(actor=people.alice, position=position, end_date="2025-01-01")

    response = client_for(people.alice).get(URL, {"q": "vertrokken"})

    assert names(response) == []


def test_every_word_of_the_search_must_match(people, client_for):
    make_account(people.alice, "Bakkerij Hendriks", visit_city="Zwolle")
    make_account(people.alice, "Bakkerij Jansen", visit_city="Utrecht")

    response = client_for(people.alice).get(URL, {"q": "bakkerij zwolle"})

    assert names(response) == ["Bakkerij Hendriks"]


def test_an_htmx_search_gets_only_the_results_partial(people, client_for):
    make_account(people.alice, "Alpha Bakery")
    make_account(people.alice, "Beta Fish")

    response = client_for(people.alice).get(URL, {"q": "alpha"}, headers={"HX-Request": "true"})

    assert response.templates[0].name == "accounts/_account_results.html"
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="account-results"')
    assert "Alpha Bakery" in content
    assert "Beta Fish" not in content
    assert "<html" not in content
    assert "HX-Request" in response["Vary"]


def test_the_search_box_searches_as_you_type(people, client_for):
    response = client_for(people.alice).get(URL)

    content = response.content.decode()
    assert 'hx-trigger="input changed delay:250ms, search"' in content
    assert 'hx-target="#account-results"' in content


def test_filters_by_tier_status_segment_and_owner(people, client_for):
    retail = make_segment("Retail")
    make_account(people.alice, "A retail customer", tier="A", status="customer", segment=retail)
    make_account(people.alice, "A prospect", tier="A", status="prospect")
    make_account(people.bob, "Bob's B customer", tier="B", status="customer")
    client = client_for(people.maria)

    assert names(client.get(URL, {"tier": "A"})) == ["A prospect", "A retail customer"]
    assert names(client.get(URL, {"status": "customer"})) == [
        "A retail customer",
        "Bob's B customer",
    ]
    assert names(client.get(URL, {"segment": retail.pk})) == ["A retail customer"]
    assert names(client.get(URL, {"owner": people.bob.pk})) == ["Bob's B customer"]


def test_filters_by_the_sales_team_of_the_owner(people, client_for):
    make_account(people.alice, "North account")
    make_account(people.charlie, "South account")
    north = people.alice.teams.get()

    response = client_for(people.mark).get(URL, {"team": north.pk})

    assert names(response) == ["North account"]


def test_the_team_filter_does_not_duplicate_owners_in_two_teams(people, client_for):
    make_team("Key accounts", people.maria, people.alice)
    make_account(people.alice, "North account")
    north = people.bob.teams.get()

    response = client_for(people.mark).get(URL, {"team": north.pk})

    assert names(response) == ["North account"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Appel", "Bes", "Citroen"]),
        ("-name", ["Citroen", "Bes", "Appel"]),
        ("city", ["Bes", "Citroen", "Appel"]),
        ("tier", ["Citroen", "Appel", "Bes"]),
        ("-tier", ["Bes", "Appel", "Citroen"]),
        ("status", ["Appel", "Citroen", "Bes"]),
        ("owner", ["Bes", "Appel", "Citroen"]),
    ],
)
def test_it_sorts_by_the_clicked_column(people, client_for, sort, expected):
    make_account(people.bob, "Appel", visit_city="Zwolle", tier="B", status="prospect")
    make_account(people.alice, "Bes", visit_city="Amsterdam", tier="C", status="former")
    make_account(people.maria, "Citroen", visit_city="Breda", tier="A", status="customer")

    response = client_for(people.maria).get(URL, {"sort": sort})

    assert names(response) == expected


def test_a_sort_header_link_keeps_the_filters_and_reverses_on_the_second_click(people, client_for):
    make_account(people.alice, "Appel")

    response = client_for(people.alice).get(URL, {"q": "app", "sort": "name"})

    content = response.content.decode()
    assert 'href="?q=app&amp;sort=-name"' in content
    assert 'aria-sort="ascending"' in content


def test_bad_parameters_are_ignored_instead_of_failing(people, client_for):
    make_account(people.alice, "Appel")

    response = client_for(people.alice).get(
        URL, {"tier": "Z", "sort": "drop table", "owner": "x", "page": "999"}
    )

    assert response.status_code == 200
    assert names(response) == ["Appel"]


def test_it_paginates_and_shows_the_total(people, client_for, settings):
    settings.PAGE_SIZE = 2
    for name in ("A", "B", "C", "D", "E"):
        make_account(people.alice, name)

    response = client_for(people.alice).get(URL, {"page": 2})

    assert names(response) == ["C", "D"]
    content = response.content.decode()
    assert "5 accounts" in content
    assert "Page 2 of 3" in content


def test_a_branch_shows_the_name_of_its_parent(people, client_for):
    parent = make_account(people.alice, "Chain HQ")
    make_account(people.alice, "Chain Zwolle", parent=parent)

    response = client_for(people.alice).get(URL, {"q": "zwolle"})

    assert "branch of Chain HQ" in response.content.decode()


def test_an_empty_portfolio_offers_to_add_an_account(people, client_for):
    response = client_for(people.alice).get(URL)

    content = response.content.decode()
    assert "No accounts in your portfolio yet" in content
    assert reverse("accounts:account_create") in content


def test_filter_accounts_is_usable_without_a_request(people):
    make_account(people.alice, "Appel", tier="A")
    make_account(people.alice, "Bes", tier="B")

    accounts, filterset = filter_accounts(people.alice, {"tier": "B"})

    assert list(accounts) == [Account.objects.get(name="Bes")]
    assert filterset.form.cleaned_data["scope"] == "mine"


def _make_many(owner, count: int) -> None:
    segment = make_segment("Retail")
    parent = make_account(owner, "Parent")
    for i in range(count):
        account = make_account(owner, f"Account {i:02}", segment=segment, parent=parent)
        account.tags.create(name=f"tag {i}")
        make_contact(account)


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_makes_the_same_number_of_queries_for_few_and_many_accounts(
    people, client_for, query_baseline, count
):
    _make_many(people.alice, count)
    client = client_for(people.alice)

    # session, user, OTP devices (2), count, page, and the segment, owner and team choices
    with query_baseline("page"):
        response = client.get(URL, {"q": "account", "sort": "owner"})

    assert response.status_code == 200


def test_a_new_role_added_later_still_gets_a_scope(people):
    newcomer = make_user("nina", role=Role.INSIDE_SALES)

    _accounts, filterset = filter_accounts(newcomer, {})

    assert filterset.form.cleaned_data["scope"] == "all"


MY_ACCOUNTS = b'value="mine"'


def test_my_accounts_is_offered_to_an_account_manager(people, client_for):
    html = client_for(people.alice).get(URL).content

    assert MY_ACCOUNTS in html
    assert b"My accounts" in html


@pytest.mark.parametrize("persona", ["maria", "ingrid", "mark", "admin"])
def test_my_accounts_is_not_offered_to_roles_that_own_no_accounts(people, client, persona):
    html = signed_in(client, getattr(people, persona)).get(URL).content

    assert MY_ACCOUNTS not in html
    assert b"My accounts" not in html
    assert b'<input type="hidden" name="scope" value="all">' in html


def test_a_manager_signing_in_lands_on_the_teams_accounts(people, client):
    make_account(people.alice, "Alpha Bakery")
    make_account(people.charlie, "Charlie Meat")

    landing = client.post(
        reverse("core:login"), {"username": "maria", "password": "pw-maria"}, follow=True
    )

    assert landing.redirect_chain[-1][0] == URL
    assert names(landing) == ["Alpha Bakery"]
    assert MY_ACCOUNTS not in landing.content


def test_an_old_link_with_my_accounts_still_shows_the_switch_back(people, client_for):
    html = client_for(people.maria).get(URL, {"scope": "mine"}).content

    assert MY_ACCOUNTS in html
