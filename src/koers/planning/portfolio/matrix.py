"""The portfolio matrix: accounts placed by the attractiveness of the account against the
strength of our relationship, both scored 1-5 in the latest analysis that scored them, in a
3 x 3 grid (1-2 low, 3 medium, 4-5 high). Each cell suggests a tier and a plan type; an account
whose tier differs from its cell's suggestion is marked (docs/decisions.md, 120).

Counts per cell come from one grouped query; the accounts of a cell are read a page at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.models import User
from koers.planning.models import AccountAnalysis

BANDS = ("low", "medium", "high")
BAND_LABELS = {"low": _("low"), "medium": _("medium"), "high": _("high")}
PLAN_TYPES = {"acquire": _("Acquire"), "grow": _("Grow"), "retain": _("Retain")}
UNSCORED = "none"

# (attractiveness band, relationship band) -> (suggested tier, suggested plan type). The tier
# follows what the account is worth to us; the plan type follows where we stand with it: win a
# position where it is weak, build on it where it is fair, keep it where it is strong. An
# unattractive account is served at the least cost: tier C, keep what we have.
SUGGESTIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("high", "low"): ("A", "acquire"),
    ("high", "medium"): ("A", "grow"),
    ("high", "high"): ("A", "retain"),
    ("medium", "low"): ("B", "acquire"),
    ("medium", "medium"): ("B", "grow"),
    ("medium", "high"): ("B", "retain"),
    ("low", "low"): ("C", "retain"),
    ("low", "medium"): ("C", "retain"),
    ("low", "high"): ("C", "retain"),
}


def band_of(score: int | None) -> str:
    if score is None:
        return UNSCORED
    return "low" if score <= 2 else "medium" if score == 3 else "high"


def _band(field: str) -> Case:
    return Case(
        When(**{f"{field}__lte": 2}, then=Value("low")),
        When(**{field: 3}, then=Value("medium")),
        When(**{f"{field}__gte": 4}, then=Value("high")),
        default=Value(UNSCORED),
        output_field=CharField(),
    )


def _suggested_tier() -> Case:
    return Case(
        *(
            When(a_band=a, r_band=r, then=Value(tier))
            for (a, r), (tier, _plan) in SUGGESTIONS.items()
        ),
        default=Value(""),
        output_field=CharField(),
    )


def _latest_scored(field: str) -> Subquery:
    """The score `field` of the account's latest analysis that has both scores."""
    return Subquery(
        AccountAnalysis.objects.filter(
            account=OuterRef("pk"),
            attractiveness__isnull=False,
            relationship_strength__isnull=False,
        )
        .order_by("-analysed_on", "-pk")
        .values(field)[:1],
        output_field=IntegerField(),
    )


def portfolio_accounts(user: User, owner: int | None = None) -> QuerySet[Any]:
    """The accounts of the user's portfolio: an account manager's own, everyone else's
    readable accounts (a manager: the team's), optionally of one account manager; with their
    scores, bands and suggested tier."""
    rows = access.accounts_readable(user)
    if access.has_portfolio(user):
        rows = rows.filter(owner=user)
    if owner is not None:
        rows = rows.filter(owner_id=owner)
    return (
        rows.annotate(
            attractiveness=_latest_scored("attractiveness"),
            relationship=_latest_scored("relationship_strength"),
        )
        .annotate(a_band=_band("attractiveness"), r_band=_band("relationship"))
        .annotate(suggested_tier=_suggested_tier())
    )


def _differs() -> Q:
    """An account whose tier is not its cell's suggestion (unscored accounts never differ)."""
    return ~Q(suggested_tier="") & ~Q(suggested_tier=F("tier"))


@dataclass
class Cell:
    attractiveness: str
    relationship: str
    count: int = 0
    differing: int = 0

    @property
    def tier(self) -> str:
        return SUGGESTIONS.get((self.attractiveness, self.relationship), ("", ""))[0]

    @property
    def plan_type(self) -> str:
        return SUGGESTIONS.get((self.attractiveness, self.relationship), ("", ""))[1]

    @property
    def plan_label(self) -> Any:
        return PLAN_TYPES.get(self.plan_type, "")

    @property
    def attractiveness_label(self) -> Any:
        return BAND_LABELS.get(self.attractiveness, "")

    @property
    def relationship_label(self) -> Any:
        return BAND_LABELS.get(self.relationship, "")

    @property
    def key(self) -> str:
        return f"{self.attractiveness}-{self.relationship}"


def cells(user: User, owner: int | None = None) -> tuple[list[Cell], int]:
    """The nine cells (high attractiveness first, weak relationship first) with their counts
    and how many accounts in each differ from the suggested tier, and the number of accounts
    not scored yet. One grouped query."""
    found = {
        (row["a_band"], row["r_band"]): row
        for row in portfolio_accounts(user, owner)
        .order_by()
        .values("a_band", "r_band")
        .annotate(
            n=Count("pk"),
            differing=Count("pk", filter=_differs()),
        )
    }
    grid = []
    for a in reversed(BANDS):
        for r in BANDS:
            row = found.get((a, r), {})
            grid.append(Cell(a, r, row.get("n", 0), row.get("differing", 0)))
    unscored = sum(row["n"] for (a, r), row in found.items() if UNSCORED in (a, r))
    return grid, unscored


def cell_accounts(
    user: User, attractiveness: str, relationship: str, owner: int | None = None
) -> QuerySet[Any]:
    """The accounts of one cell (or, with `none`, those not scored), by name."""
    rows = portfolio_accounts(user, owner)
    if UNSCORED in (attractiveness, relationship):
        rows = rows.filter(Q(a_band=UNSCORED) | Q(r_band=UNSCORED))
    else:
        rows = rows.filter(a_band=attractiveness, r_band=relationship)
    return rows.select_related("owner").order_by("name", "pk")


def cell_previews(
    user: User, owner: int | None, size: int, annotate: Callable[[QuerySet[Any]], QuerySet[Any]]
) -> dict[str, list[Any]]:
    """The first `size` accounts of every scored cell by name, in one query (a row number per
    cell), each list under its cell's key; `annotate` adds what the page shows of them."""
    rows = (
        portfolio_accounts(user, owner)
        .exclude(a_band=UNSCORED)
        .exclude(r_band=UNSCORED)
        .annotate(
            place=Window(
                RowNumber(),
                partition_by=[F("a_band"), F("r_band")],
                order_by=[F("name").asc(), F("pk").asc()],
            )
        )
        .filter(place__lte=size)
    )
    found: dict[str, list[Any]] = {}
    for account in annotate(rows.select_related("owner")).order_by("name", "pk"):
        found.setdefault(f"{account.a_band}-{account.r_band}", []).append(account)
    return found


def valid_cell(attractiveness: str, relationship: str) -> bool:
    if attractiveness == UNSCORED and relationship == UNSCORED:
        return True
    return attractiveness in BANDS and relationship in BANDS
