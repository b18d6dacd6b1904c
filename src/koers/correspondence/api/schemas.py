"""The shapes of sent mails in the API (read only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from koers.api.schemas import PageOut
from koers.correspondence.models import SentMail
from koers.correspondence.queries import mail_status


class RecipientOut(Schema):
    contact_id: int | None
    email: str
    name: str
    language: str
    subject: str
    body: str = Field(description="The text part as sent, the signature included.")
    sent_at: datetime | None = Field(description="Empty while the copy did not go out.")
    error: str = Field(description="Why the last attempt failed; empty once it went out.")


class SentMailOut(Schema):
    id: int
    account_id: int
    account_name: str
    subject: str
    template_id: int | None
    sent_by_id: int
    sent_by_name: str
    activity_id: int | None = Field(description="The e-mail activity on the account's timeline.")
    status: Literal["sent", "failed", "queued"] = Field(
        description="`sent`: every copy went out; `failed`: one or more did not (a retry is "
        "possible on the page); `queued`: waiting for the worker."
    )
    created_at: datetime
    recipients: list[RecipientOut]


class SentMailPage(PageOut):
    results: list[SentMailOut]


def sent_mail_data(mail: SentMail) -> dict[str, Any]:
    return {
        "id": mail.pk,
        "account_id": mail.account_id,
        "account_name": mail.account.name,
        "subject": mail.subject,
        "template_id": mail.template_id,
        "sent_by_id": mail.sent_by_id,
        "sent_by_name": str(mail.sent_by),
        "activity_id": mail.activity_id,
        "status": mail_status(mail),
        "created_at": mail.created_at,
        "recipients": [
            {
                "contact_id": r.contact_id,
                "email": r.email,
                "name": r.name,
                "language": r.language,
                "subject": r.subject,
                "body": r.body,
                "sent_at": r.sent_at,
                "error": r.error,
            }
            for r in mail.recipients.all()
        ],
    }
