"""Proposals for tests, made through the services."""

from __future__ import annotations

from typing import Any

from koers.core.models import User
from koers.proposals import services
from koers.proposals.models import Proposal


def propose(actor: User, **data: Any) -> Proposal:
    data.setdefault("kind", "range")
    data.setdefault("title", "Gehakt in kleinere verpakking")
    data.setdefault("what", "Verkoop het gehakt ook per 500 gram.")
    data.setdefault("why", "Drie klanten klagen over vet en bederf.")
    data.setdefault("expected_effect", "Minder klachten en derving.")
    return services.proposal_submit(actor=actor, **data)
