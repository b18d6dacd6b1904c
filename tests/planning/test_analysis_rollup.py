"""A chain's figures rolled up from its branches' latest analyses, on the chain root's page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from koers.planning.analysis.rollup import chain_rollup
from tests.factories import make_account
from tests.planning.analysis_factories import make_analysis


@pytest.fixture
def chain(people):
    """Keten (alice) with Noord (alice), Zuid (alice) and Oost (charlie's, not readable to
    alice). Noord: an old and a newer analysis; Zuid: one; Oost: one."""
    root = make_account(people.alice, "Keten")
    noord = make_account(people.alice, "Keten Noord", parent=root)
    zuid = make_account(people.alice, "Keten Zuid", parent=root)
    oost = make_account(people.charlie, "Keten Oost", parent=root)
    make_analysis(
        people.alice,
        noord,
        analysed_on=date(2025, 6, 1),
        years=[{"year": 2024, "revenue": D("999"), "equity": D("1")}],
    )
    make_analysis(
        people.alice,
        noord,
        analysed_on=date(2026, 6, 1),
        years=[
            {"year": 2024, "revenue": D("1000"), "equity": D("200"), "total_assets": D("500")},
            {"year": 2025, "revenue": D("1100"), "equity": D("250"), "total_assets": D("600")},
        ],
    )
    make_analysis(
        people.alice,
        zuid,
        analysed_on=date(2026, 3, 1),
        years=[
            {"year": 2025, "revenue": D("900"), "equity": D("150")},
        ],
    )
    make_analysis(
        people.charlie,
        oost,
        analysed_on=date(2026, 3, 1),
        years=[
            {"year": 2025, "revenue": D("5000"), "equity": D("1000"), "total_assets": D("4000")},
        ],
    )
    return root


def test_the_figures_are_summed_from_the_latest_analysis_of_each_readable_branch(people, chain):
    rolled = chain_rollup(people.alice, chain)
    assert (rolled.branches, rolled.analysed) == (2, 2)
    y2024, y2025 = rolled.years
    assert (y2024.year, y2024.branches, y2024.figures["revenue"].total) == (2024, 1, D("1000"))
    assert y2025.branches == 2
    assert y2025.figures["revenue"].total == D("2000")
    assert y2025.figures["equity"].total == D("400")
    # Total assets only from Noord: shown as 600 (1 of 2), and no solvency from it.
    assert (y2025.figures["total_assets"].total, y2025.figures["total_assets"].given) == (
        D("600"),
        1,
    )
    assert y2025.ratios["solvency"].value is None
    assert y2024.ratios["solvency"].value == D("40.0")  # 200 / 500


def test_who_reads_every_branch_sums_them_all(people, chain):
    y2025 = chain_rollup(people.mark, chain).years[1]
    assert y2025.branches == 3
    assert y2025.figures["revenue"].total == D("7000")


def test_an_account_without_branches_has_no_rollup(people, account, client_for):
    assert chain_rollup(people.alice, account) is None
    response = client_for(people.alice).get(reverse("planning:chain_rollup", args=[account.pk]))
    assert response.status_code == 404


def test_the_chain_root_links_to_its_rolled_up_figures(people, chain, client_for):
    client = client_for(people.alice)
    listing = client.get(reverse("planning:analysis_list", args=[chain.pk])).content.decode()
    assert reverse("planning:chain_rollup", args=[chain.pk]) in listing
    page = client.get(reverse("planning:chain_rollup", args=[chain.pk])).content.decode()
    assert "2 of its 2 branches" in page
    assert "1 of 2" in page
