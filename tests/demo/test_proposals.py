"""The demo's proposals: built on its complaints (the structural one among them), with the
managers' answers."""

from __future__ import annotations

from koers.proposals.models import Proposal, ProposalDecision, ProposalStatus

S = ProposalStatus


def test_the_demo_has_proposals_with_answers_on_the_structural_complaints(demo):
    assert set(Proposal.objects.values_list("status", flat=True)) == set(S.values)
    structural = Proposal.objects.get(title__startswith="Rundergehakt ook per 500 gram")
    assert structural.status == S.ACCEPTED
    assert structural.complaints.filter(product__code="RU-101").count() >= 3
    assert structural.accounts.count() >= 3
    later = Proposal.objects.get(title__startswith="Beschadigde dozen")
    assert list(later.decisions.values_list("to_status", flat=True)) == [S.PARKED, S.ACCEPTED]
    by_proposer = ProposalDecision.objects.filter(decided_by=structural.proposer)
    assert by_proposer.exclude(to_status=S.WITHDRAWN).count() == 0
    withdrawn = Proposal.objects.get(status=S.WITHDRAWN)
    assert withdrawn.decisions.get().decided_by == withdrawn.proposer
