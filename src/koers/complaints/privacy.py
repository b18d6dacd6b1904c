"""What complaints hold about a person, for their right of access and of erasure (decision 62,
accounts/services/privacy.py): the complaints they made (the complaint's contact), and the
complaints, steps, tasks and comments whose free text names them.

Erasure replaces their full name in that free text and in the complaints' history rows; the
complaints stay, linked to the anonymised contact, for the indicators (complaints per account,
time to solution).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Contact
from koers.accounts.services.privacy import PersonalDataSource, erase_name_in
from koers.complaints.models import Complaint, ComplaintComment, ComplaintStep, ComplaintTask

COMPLAINT_FIELDS = (
    "description", "product_name", "agreed_handling", "solution", "customer_answer",
    "reject_reason", "reopen_reason",
)  # fmt: skip
TEXT_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Complaint: COMPLAINT_FIELDS,
    ComplaintStep: ("note",),
    ComplaintTask: ("description",),
    ComplaintComment: ("text",),
}


def _naming(fields: tuple[str, ...], name: str) -> Q:
    found = Q()
    for field in fields:
        found |= Q(**{f"{field}__icontains": name})
    return found


def _text(obj: Model, fields: tuple[str, ...]) -> str:
    return "\n".join(str(getattr(obj, f)) for f in fields if getattr(obj, f, ""))


def export(contact: Contact) -> list[dict[str, Any]]:
    """The complaints the person made, then those whose text (or steps, tasks, comments) names
    them."""
    named = Q(contact=contact)
    if contact.first_name and contact.last_name:
        full = contact.full_name
        named |= _naming(COMPLAINT_FIELDS, full)
        for model in (ComplaintStep, ComplaintTask, ComplaintComment):
            inner = _naming(TEXT_FIELDS[model], full)
            named |= Q(pk__in=model._default_manager.filter(inner).values("complaint_id"))
    found = (
        Complaint.objects.filter(named)
        .select_related("account", "category")
        .prefetch_related("steps", "tasks", "comments")
        .order_by("received_at", "pk")
    )
    return [_row(complaint, contact) for complaint in found]


def _row(complaint: Complaint, contact: Contact) -> dict[str, Any]:
    texts = [_text(complaint, COMPLAINT_FIELDS)]
    texts += [step.note for step in complaint.steps.all() if step.note]
    texts += [task.description for task in complaint.tasks.all()]
    texts += [comment.text for comment in complaint.comments.all()]
    return {
        "record": "complaint",
        "id": complaint.pk,
        "when": complaint.received_at,
        "account": complaint.account.name,
        "what": f"{complaint.category.name}: {complaint.get_status_display()}",
        "made_by_the_person": complaint.contact_id == contact.pk,
        "status": complaint.status,
        "text": "\n".join(t for t in texts if t),
    }


def erase(contact: Contact, name: re.Pattern[str]) -> None:
    """Replaces the person's full name in every free text of complaints and its history rows."""
    for model, fields in TEXT_FIELDS.items():
        erase_name_in(model, fields, contact, name)


SOURCE = PersonalDataSource(
    key="complaints",
    title=_("Complaints"),
    export=export,
    erase=erase,
)
