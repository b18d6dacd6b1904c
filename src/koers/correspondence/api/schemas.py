"""The shapes of sent and logged mails in the API (read only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from koers.api.schemas import PageOut
from koers.correspondence.models import InboundMail, SentMail
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


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int = Field(description="In bytes.")
    download_url: str = Field(description="The file, for a signed-in browser session.")


class LoggedActivityOut(Schema):
    activity_id: int
    account_id: int


class LoggedMailOut(Schema):
    id: int
    user_id: int = Field(description="Whose log address the message reached.")
    subject: str
    sender: str
    sender_name: str
    recipients: list[list[str]] = Field(description="The To and Cc: [name, address] pairs.")
    sent_at: datetime | None = Field(description="The message's own date, when it had one.")
    received_at: datetime
    direction: Literal["incoming", "outgoing"] = Field(
        description="`incoming`: from a contact to the user; `outgoing`: from the user."
    )
    status: Literal["received", "logged", "inbox", "discarded", "failed"] = Field(
        description="`logged`: on the timelines of `logged_as`; `inbox`: matched no contact and "
        "waits for its user; `received`: waiting for the worker; `failed`: logging failed."
    )
    text: str = Field(description="The text of the message.")
    logged_as: list[LoggedActivityOut]
    attachments: list[AttachmentOut]


class LoggedMailPage(PageOut):
    results: list[LoggedMailOut]


def logged_mail_data(mail: InboundMail) -> dict[str, Any]:
    return {
        "id": mail.pk,
        "user_id": mail.user_id,
        "subject": mail.subject,
        "sender": mail.sender,
        "sender_name": mail.sender_name,
        "recipients": [[str(part) for part in pair] for pair in mail.recipients],
        "sent_at": mail.sent_at,
        "received_at": mail.received_at,
        "direction": mail.direction,
        "status": mail.status,
        "text": mail.text,
        "logged_as": [
            {"activity_id": a.pk, "account_id": a.account_id} for a in mail.activities.all()
        ],
        "attachments": [
            {
                "id": f.pk,
                "filename": f.filename,
                "content_type": f.content_type,
                "size": f.size,
                "download_url": reverse("correspondence:logged_mail_file", args=[f.pk]),
            }
            for f in mail.attachments.all()
        ],
    }
