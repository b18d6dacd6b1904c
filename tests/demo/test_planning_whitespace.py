"""The demo's whitespace estimates: a few cells of the planned accounts and of the biggest
chain's branches, each a main product group, made by the account's owner."""

from __future__ import annotations

from koers.planning.models import WhitespaceEstimate


def test_the_demo_estimates_a_few_cells(demo):
    estimates = list(WhitespaceEstimate.objects.select_related("account", "product_group"))

    assert "whitespace estimates" in demo
    assert 4 <= len(estimates) <= 14
    for estimate in estimates:
        assert estimate.product_group.parent_id is None
        assert estimate.updated_by == estimate.account.owner
        assert estimate.amount > 0
    assert any(e.account.parent_id is not None for e in estimates)
