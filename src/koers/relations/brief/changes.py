"""The brief's "what changed since the last visit": new and departed contacts, changes to the
account from its history, and what colleagues did with the account."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Position
from koers.accounts.validators import format_phone
from koers.core import access
from koers.core.history import history_entries, history_records, label_entries
from koers.relations.brief import BriefContext
from koers.relations.models import Activity, ActivityStatus

# The newest changes of the account that are looked at: a brief is one page.
ACCOUNT_CHANGES = 10
COLLEAGUE_ACTIVITIES = 10


def _start_of(ctx: BriefContext) -> datetime:
    return timezone.make_aware(datetime.combine(ctx.since, time.min))


def new_contacts(ctx: BriefContext) -> list[Position]:
    """Current positions begun, or entered in Koers, since the last visit. One query."""
    entered = Position.history.filter(
        account_id=ctx.account.pk, history_type="+", history_date__gte=_start_of(ctx)
    ).values("id")
    return list(
        Position.objects.filter(account=ctx.account, end_date__isnull=True)
        .filter(Q(start_date__gte=ctx.since) | Q(pk__in=entered))
        .select_related("contact")
        .order_by("contact__last_name", "contact__first_name", "pk")
    )


def departed_contacts(ctx: BriefContext) -> list[Position]:
    """Positions ended since the last visit. One query."""
    return list(
        Position.objects.filter(
            account=ctx.account, end_date__gte=ctx.since, end_date__lte=ctx.today
        )
        .select_related("contact")
        .order_by("-end_date", "pk")
    )


def account_changes(ctx: BriefContext) -> list[dict[str, Any]]:
    """Edits of the account's data since the last visit, newest first, labelled as on its
    history (a parent account named only when readable)."""
    records = list(history_records(ctx.account)[: ACCOUNT_CHANGES + 1])
    entries = [
        e
        for e in history_entries(Account, records)[:ACCOUNT_CHANGES]
        if e["at"] >= _start_of(ctx) and e["type"] == "~" and e["changes"]
    ]
    return label_entries(
        Account,
        entries,
        readable={"parent": access.accounts_readable(ctx.user)},
        hidden={"parent": _("an account you cannot see")},
        formatters={"phone": format_phone},
    )


def colleague_activities(ctx: BriefContext) -> list[Activity]:
    """What others did with the account since the last visit (done or planned). One query."""
    found = (
        Activity.objects.filter(account=ctx.account, planned_start__gte=_start_of(ctx))
        .exclude(owner=ctx.user)
        .exclude(status=ActivityStatus.CANCELLED)
        .select_related("owner")
        .order_by("-planned_start", "-pk")
    )
    for own in (ctx.last_visit, ctx.visit):
        if own is not None:
            found = found.exclude(pk=own.pk)
    return list(found[:COLLEAGUE_ACTIVITIES])


def changes(ctx: BriefContext) -> dict[str, Any]:
    """Always shown: "nothing changed since" is worth knowing too."""
    data: dict[str, Any] = {
        "since": ctx.since,
        "last_visit": ctx.last_visit,
        "new": new_contacts(ctx),
        "departed": departed_contacts(ctx),
        "account": account_changes(ctx),
        "colleagues": colleague_activities(ctx),
    }
    data["nothing"] = not any(data[k] for k in ("new", "departed", "account", "colleagues"))
    return data
