"""The demo's sales plans: one organisation-wide action, and a plan of this year for the account
managers with a team manager, with proposals adopted, adjusted and rejected, one worked out from
the action, and plans in every state."""

from __future__ import annotations

from koers.planning.models import SalesAction, SalesPlan, SalesProposal


def test_the_demo_has_sales_plans_in_every_state_and_one_action(demo):
    plans = SalesPlan.objects.all()

    assert "sales plans" in demo
    assert SalesAction.objects.count() == 1
    statuses = {p.status for p in plans}
    assert "decided" in statuses and statuses <= {"draft", "returned", "decided"}
    assert {p.period_kind for p in plans} == {"year"}
    decisions = set(SalesProposal.objects.values_list("decision", flat=True))
    assert decisions == {"open", "adopted", "adjusted", "rejected"}
    assert SalesProposal.objects.filter(sales_action__isnull=False).exists()
    for plan in plans:
        assert plan.proposals.exclude(account__owner=plan.owner).count() == 0
