"""The pipeline board: a column per open stage, and won and lost of the last days.

Bounded whatever the number of deals (decision "The board"): the column headers (count, total
value, weighted value) come from ONE grouped query over the scope's deals; each column then
reads its first `CARDS` cards, ordered on a key, and a column's "more" reads the next ones
after the last card's key (keyset: never an OFFSET, never all the cards). A card's warnings
come in the same query as the card (subqueries per card, not a query per card): the deal's next
step (`stale.py`), whether it is stale, whether the deal's DMU has a decider.

The weighted value is the value times the probability: the deal's own (override), else the
stage's default. Grouped by stage, the default is one number per group, so the query sums the
values with an override (times it) apart from those without, and the default is applied after.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from koers.accounts.models import BuyingRole
from koers.core.lists import labels, url_maker
from koers.core.models import User
from koers.sales.models import (
    CLOSED_STAGES,
    OPEN_STAGES,
    DealContact,
    LostReason,
    Opportunity,
    Stage,
    StageSetting,
)
from koers.sales.money import cents
from koers.sales.opportunities import queries, stale
from koers.sales.opportunities.scope import Scope
from koers.sales.opportunities.stale import touch_columns

# Cards per column before "More": a team's board at size L spent most of its 86 ms of CPU on
# building and rendering 7 columns of 20 cards (docs/performance.md); a column of 12 fills a screen.
CARDS = 12
# What a card shows: a model with its 50 fields (and the account's 40) cost more to build than
# the queries of the whole board (docs/decisions.md, "The pipeline board").
CARD_FIELDS = (
    "id",
    "title",
    "amount",
    "close_on",
    "stage",
    "closed_at",
    "won_on",
    "lost_reason",
    "created_at",
    "account__id",
    "account__name",
    "owner__id",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)
DAYS = (7, 30, 90, 365)
DEFAULT_DAYS = 30
COLUMNS: tuple[str, ...] = (*OPEN_STAGES, *CLOSED_STAGES)
SUM_FIELD: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)
_PRODUCT: DecimalField[Decimal, Decimal] = DecimalField(max_digits=24, decimal_places=2)


class BadCursor(ValueError):
    """A "more" link whose `after` is no card key."""


@dataclass
class Column:
    stage: str
    label: str
    count: int = 0
    total: Decimal = Decimal("0.00")
    weighted: Decimal = Decimal("0.00")
    cards: list[Opportunity] = field(default_factory=list)
    after: str = ""  # the key of the last card, when there are more

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES


def days_param(value: Any) -> int:
    """The won and lost of the last N days: one of `DAYS`, else the default."""
    text = str(value or "")
    return int(text) if text.isdigit() and int(text) in DAYS else DEFAULT_DAYS


def board_rows(
    user: User, scope: Scope, days: int, *, listed: bool = False
) -> QuerySet[Opportunity]:
    """The scope's open deals and those won or lost in the last `days` days (`listed`: see
    `Scope.narrow`)."""
    since = timezone.now() - timedelta(days=days)
    rows = scope.narrow(queries.opportunities_readable(user), listed=listed)
    recent = Q(stage__in=OPEN_STAGES) | Q(stage__in=CLOSED_STAGES, closed_at__gte=since)
    # The redundant list of every stage lets SQLite seek (owner, stage) pairs in the index.
    return rows.filter(recent, stage__in=COLUMNS)


def default_probabilities() -> dict[str, int]:
    return dict(StageSetting.objects.values_list("stage", "probability"))


def stage_defaults() -> tuple[dict[str, int], dict[str, int]]:
    """Per stage the default probability and the days without activity before a deal is
    stale (one query)."""
    rows = list(StageSetting.objects.values_list("stage", "probability", "stale_after_days"))
    return {r[0]: r[1] for r in rows}, {r[0]: r[2] for r in rows}


def value_sums() -> dict[str, Any]:
    """The aggregates of a group of deals: count, value, and the two halves of the weighted
    value (the values with an override times it; the values without, for the default)."""
    return {
        "n": Count("*"),
        "total": Sum("amount", output_field=SUM_FIELD),
        "overridden": Sum(
            F("amount") * F("probability"),
            filter=Q(probability__isnull=False),
            output_field=_PRODUCT,
        ),
        "plain": Sum("amount", filter=Q(probability__isnull=True), output_field=SUM_FIELD),
    }


def weighted_of(row: dict[str, Any], defaults: dict[str, int], stage: str = "") -> Decimal:
    """The weighted value of a group of one stage (`row` from `value_sums`), unrounded."""
    default = Decimal(defaults.get(stage or row["stage"], 0))
    return (Decimal(row["overridden"] or 0) + Decimal(row["plain"] or 0) * default) / 100


def column_totals(
    rows: QuerySet[Opportunity], defaults: dict[str, int]
) -> dict[str, tuple[int, Decimal, Decimal]]:
    """Per stage: (count, total value, weighted value), from one grouped query.

    Grouped on an expression of the stage, not the column: SQLite would otherwise walk the
    (stage, close_on) index of every deal to get the groups in order, twice the time of
    seeking the scope's owners in the (owner, stage, close_on) index (20,000 deals: 18 ms
    against 9 ms), and worse as the data grows."""
    grouped = (
        rows.order_by().annotate(group=Lower("stage")).values("group").annotate(**value_sums())
    )
    return {
        row["group"]: (
            row["n"],
            cents(Decimal(row["total"] or 0)),
            cents(weighted_of(row, defaults, row["group"])),
        )
        for row in grouped
    }


def with_card_facts(rows: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """The card's account, owner and warnings, in the same query as the cards: the next step
    and when the deal was last touched (`stale.py`: one rule for the board and the list), and
    whether the deal's DMU has a decider."""
    decider = DealContact.objects.filter(opportunity=OuterRef("pk"), buying_role=BuyingRole.DECIDER)
    return touch_columns(rows.select_related("account", "owner").only(*CARD_FIELDS)).annotate(
        has_decider=Exists(decider)
    )


def _order(stage: str) -> tuple[str, str]:
    # Open: the nearest expected close first. Won and lost: the latest closed first.
    return ("-closed_at", "-pk") if stage in CLOSED_STAGES else ("close_on", "pk")


def _sort_key(card: Opportunity) -> tuple[Any, int]:
    """`_order` in Python, for cards read by id."""
    if card.stage in CLOSED_STAGES:
        return (-card.closed_at.timestamp() if card.closed_at else 0.0, -card.pk)
    return (card.close_on.toordinal(), card.pk)


def key_of(card: Opportunity) -> str:
    if card.stage in CLOSED_STAGES:
        return f"{card.closed_at.isoformat() if card.closed_at else ''}_{card.pk}"
    return f"{card.close_on.isoformat()}_{card.pk}"


def _after(stage: str, cursor: str) -> Q:
    text, _sep, pk_text = cursor.rpartition("_")
    if not pk_text.isdigit() or len(pk_text) > 18:
        raise BadCursor(cursor)
    pk = int(pk_text)
    try:
        if stage in CLOSED_STAGES:
            at = datetime.fromisoformat(text)
            if timezone.is_naive(at):
                raise BadCursor(cursor)
            return Q(closed_at__lt=at) | Q(closed_at=at, pk__lt=pk)
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise BadCursor(cursor) from exc
    return Q(close_on__gt=day) | Q(close_on=day, pk__gt=pk)


def _column_ids(rows: QuerySet[Opportunity], stage: str, limit: int) -> QuerySet[Any]:
    """The ids of a column's first `limit` cards, in card order:
    the scope and the order alone, so that the database walks an index and stops early."""
    return rows.filter(stage=stage).order_by(*_order(stage)).values_list("pk", flat=True)[:limit]


def _first_ids(columns: list[QuerySet[Any]]) -> list[list[int]]:
    """Each column's ids, in one round trip: the id queries as one UNION ALL (Django's union
    takes no LIMIT per part on SQLite). The ids of a part come back in any order."""
    parts: list[str] = []
    params: list[Any] = []
    for i, ids in enumerate(columns):
        sql, part_params = ids.query.sql_with_params()
        # Only SQL that Django compiled is put together; the values stay parameters.
        parts.append(f"SELECT {i} AS part, p{i}.* FROM ({sql}) p{i}")  # noqa: S608
        params.extend(part_params)
    found: list[list[int]] = [[] for _ in columns]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for part, pk in cursor.fetchall():
            found[part].append(pk)
    return found


def fetch_cards(ids: list[int], marks: CardMarks) -> list[Opportunity]:
    """The cards of `ids` with their facts and marks (one query), in card order. The ids come
    from the scoped rows, so they are read without the scope."""
    if not ids:
        return []
    found = list(with_card_facts(Opportunity.objects.filter(pk__in=ids).order_by()))
    return marks.apply(sorted(found, key=_sort_key))


def _cut(cards: list[Opportunity], limit: int) -> tuple[list[Opportunity], str]:
    """The first `limit` cards, and the key to go on from ("" when there are no more)."""
    if len(cards) > limit:
        return cards[:limit], key_of(cards[limit - 1])
    return cards, ""


def cards(
    rows: QuerySet[Opportunity],
    stage: str,
    *,
    after: str = "",
    limit: int | None = None,
    marks: CardMarks | None = None,
) -> tuple[list[Opportunity], str]:
    """A column's cards (the first, or those after the key `after`) and the key to go on
    from, "" when there are no more. Raises BadCursor for a key that is none."""
    limit = limit or CARDS
    column = rows.filter(stage=stage)
    if after:
        column = column.filter(_after(stage, after))
    # One column: one query (the facts' subqueries run for the rows of the page only).
    found = list(with_card_facts(column.order_by(*_order(stage)))[: limit + 1])
    return _cut((marks or CardMarks()).apply(found), limit)


class CardMarks:
    """What a card shows beside its row, made once for a board: the links, the stage menu per
    stage (its <option>s, the other stages), the lost reason's label and the warning badges
    (open deals only): no next step planned, the expected close date past, no decider in the
    deal's DMU; and stale (`stale.py`, computed in the card's query). Built per card in the
    template, the menu alone was a tenth of the board."""

    def __init__(self, stale_days: dict[str, int] | None = None) -> None:
        self.stale_days = stale_days if stale_days is not None else stale.stale_days()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.detail = url_maker("sales:opportunity_detail")
        self.move = url_maker("sales:board_move")
        self.reasons = labels(LostReason)
        choices = [(value, str(label)) for value, label in Stage.choices]
        self.menus: dict[str, SafeString] = {
            stage: format_html_join(
                "", '<option value="{}">{}</option>', [c for c in choices if c[0] != stage]
            )
            for stage in OPEN_STAGES
        }

    def apply(self, found: list[Opportunity]) -> list[Opportunity]:
        for row in found:
            row.menu_options = self.menus.get(str(row.stage), SafeString(""))  # type: ignore[attr-defined]
            row.dom_id = str(row.pk)  # type: ignore[attr-defined]
            row.url, row.move_url = self.detail(row.pk), self.move(row.pk)  # type: ignore[attr-defined]
            row.lost_label = self.reasons.get(row.lost_reason, "")  # type: ignore[attr-defined]
            is_open = row.stage in OPEN_STAGES
            row.past_close = is_open and row.close_on < self.today  # type: ignore[attr-defined]
            row.no_next_step = is_open and row.next_step_at is None  # type: ignore[attr-defined]
            row.no_decider = is_open and not row.has_decider  # type: ignore[attr-defined]
            row.stale = is_open and stale.is_stale(row, self.stale_days, self.now)  # type: ignore[attr-defined]
        return found


def board(user: User, scope: Scope, days: int) -> list[Column]:
    """Every column with its header and its first cards: the defaults, the headers (one
    grouped query), the ids of every column's first cards (one query) and the cards (one)."""
    probabilities, stale_days = stage_defaults()
    marks = CardMarks(stale_days)
    rows = board_rows(user, scope, days)
    totals = column_totals(board_rows(user, scope, days, listed=True), probabilities)
    # Asked even for an empty column: the same queries whatever the data.
    ids = _first_ids([_column_ids(rows, stage, CARDS + 1) for stage in COLUMNS])
    by_stage: dict[str, list[Opportunity]] = {stage: [] for stage in COLUMNS}
    for found in fetch_cards([pk for column in ids for pk in column], marks):
        by_stage[str(found.stage)].append(found)
    labels = dict(Stage.choices)
    columns = []
    for stage in COLUMNS:
        count, total, weighted = totals.get(stage, (0, Decimal("0.00"), Decimal("0.00")))
        column = Column(stage, str(labels[stage]), count, total, weighted)
        column.cards, column.after = _cut(by_stage[stage], CARDS)
        columns.append(column)
    return columns


def card(user: User, pk: int) -> Opportunity | None:
    """One card as the board shows it (after it moved), or None when it is not readable."""
    marks = CardMarks()
    found = marks.apply(list(with_card_facts(queries.opportunities_readable(user).filter(pk=pk))))
    return found[0] if found else None


def headers(user: User, scope: Scope, days: int) -> list[Column]:
    """The columns' headers alone (after a card moved): one grouped query and the defaults."""
    totals = column_totals(board_rows(user, scope, days, listed=True), default_probabilities())
    labels = dict(Stage.choices)
    return [
        Column(stage, str(labels[stage]), *totals.get(stage, (0, Decimal("0.00"), Decimal("0.00"))))
        for stage in COLUMNS
    ]
