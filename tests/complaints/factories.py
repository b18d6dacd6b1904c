"""Complaints for tests, made through the services, brought to any status."""

from __future__ import annotations

from typing import Any

from koers.accounts.models import Account
from koers.complaints import services
from koers.complaints.models import Complaint, ComplaintCategory, ComplaintStatus
from koers.core.models import User

S = ComplaintStatus


def make_category(name: str = "Delivery") -> ComplaintCategory:
    return ComplaintCategory.objects.get_or_create(name=name)[0]


def make_complaint(
    actor: User, account: Account, status: str = S.RECEIVED, **data: Any
) -> Complaint:
    data.setdefault("category", make_category())
    data.setdefault("description", "Pallets arrived broken")
    complaint = services.complaint_register(actor=actor, account=account, **data)
    return bring_to(actor, complaint, status)


def bring_to(actor: User, complaint: Complaint, status: str) -> Complaint:
    if status == S.RECEIVED:
        return complaint
    if status == S.IN_PROGRESS:
        return services.complaint_start(actor=actor, complaint=complaint)
    if status == S.REJECTED:
        return services.complaint_reject(actor=actor, complaint=complaint, reason="Not ours")
    solved = services.complaint_solve(actor=actor, complaint=complaint, solution="New pallets")
    if status == S.SOLVED:
        return solved
    return services.complaint_verify(actor=actor, complaint=solved, answer="All fine now")
