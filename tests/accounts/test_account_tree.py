"""The chain tree of a large chain: a part on the detail page, the whole via "show all"."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from koers.accounts.models import Account
from tests.factories import make_account, make_contact


def detail(account: Account) -> str:
    return reverse("accounts:account_detail", args=[account.pk])


def tree(account: Account) -> str:
    return reverse("accounts:account_tree", args=[account.pk])


def make_chain(owner, branches: int, regions: int = 6) -> dict[str, list[Account]]:
    """A head office, `regions` regions under it, and the other branches spread under those."""
    root = make_account(owner, "Chain HQ")
    made = {"root": [root], "regions": [], "shops": []}
    for i in range(min(regions, branches)):
        made["regions"].append(make_account(owner, f"Region {i:02}", parent=root))
    for i in range(branches - len(made["regions"])):
        region = made["regions"][i % len(made["regions"])]
        made["shops"].append(make_account(owner, f"Shop {i:03}", parent=region))
    return made


def shown_nodes(content: str) -> list[str]:
    return re.findall(r'<span class="node(?: current)?">', content)


@pytest.fixture
def large_chain(people):
    chain = make_chain(people.alice, 120)
    make_contact(chain["shops"][0])
    return chain


def test_a_large_chain_shows_the_path_the_children_and_a_link_to_the_whole_tree(
    people, client_for, large_chain
):
    region = large_chain["regions"][1]
    children = [s for s in large_chain["shops"] if s.parent_id == region.pk]

    response = client_for(people.alice).get(detail(region))

    content = response.content.decode()
    # the head office, its six regions, and the 19 shops under this region
    assert len(shown_nodes(content)) == 26
    assert f'href="{detail(large_chain["root"][0])}">Chain HQ</a>' in content
    assert '<strong aria-current="true">Region 01</strong>' in content
    for child in children:
        assert f'href="{detail(child)}">{child.name}</a>' in content
    for other in large_chain["regions"]:
        assert other.name in content
    assert f'href="{tree(region)}" hx-get="{tree(region)}" hx-target="#chain-tree"' in content
    assert "Show all 120 branches" in content


def test_a_deep_branch_of_a_large_chain_shows_its_whole_path(people, client_for, large_chain):
    shop = large_chain["shops"][7]

    response = client_for(people.alice).get(detail(shop))

    content = response.content.decode()
    region = Account.objects.get(pk=shop.parent_id)
    siblings = [s for s in large_chain["shops"] if s.parent_id == region.pk]
    # the head office, its six regions, and the shop with its 18 siblings
    assert len(shown_nodes(content)) == 7 + len(siblings) == 26
    for sibling in siblings:
        assert f">{sibling.name}</" in content
    top = content.index("Chain HQ</a>")
    assert top < content.index(f">{region.name}</a>") < content.index(f">{shop.name}</strong>")
    assert "Show all 120 branches" in content


def test_the_head_office_of_a_flat_chain_shows_fifty_of_its_branches(people, client_for):
    chain = make_chain(people.alice, 60, regions=60)

    response = client_for(people.alice).get(detail(chain["root"][0]))

    content = response.content.decode()
    assert len(shown_nodes(content)) == 50
    assert "Region 48</a>" in content
    assert "Region 49" not in content
    assert "Show all 60 branches" in content


def test_a_chain_of_fifty_accounts_or_fewer_is_shown_whole_without_the_link(people, client_for):
    chain = make_chain(people.alice, 49)

    response = client_for(people.alice).get(detail(chain["root"][0]))

    content = response.content.decode()
    assert len(shown_nodes(content)) == 50
    assert tree(chain["root"][0]) not in content
    assert "Show all" not in content


def test_show_all_gives_htmx_the_whole_tree_as_a_partial(people, client_for, large_chain):
    region = large_chain["regions"][1]

    response = client_for(people.alice).get(tree(region), headers={"HX-Request": "true"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert len(shown_nodes(content)) == 121
    for account in [*large_chain["regions"], *large_chain["shops"]]:
        assert f">{account.name}</" in content
    assert '<strong aria-current="true">Region 01</strong>' in content
    assert "1 contact" in content
    assert "Show all" not in content
    assert "HX-Request" in response["Vary"]


def test_the_whole_tree_without_htmx_is_a_page_with_breadcrumbs(people, client_for):
    chain = make_chain(people.alice, 3, regions=1)
    shop = chain["shops"][0]

    response = client_for(people.alice).get(tree(shop))

    content = response.content.decode()
    assert "<html" in content
    assert len(shown_nodes(content)) == 4
    start = content.index('aria-label="breadcrumb"')
    crumbs = content[start : content.index("</nav>", start)]
    assert f'href="{detail(shop)}">{shop.name}</a>' in crumbs
    assert crumbs.index("Chain HQ") < crumbs.index("Region 00") < crumbs.index(shop.name)


def test_the_whole_tree_of_an_account_the_user_cannot_read_is_a_404(people, client_for):
    chain = make_chain(people.charlie, 3, regions=1)

    response = client_for(people.alice).get(
        tree(chain["regions"][0]), headers={"HX-Request": "true"}
    )

    assert response.status_code == 404
    for account in [*chain["root"], *chain["regions"], *chain["shops"]]:
        assert account.name.encode() not in response.content


def test_the_whole_tree_leaves_out_branches_the_user_cannot_read(people, client_for):
    root = make_account(people.alice, "Chain HQ")
    mine = make_account(people.alice, "Shop Alice", parent=root)
    make_account(people.charlie, "Shop Charlie", parent=root)

    response = client_for(people.alice).get(tree(mine), headers={"HX-Request": "true"})

    content = response.content.decode()
    assert len(shown_nodes(content)) == 2
    assert "Shop Charlie" not in content


def test_the_tree_nests_rows_as_lists_without_leaving_any_open(people, client_for):
    chain = make_chain(people.alice, 3, regions=2)

    response = client_for(people.alice).get(tree(chain["root"][0]), headers={"HX-Request": "true"})

    content = response.content.decode()
    assert content.count("<ul") == content.count("</ul>") == 3
    assert content.count("<li>") == content.count("</li>") == 4


@pytest.mark.parametrize("branches", [10, 120])
def test_both_tree_views_make_a_fixed_number_of_queries(
    people, client_for, query_baseline, branches
):
    chain = make_chain(people.alice, branches)
    region = chain["regions"][0]
    client = client_for(people.alice)

    # session, user, OTP (2), account, tags, team, tree, positions, history, can_change,
    # colleagues for the team form
    with query_baseline("detail"):
        assert client.get(detail(region)).status_code == 200
    # session, user, OTP (2), account, tree
    with query_baseline("tree partial"):
        assert client.get(tree(region), headers={"HX-Request": "true"}).status_code == 200
