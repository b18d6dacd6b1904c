"""The contact list: only readable contacts, search as you type, filters, sort, pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.accounts import services
from koers.accounts.filters import ContactFilterSet
from koers.accounts.models import Contact
from tests.factories import make_account, make_contact

URL = reverse("accounts:contact_list")


def names(response) -> list[str]:
    return [c.full_name for c in response.context["page_obj"].object_list]


@pytest.fixture
def portfolio(people):
    """Contacts at alice's, bob's and charlie's accounts."""
    acme = make_account(people.alice, name="Acme Foods")
    bakery = make_account(people.bob, name="Bakkerij Bol")
    south = make_account(people.charlie, name="Zuid Retail")
    return {
        "anna": make_contact(
            acme,
            first_name="Anna",
            last_name="de Vries",
            email="anna@acme.nl",
            phone="020 123 4567",
            job_title="Director",
            buying_role="decider",
            attitude="supporter",
            mailing_consent=True,
            consent_date="2025-01-10",
        ),
        "bram": make_contact(
            acme,
            first_name="Bram",
            last_name="Bakker",
            email="bram@acme.nl",
            job_title="Purchaser",
            buying_role="buyer",
            attitude="critic",
        ),
        "bert": make_contact(bakery, first_name="Bert", last_name="Bol", buying_role="decider"),
        "zara": make_contact(south, first_name="Zara", last_name="Zuid", buying_role="user"),
        "accounts": {"acme": acme, "bakery": bakery, "south": south},
    }


def test_an_account_manager_sees_only_contacts_of_her_accounts(people, client_for, portfolio):
    response = client_for(people.alice).get(URL)

    assert response.status_code == 200
    assert names(response) == ["Bram Bakker", "Anna de Vries"]
    assert "Zara" not in response.content.decode()


def test_a_manager_sees_the_contacts_of_her_team(people, client_for, portfolio):
    response = client_for(people.maria).get(URL)

    assert names(response) == ["Bram Bakker", "Bert Bol", "Anna de Vries"]


def test_marketing_sees_every_contact(people, client_for, portfolio):
    response = client_for(people.mark).get(URL)

    assert names(response) == ["Bram Bakker", "Bert Bol", "Anna de Vries", "Zara Zuid"]
    assert "Add contact" not in response.content.decode()


def test_names_sort_regardless_of_case(people, client_for, portfolio):
    response = client_for(people.mark).get(URL, {"sort": "-name"})

    assert names(response) == ["Zara Zuid", "Anna de Vries", "Bert Bol", "Bram Bakker"]


def test_it_requires_signing_in(client, portfolio):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_it_shows_job_title_account_role_email_and_formatted_phone(people, client_for, portfolio):
    html = client_for(people.alice).get(URL).content.decode()

    assert (
        f'Director, <a href="/accounts/{portfolio["accounts"]["acme"].pk}/">Acme Foods</a>' in html
    )
    assert '<span class="badge role role-decider">Decider</span>' in html
    assert "anna@acme.nl" in html
    assert "020 123 4567" in html
    assert reverse("accounts:contact_detail", args=[portfolio["anna"].pk]) in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("anna", ["Anna de Vries"]),
        ("VRIES", ["Anna de Vries"]),
        ("bram@acme", ["Bram Bakker"]),
        ("acme", ["Bram Bakker", "Anna de Vries"]),
        ("anna acme", ["Anna de Vries"]),
        ("nobody", []),
    ],
)
def test_search_matches_name_email_and_account_name(people, client_for, portfolio, query, expected):
    response = client_for(people.alice).get(URL, {"q": query})

    assert names(response) == expected


def test_search_does_not_match_names_of_accounts_the_user_cannot_read(
    people, client_for, portfolio
):
    # Anna also works at charlie's account: alice must not find her by that account's name.
    services.position_add(
        actor=people.admin,
        contact=portfolio["anna"],
        account=portfolio["accounts"]["south"],
        data={"job_title": "Advisor"},
    )

    response = client_for(people.alice).get(URL, {"q": "zuid"})

    assert names(response) == []
    html = client_for(people.alice).get(URL).content.decode()
    assert "Zuid Retail" not in html


def test_an_htmx_request_gets_only_the_results(people, client_for, portfolio):
    response = client_for(people.alice).get(URL, {"q": "anna"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="contact-results"')
    assert "<html" not in html
    assert "Anna de Vries" in html
    assert "Bram Bakker" not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "decider"}, ["Anna de Vries"]),
        ({"role": "buyer"}, ["Bram Bakker"]),
        ({"attitude": "critic"}, ["Bram Bakker"]),
        ({"consent": "yes"}, ["Anna de Vries"]),
        ({"consent": "no"}, ["Bram Bakker"]),
        ({"role": "gatekeeper"}, []),
        ({"role": "nonsense"}, ["Bram Bakker", "Anna de Vries"]),
    ],
)
def test_it_filters_by_role_attitude_and_consent(people, client_for, portfolio, params, expected):
    response = client_for(people.alice).get(URL, params)

    assert names(response) == expected


def test_an_opted_out_contact_counts_as_not_receiving_mailings(people, client_for, portfolio):
    Contact.objects.filter(pk=portfolio["anna"].pk).update(opted_out=True)

    client = client_for(people.alice)

    assert names(client.get(URL, {"consent": "yes"})) == []
    assert names(client.get(URL, {"consent": "no"})) == ["Bram Bakker", "Anna de Vries"]


def test_role_filter_ignores_former_positions(people, client_for, portfolio):
    position = portfolio["anna"].positions.get()
    services.position_end(actor=people.alice, position=position, end_date="2025-06-30")

    response = client_for(people.alice).get(URL, {"role": "decider"})

    assert names(response) == []


def test_my_accounts_filter_shows_contacts_of_accounts_i_own_or_serve(
    people, client_for, portfolio
):
    client = client_for(people.maria)
    assert names(client.get(URL, {"mine": "on"})) == []

    services.account_team_add(
        actor=people.bob,
        account=portfolio["accounts"]["bakery"],
        user=people.maria,
        role="manager",
    )

    assert names(client.get(URL, {"mine": "on"})) == ["Bert Bol"]
    assert names(client_for(people.alice).get(URL, {"mine": "on"})) == [
        "Bram Bakker",
        "Anna de Vries",
    ]


def test_it_sorts(people, client_for, portfolio):
    client = client_for(people.alice)

    assert names(client.get(URL, {"sort": "-name"})) == ["Anna de Vries", "Bram Bakker"]
    assert names(client.get(URL, {"sort": "email"})) == ["Anna de Vries", "Bram Bakker"]


def test_it_paginates_and_keeps_the_filters_in_the_page_links(people, client_for, settings):
    settings.PAGE_SIZE = 2
    account = make_account(people.alice, name="Acme")
    for n in range(5):
        make_contact(account, first_name="P", last_name=f"Person{n}", buying_role="user")

    client = client_for(people.alice)
    first = client.get(URL, {"role": "user"})
    last = client.get(URL, {"role": "user", "page": 3})
    beyond = client.get(URL, {"role": "user", "page": 99})

    assert names(first) == ["P Person0", "P Person1"]
    assert "?role=user&amp;page=2" in first.content.decode()
    assert names(last) == ["P Person4"]
    assert names(beyond) == ["P Person4"]
    assert "Page 3 of 3" in last.content.decode()


def test_it_shows_an_empty_state(people, client_for):
    html = client_for(people.alice).get(URL).content.decode()

    assert "No contacts yet" in html


def test_it_says_when_no_contact_matches(people, client_for, portfolio):
    html = client_for(people.alice).get(URL, {"q": "xyz"}).content.decode()

    assert "No contacts match" in html


# session, user, 2 for the OTP device check, count, rows, current positions with accounts.


@pytest.mark.parametrize("contacts", [1, 30])
def test_the_list_makes_a_fixed_number_of_queries(people, client_for, query_baseline, contacts):
    accounts = [make_account(people.alice, name=f"Account {n}") for n in range(3)]
    for n in range(contacts):
        contact = make_contact(accounts[n % 3], last_name=f"Person{n}", buying_role="user")
        services.position_add(
            actor=people.alice, contact=contact, account=accounts[(n + 1) % 3], data={}
        )
    client = client_for(people.alice)

    with query_baseline("page"):
        response = client.get(URL, {"q": "person", "role": "user", "mine": "on"})

    assert len(response.context["page_obj"].object_list) == min(contacts, 25)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bakk", ["Bram Bakker", "Bert Bol"]),  # a last name, and an account name (Bakkerij Bol)
        ("acme.nl", ["Bram Bakker", "Anna de Vries"]),  # the middle of an e-mail address
        ("Bo", ["Bert Bol"]),  # two letters: no trigram, still found
        ("zuid", []),  # charlie's account and contact, outside the team
        ("bert bakkerij", ["Bert Bol"]),
    ],
)
def test_a_manager_searches_names_e_mail_and_accounts_of_the_team(
    people, client_for, portfolio, query, expected
):
    response = client_for(people.maria).get(URL, {"q": query})

    assert names(response) == expected


def test_a_changed_e_mail_address_is_found_by_the_new_one_only(people, client_for, portfolio):
    anna = portfolio["anna"]
    services.contact_update(
        actor=people.alice,
        contact=anna,
        expected_version=anna.version,
        data={"first_name": "Anna", "last_name": "de Vries", "email": "anna@nieuwbouw.nl"},
    )

    assert names(client_for(people.alice).get(URL, {"q": "nieuwbouw"})) == ["Anna de Vries"]
    assert names(client_for(people.alice).get(URL, {"q": "anna@acme"})) == []


COUNT_URL = reverse("accounts:contact_count")


def test_a_long_list_counts_to_the_limit_and_pages_up_to_it(
    people, client_for, settings, monkeypatch
):
    monkeypatch.setattr(ContactFilterSet, "count_cap", 3)
    settings.PAGE_SIZE = 2
    account = make_account(people.alice)
    for name in ("Aa", "Bb", "Cc", "Dd", "Ee"):
        make_contact(account, last_name=name)
    client = client_for(people.alice)

    first = client.get(URL)
    count = client.get(COUNT_URL, headers={"HX-Request": "true"})
    second = client.get(URL, {"page": 2})
    beyond = client.get(URL, {"page": 3})
    narrowed = client.get(URL, {"q": "Dd"})

    # The first page does not count: it asks for the count in a second request.
    assert [c.last_name for c in first.context["page_obj"].object_list] == ["Aa", "Bb"]
    assert "Counting contacts" in first.content.decode()
    assert f'hx-get="{COUNT_URL}?"' in first.content.decode()
    assert "Page 1<" in first.content.decode()
    assert "More than 3 contacts" in count.content.decode()
    # The last page within the cap knows that there are more.
    assert [c.last_name for c in second.context["page_obj"].object_list] == ["Cc"]
    assert "More than 3 contacts" in second.content.decode()
    assert "Page 2 of 2" in second.content.decode()
    assert 'rel="next"' not in second.content.decode()
    assert [c.last_name for c in beyond.context["page_obj"].object_list] == ["Cc"]  # the last page
    assert "1 contact" in narrowed.content.decode()
    assert "More than" not in narrowed.content.decode()


def test_the_count_follows_the_filters_of_the_list(people, client_for, portfolio):
    client = client_for(people.maria)

    everyone = client.get(COUNT_URL, headers={"HX-Request": "true"})
    deciders = client.get(COUNT_URL, {"role": "decider"}, headers={"HX-Request": "true"})

    assert (
        " ".join(everyone.content.decode().split())
        == '<p class="muted result-count"> 3 contacts </p>'
    )
    assert (
        " ".join(deciders.content.decode().split())
        == '<p class="muted result-count"> 2 contacts </p>'
    )


def test_a_list_that_ends_on_its_first_page_is_counted_by_the_page(people, client_for, settings):
    settings.PAGE_SIZE = 2
    account = make_account(people.alice)
    make_contact(account, last_name="Aa")
    make_contact(account, last_name="Bb")

    content = client_for(people.alice).get(URL).content.decode()

    assert "2 contacts" in content
    assert "Counting" not in content


def test_the_count_makes_a_fixed_number_of_queries(people, client_for, query_baseline):
    account = make_account(people.alice)
    for n in range(30):
        make_contact(account, last_name=f"Person{n}")
    client = client_for(people.alice)

    with query_baseline("count"):
        response = client.get(COUNT_URL, headers={"HX-Request": "true"})

    assert "30 contacts" in response.content.decode()


def test_a_short_list_shows_its_exact_count(people, client_for, portfolio):
    content = client_for(people.maria).get(URL).content.decode()

    assert "3 contacts" in content
    assert "More than" not in content


def test_the_capped_count_is_in_dutch_for_a_dutch_user(people, client_for, monkeypatch):
    people.alice.language = "nl"
    people.alice.save()
    monkeypatch.setattr(ContactFilterSet, "count_cap", 1)
    account = make_account(people.alice)
    make_contact(account, last_name="Aa")
    make_contact(account, last_name="Bb")

    content = client_for(people.alice).get(URL).content.decode()

    assert "Meer dan 1 contactpersonen" in content
