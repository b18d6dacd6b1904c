"""A card of the pipeline board as HTML, written in Python.

A board shows 7 columns of up to 12 cards; through the template engine (an include per card,
with its tags, filters and translations) the cards were most of the board's CPU at size L
(docs/decisions.md, 134). The same card is written here once, for the board, a column's next
cards, a moved card and a single card; only the question asked when a card moves to lost or
won stays a template (`sales/_board_ask.html`), rendered in the card's place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.template import Context
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from koers.core.pdf import money
from koers.sales.models import Opportunity, Stage

ASK_TEMPLATE = "sales/_board_ask.html"


@dataclass(frozen=True)
class CardPage:
    """What every card of one answer shares: whether cards move, whether the owner is named
    (a team's board), the board's query for the forms, the CSRF field and the texts."""

    may_move: bool
    team: bool
    query: str
    csrf: SafeString
    texts: dict[str, str]

    @classmethod
    def of(cls, context: Context) -> CardPage:
        scope = context.get("scope")
        token = context.get("csrf_token")
        csrf = (
            format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)
            if token and token != "NOTPROVIDED"  # noqa: S105 (as the csrf_token tag does)
            else SafeString("")
        )
        return cls(
            may_move=bool(context.get("may_move")),
            team=getattr(scope, "team", None) is not None,
            query=str(context.get("query") or ""),
            csrf=csrf,
            texts={
                "next": _("Next step"),
                "stale_title": _("No activity for a while and no next step planned"),
                "stale": _("Stale"),
                "no_next": _("No next step planned"),
                "past": _("Close date past"),
                "no_decider": _("No decider"),
                "won_on": _("Won on"),
                "move_to": _("Move to…"),
                "move": _("Move"),
            },
        )


def _day(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "SHORT_DATE_FORMAT")


def _state(card: Any, t: dict[str, str]) -> str:
    """The lines under the facts: the next step and the warnings of an open deal, the won
    date, or the reason it was lost."""
    if not card.is_open:
        if card.stage == Stage.WON:
            return format_html(
                '<p><small class="muted">{} {}</small></p>', t["won_on"], _day(card.won_on)
            )
        return format_html('<p><small class="muted">{}</small></p>', card.lost_label)
    out: list[str] = []
    if card.next_step_at:
        out.append(
            format_html(
                '<p class="card-next"><small>{}: {} · {}</small></p>',
                t["next"],
                _day(card.next_step_at),
                card.next_step_subject,
            )
        )
    if card.no_next_step or card.past_close or card.no_decider:
        badges: list[str] = []
        if card.stale:
            badges.append(
                format_html(
                    '<span class="badge warning" title="{}">{}</span> ',
                    t["stale_title"],
                    t["stale"],
                )
            )
        for flag, key in (("no_next_step", "no_next"), ("past_close", "past")):
            if getattr(card, flag):
                badges.append(format_html('<span class="badge warning">{}</span> ', t[key]))
        if card.no_decider:
            badges.append(format_html('<span class="badge warning">{}</span>', t["no_decider"]))
        out.append(f'<p class="card-warnings">{"".join(badges)}</p>')
    return "\n".join(out)


def _move_form(card: Any, page: CardPage) -> str:
    """The stage menu (the keyboard's and the phone's way to move a card)."""
    url = card.move_url + (f"?{page.query}" if page.query else "")
    label = _("Move “%(title)s” to stage") % {"title": card.title}
    return format_html(
        '<form method="post" action="{url}" hx-post="{url}" hx-target="#card-{pk}" '
        'hx-swap="outerHTML" class="card-move">{csrf}'
        '<label for="move-{pk}" class="visually-hidden">{label}</label>'
        '<select name="move-to" id="move-{pk}" data-autosubmit>'
        '<option value="" selected>{move_to}</option>{options}</select>'
        '<noscript><button type="submit" class="small">{move}</button></noscript></form>',
        url=url,
        pk=card.dom_id,
        csrf=page.csrf,
        label=label,
        move_to=page.texts["move_to"],
        options=card.menu_options,
        move=page.texts["move"],
    )


def card_html(card: Opportunity, page: CardPage, *, ask: str = "") -> SafeString:
    """One card (marked by `board.CardMarks`); `ask`: the lost or won question, in place of
    the stage menu."""
    row: Any = card
    moves = page.may_move and row.is_open
    owner = f" · {escape(row.owner.get_full_name())}" if page.team else ""
    head = format_html(
        '<article class="card stage-{stage}{asking}" id="card-{pk}" data-card '
        'data-stage="{stage}"{draggable}>\n'
        '  <p class="card-account muted">{account}</p>\n'
        '  <h3><a href="{url}">{title}</a></h3>\n'
        '  <p class="card-facts"><strong>{amount}</strong> · <time datetime="{iso}">{day}</time>'
        "{owner}</p>\n",
        stage=row.stage,
        asking=" asking" if ask else "",
        pk=row.dom_id,
        draggable=mark_safe(' draggable="true"') if moves and not ask else "",
        account=row.account.name,
        url=row.url,
        title=row.title,
        amount=money(row.amount),
        iso=row.close_on.isoformat(),
        day=_day(row.close_on),
        owner=mark_safe(owner),  # noqa: S308 (escaped above)
    )
    tail = (ask or _move_form(row, page)) if moves else ""
    return mark_safe(f"{head}  {_state(row, page.texts)}\n  {tail}\n</article>")  # noqa: S308
