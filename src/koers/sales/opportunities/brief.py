"""The visit brief's section of open opportunities (relations' brief, place 80): per deal its
title, stage, value, expected close and next step, so the visitor knows what is in play.

Two queries whatever the number of deals (their ids, then the rows with the next step as a
subquery, `stale.py`); the deals are those of the account (or for it as a branch) that the
reader may read.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.pdf import as_text, money
from koers.relations.brief import BriefContext
from koers.relations.brief.blocks import Block, item, items, text
from koers.sales.models import OPEN_STAGES, Opportunity
from koers.sales.opportunities import queries
from koers.sales.opportunities.stale import with_touch_facts

# A brief is one page to read: an account with more open deals links to its list instead.
SHOWN = 10


def _deal_ids(account: Any) -> list[int]:
    """The deals of the account and those for it as a branch: two searches of the account
    and branch indexes in one query (the stage is the next query's condition: with it here,
    SQLite searched the stage index instead). As one condition (account OR branch) under the
    list's order, SQLite walked every opportunity in order of its close date (500 ms at L)."""
    deals = Opportunity.objects.order_by()
    own = deals.filter(account=account).values_list("pk", flat=True)
    return list(own.union(deals.filter(branch=account).values_list("pk", flat=True)))


def open_opportunities(ctx: BriefContext) -> dict[str, Any] | None:
    ids = _deal_ids(ctx.account)
    if not ids:
        return None
    rows = (
        queries.opportunities_readable(ctx.user)
        .filter(pk__in=ids, stage__in=OPEN_STAGES)
        .only("pk", "title", "stage", "amount", "close_on", "account_id", "created_at")
        .order_by("close_on", "pk")
    )
    found = list(with_touch_facts(rows)[: SHOWN + 1])
    if not found:
        return None
    for row in found:
        row.past_close = row.close_on < ctx.today  # type: ignore[attr-defined]
    return {"rows": found[:SHOWN], "more": len(found) > SHOWN, "account": ctx.account}


def _next_step(row: Any) -> str:
    if row.next_step_at is None:
        return str(_("No next step planned"))
    when = as_text(timezone.localtime(row.next_step_at).date())
    return _("Next step: %(date)s, %(subject)s") % {"date": when, "subject": row.next_step_subject}


def printed(data: dict[str, Any]) -> list[Block]:
    lines = []
    for row in data["rows"]:
        note = " · ".join(
            [
                row.get_stage_display(),
                money(row.amount),
                _("close %(date)s") % {"date": as_text(row.close_on)},
                _next_step(row),
            ]
        )
        lines.append(item(row.title, note, flag=row.past_close or row.next_step_at is None))
    blocks = [items(lines)]
    if data["more"]:
        blocks.append(text(_("More open opportunities are in the account's list.")))
    return blocks
