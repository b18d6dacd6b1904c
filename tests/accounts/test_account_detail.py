"""The account detail page: access per role, data, chain tree, DMU map, team and history."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from koers.accounts import services
from koers.accounts.models import AccountTeamMember
from tests.factories import make_account, make_contact, make_segment


def detail(account) -> str:
    return reverse("accounts:account_detail", args=[account.pk])


def rename(account, actor, name: str):
    return services.account_update(
        actor=actor, account=account, expected_version=account.version, data={"name": name}
    )


def test_an_account_manager_sees_their_own_account_with_all_its_data(people, client_for):
    account = make_account(
        people.alice,
        "Bakkerij Hendriks",
        kvk_number="12345678",
        establishment_number="000012345678",
        vat_number="NL004495445B01",
        visit_street="Dorpsstraat 1",
        visit_postcode="1234ab",
        visit_city="Zwolle",
        phone="0201234567",
        email="info@hendriks.example",
        website="https://hendriks.example",
        segment=make_segment("Retail"),
        tier="A",
        status="customer",
        notes="Pays on time.",
    )
    account.tags.create(name="bread")

    response = client_for(people.alice).get(detail(account))

    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "Bakkerij Hendriks",
        "12345678",
        "000012345678",
        "NL004495445B01",
        "Dorpsstraat 1",
        "1234 AB Zwolle",
        "020 123 4567",
        'href="tel:+31201234567"',
        "info@hendriks.example",
        "https://hendriks.example",
        "Retail",
        "A account",
        "Customer",
        "Alice Tester",
        "bread",
        "Pays on time.",
    ):
        assert text in content, text
    assert reverse("accounts:account_edit", args=[account.pk]) in content
    assert reverse("accounts:branch_create", args=[account.pk]) in content
    assert reverse("accounts:account_contact_create", args=[account.pk]) in content


def test_guessing_the_id_of_another_teams_account_is_a_404_that_leaks_nothing(people, client_for):
    charlies = make_account(people.charlie, "Slagerij Geheim")

    response = client_for(people.alice).get(detail(charlies))

    assert response.status_code == 404
    assert b"Slagerij Geheim" not in response.content


def test_a_colleague_in_the_same_team_cannot_open_an_account_they_do_not_serve(people, client_for):
    bobs = make_account(people.bob, "Bob's account")

    response = client_for(people.alice).get(detail(bobs))

    assert response.status_code == 404
    assert b"Bob&#x27;s account" not in response.content


def test_a_manager_sees_the_accounts_of_the_team_but_not_of_another_team(people, client_for):
    alices = make_account(people.alice, "Alice's account")
    charlies = make_account(people.charlie, "Charlie's account")
    client = client_for(people.maria)

    assert client.get(detail(alices)).status_code == 200
    assert client.get(detail(charlies)).status_code == 404


def test_inside_sales_sees_the_accounts_they_serve(people, client_for):
    served = make_account(people.alice, "Served")
    served.team_members.create(user=people.ingrid, role="inside_sales")
    other = make_account(people.alice, "Not served")
    client = client_for(people.ingrid)

    assert client.get(detail(served)).status_code == 200
    assert client.get(detail(other)).status_code == 404


def test_marketing_reads_the_account_without_edit_buttons(people, client_for):
    account = make_account(people.alice, "Bakkerij Hendriks")

    response = client_for(people.mark).get(detail(account))

    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("accounts:account_edit", args=[account.pk]) not in content
    assert reverse("accounts:branch_create", args=[account.pk]) not in content
    assert reverse("accounts:account_contact_create", args=[account.pk]) not in content
    assert 'name="action" value="add"' not in content


def test_the_chain_tree_shows_three_levels_with_contact_totals_rolled_up(people, client_for):
    root = make_account(people.alice, "Chain HQ")
    region = make_account(people.alice, "Region East", parent=root)
    shop = make_account(people.alice, "Shop Zwolle", parent=region)
    sibling = make_account(people.alice, "Region West", parent=root)
    make_contact(root)
    make_contact(region)
    make_contact(region)
    for _ in range(3):
        make_contact(shop)
    former = make_contact(sibling)
    services.position_end(
        actor=people.alice, position=former.positions.get(), end_date=datetime.date(2025, 1, 1)
    )

    response = client_for(people.alice).get(detail(region))

    [top] = response.context["tree"]
    assert (top["name"], top["contact_count"], top["total_contacts"]) == ("Chain HQ", 1, 6)
    east, west = top["children"]
    assert (east["name"], east["contact_count"], east["total_contacts"]) == ("Region East", 2, 5)
    assert (west["name"], west["total_contacts"]) == ("Region West", 0)
    [leaf] = east["children"]
    assert (leaf["name"], leaf["total_contacts"]) == ("Shop Zwolle", 3)
    content = response.content.decode()
    assert '<strong aria-current="true">Region East</strong>' in content
    assert f'href="{detail(root)}">Chain HQ</a>' in content
    assert f'href="{detail(shop)}">Shop Zwolle</a>' in content
    assert "6 contacts" in content
    assert "(2 here)" in content


def test_the_breadcrumbs_show_the_chain_above_a_branch(people, client_for):
    root = make_account(people.alice, "Chain HQ")
    region = make_account(people.alice, "Region East", parent=root)
    shop = make_account(people.alice, "Shop Zwolle", parent=region)

    response = client_for(people.alice).get(detail(shop))

    assert [n["name"] for n in response.context["ancestors"]] == ["Chain HQ", "Region East"]
    content = response.content.decode()
    start = content.index('aria-label="breadcrumb"')
    crumbs = content[start : content.index("</nav>", start)]
    assert crumbs.index("Accounts") < crumbs.index("Chain HQ") < crumbs.index("Region East")
    assert '<li aria-current="page">Shop Zwolle</li>' in crumbs


def test_the_dmu_map_puts_current_contacts_in_their_role_coloured_by_attitude(people, client_for):
    account = make_account(people.alice)
    decider = make_contact(
        account, first_name="Dora", last_name="Decider", buying_role="decider", attitude="supporter"
    )
    make_contact(
        account, first_name="Bart", last_name="Buyer", buying_role="buyer", attitude="critic"
    )
    make_contact(account, first_name="Nina", last_name="Norole")
    gone = make_contact(account, first_name="Gerrit", last_name="Gone", buying_role="decider")
    services.position_end(
        actor=people.alice, position=gone.positions.get(), end_date=datetime.date(2025, 3, 1)
    )

    response = client_for(people.alice).get(detail(account))

    boxes = {
        box["role"]: [p.contact.last_name for p in box["positions"]]
        for box in response.context["dmu"]
    }
    assert boxes == {
        "decider": ["Decider"],
        "influencer": [],
        "buyer": ["Buyer"],
        "user": [],
        "gatekeeper": [],
        "": ["Norole"],
    }
    content = response.content.decode()
    contact_url = reverse("accounts:contact_detail", args=[decider.pk])
    assert f'class="person supporter" href="{contact_url}"' in content
    assert 'class="person critic"' in content
    assert [p.contact.last_name for p in response.context["former_positions"]] == ["Gone"]
    former = content[content.index('class="former"') :]
    assert "Gerrit Gone" in former


def test_an_account_without_contacts_invites_to_add_one(people, client_for):
    account = make_account(people.alice)

    response = client_for(people.alice).get(detail(account))

    content = response.content.decode()
    assert "No contacts at this account yet" in content


def test_the_last_ten_changes_are_shown_with_a_link_to_the_full_history(people, client_for):
    account = make_account(people.alice, "Name 0")
    for i in range(1, 13):
        account = rename(account, people.alice, f"Name {i}")

    response = client_for(people.alice).get(detail(account))

    entries = response.context["entries"]
    assert len(entries) == 10
    first = entries[0]
    assert first["by"] == people.alice
    assert [(c["name"], c["old"], c["new"]) for c in first["changes"]] == [
        ("name", "Name 11", "Name 12")
    ]
    assert entries[-1]["changes"][0]["new"] == "Name 3"
    content = response.content.decode()
    assert "<del>Name 11</del> → <ins>Name 12</ins>" in content
    assert reverse("accounts:account_history", args=[account.pk]) in content


def test_history_names_the_old_and_new_owner_instead_of_their_ids(people, client_for):
    account = make_account(people.alice, "Moved")
    services.account_update(
        actor=people.maria,
        account=account,
        expected_version=account.version,
        data={"owner": people.bob},
    )

    response = client_for(people.maria).get(detail(account))

    change = response.context["entries"][0]["changes"][0]
    assert (change["name"], change["old"], change["new"]) == ("owner", "Alice Tester", "Bob Tester")


def test_history_does_not_name_a_former_parent_the_reader_cannot_see(people, client_for):
    secret = make_account(people.charlie, "Secret chain")
    account = make_account(people.alice, "Shop")
    services.account_update(
        actor=people.admin,
        account=account,
        expected_version=account.version,
        data={"parent": secret},
    )

    response = client_for(people.alice).get(detail(account))

    assert b"Secret chain" not in response.content
    change = response.context["entries"][0]["changes"][0]
    assert change["new"] == "an account you cannot see"


def _populate(owner, helpers, size: int):
    root = make_account(owner, "Chain HQ", segment=make_segment("Retail"))
    root.tags.create(name="chain")
    current = root
    for i in range(size):
        current = make_account(owner, f"Branch {i}", parent=root if i % 2 else current)
        make_contact(root, buying_role="decider", attitude="supporter")
        former = make_contact(root, buying_role="buyer")
        services.position_end(
            actor=owner, position=former.positions.get(), end_date=datetime.date(2025, 1, 1)
        )
        if i < len(helpers):
            AccountTeamMember.objects.create(account=root, user=helpers[i], role="service")
        root = rename(root, owner, f"Chain HQ {i}")
    return root


@pytest.mark.parametrize("size", [1, 12])
def test_the_detail_page_makes_a_fixed_number_of_queries(people, client_for, query_baseline, size):
    helpers = [people.bob, people.ingrid, people.maria]
    root = _populate(people.alice, helpers[: min(size, 3)], size)
    client = client_for(people.alice)

    # session, user, OTP (2), account, tags, team, team users, tree, positions, history,
    # can_change, colleagues for the team form
    with query_baseline("detail"):
        response = client.get(detail(root))

    assert response.status_code == 200
