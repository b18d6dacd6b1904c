"""Responses to a campaign and what the mail server reports back (decision 140): a click on a
tracked link, a reply marked by hand on a copy, a registration or a lead (`record_response`,
which the events and the leads call), and a bounce that marks a copy undeliverable.

Every write here is idempotent: a response is recorded once per copy and kind (or per
campaign, contact and kind without a copy), under the model's unique constraints, so a
retried click, a second "replied" or a bounce fed twice changes nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.campaigns.lead_models import Response, ResponseKind
from koers.campaigns.models import Campaign, MailingSend, SendStatus
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User

# The copies that went out: only those can be clicked, replied to or bounce.
DELIVERED = (SendStatus.SENT, SendStatus.BOUNCED)


def record_response(
    *,
    contact: Contact,
    campaign: Campaign,
    kind: str,
    account: Account | None = None,
    send: MailingSend | None = None,
    at: datetime | None = None,
    by: User | None = None,
    note: str = "",
) -> tuple[Response, bool]:
    """The contact's response of `kind` to the campaign, recorded once; returns it and whether
    this call recorded it. For registrations (events) and leads: no `send`; for clicks and
    replies: the copy they answer. `account` defaults to the copy's."""
    if kind not in ResponseKind.values:
        raise ValueError(f"unknown response kind: {kind}")
    if send is not None:
        lookup: dict[str, object] = {"send": send, "kind": kind}
    else:
        lookup = {"campaign": campaign, "contact": contact, "kind": kind, "send": None}
    defaults = {
        "campaign": campaign,
        "contact": contact,
        "account": account or (send.account if send else None),
        "at": at or timezone.now(),
        "by": by,
        "note": note[:300],
    }
    try:
        with transaction.atomic():
            return Response.objects.get_or_create(**lookup, defaults=defaults)
    except IntegrityError:  # a concurrent request recorded it first
        return Response.objects.get(**lookup), False


def record_click(send_id: int) -> MailingSend | None:
    """A click on a tracked link of the copy `send_id`: one `click` response per copy, however
    often the contact clicks. None when there is no such copy that went out."""
    send = (
        MailingSend.objects.select_related("mailing", "contact")
        .filter(pk=send_id, status__in=DELIVERED)
        .first()
    )
    if send is None:
        return None
    record_response(
        contact=send.contact, campaign=send.mailing.campaign, kind=ResponseKind.CLICK, send=send
    )
    return send


def mark_replied(*, actor: User, send: MailingSend, note: str = "") -> Response:
    """The contact replied to their copy (their mail reached a colleague): marked by hand by
    who runs the campaign; once per copy."""
    if not access.can_run_campaigns(actor):
        raise NotAllowed
    if send.status not in DELIVERED:
        message = _("Only a copy that was sent can be answered.")
        raise ValidationError({"send": ValidationError(message, code="not_sent")})
    response, _created = record_response(
        contact=send.contact,
        campaign=send.mailing.campaign,
        kind=ResponseKind.REPLY,
        send=send,
        by=actor,
        note=note,
    )
    return response


def record_bounce(*, target: str, reason: str = "") -> MailingSend | None:
    """The mail server reported a copy undeliverable: `target` is the copy's id (from the
    `X-Koers-Send` header of the bounced mail) or the address it went to (then the latest copy
    sent to it). Marks that copy `bounced` with the moment and the reason; None when no sent
    copy is found. A copy bounced already keeps its first report."""
    target = target.strip()
    copies = MailingSend.objects.filter(status__in=DELIVERED)
    if target.isdigit():
        copies = copies.filter(pk=int(target))
    else:
        copies = copies.filter(Q(email__iexact=target))
    with transaction.atomic():
        send = copies.select_for_update().order_by("-sent_at", "-pk").first()
        if send is None or send.status == SendStatus.BOUNCED:
            return send
        send.status = SendStatus.BOUNCED
        send.bounced_at = timezone.now()
        send.error = (reason or _("Reported undeliverable by the mail server."))[:300]
        send.save(update_fields=["status", "bounced_at", "error"])
    return send
