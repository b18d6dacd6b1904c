"""The ratios of an account analysis: pure functions of Decimal figures, no database.

Every function answers a `Result`: a value, or "not computable" with the reason (a figure that
is missing, a denominator of zero, no employees), never an exception. A user who typed in half
a balance sheet sees which figure is missing instead of an error page (issue 14).

Rounding: ratios (current, quick) to two decimals, percentages to one, amounts in euros to
whole euros, half up, as an accountant rounds in a report. The rounding is done once, here, on
the exact quotient, so that the page, the API and the comparison show the same number.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

HUNDRED = Decimal(100)
# How a kind of value is rounded.
QUANTUM = {"ratio": Decimal("0.01"), "percent": Decimal("0.1"), "euro": Decimal("1")}

# The business figures of one financial year, in the order of the form: name and label.
FIGURES: tuple[tuple[str, StrOrPromise], ...] = (
    ("revenue", _("Revenue")),
    ("purchases", _("Purchases")),
    ("personnel_costs", _("Personnel costs")),
    ("depreciation", _("Depreciation")),
    ("operating_result", _("Operating result")),
    ("net_profit", _("Net profit")),
    ("total_assets", _("Total assets")),
    ("equity", _("Equity")),
    ("current_assets", _("Current assets")),
    ("inventory", _("Inventory")),
    ("current_liabilities", _("Current liabilities")),
    ("long_term_liabilities", _("Long-term liabilities")),
    ("employees", _("Number of employees")),
)
FIGURE_NAMES = tuple(name for name, _label in FIGURES)
LABELS: dict[str, StrOrPromise] = dict(FIGURES)
# Figures that may be below zero (a loss, negative equity); the others are amounts or counts.
MAY_BE_NEGATIVE = frozenset({"operating_result", "net_profit", "equity"})

Figures = Mapping[str, Decimal | None]


@dataclass(frozen=True)
class Result:
    """A computed value, or None with the reason why it cannot be computed."""

    value: Decimal | None
    reason: str = ""

    @property
    def computable(self) -> bool:
        return self.value is not None


def _missing(*names: str) -> str:
    labels = ", ".join(str(LABELS[n]).lower() for n in names)
    return str(_("Not available: %(figures)s not filled in.") % {"figures": labels})


def _zero(name: str) -> str:
    return str(_("Not available: %(figure)s is zero.") % {"figure": str(LABELS[name]).lower()})


def _round(value: Decimal, kind: str) -> Decimal:
    return value.quantize(QUANTUM[kind], rounding=ROUND_HALF_UP)


def _quotient(
    numerator: Decimal | None,
    denominator: Decimal | None,
    *,
    names: tuple[str, str],
    kind: str,
) -> Result:
    """numerator / denominator (x 100 for a percentage); `names`: the figures, for the reason."""
    missing = [n for n, v in zip(names, (numerator, denominator), strict=True) if v is None]
    if missing:
        return Result(None, _missing(*missing))
    assert numerator is not None and denominator is not None
    if denominator == 0:
        return Result(None, _zero(names[1]))
    quotient = numerator / denominator
    return Result(_round(quotient * HUNDRED if kind == "percent" else quotient, kind))


def current_ratio(*, current_assets: Decimal | None, current_liabilities: Decimal | None) -> Result:
    return _quotient(
        current_assets,
        current_liabilities,
        names=("current_assets", "current_liabilities"),
        kind="ratio",
    )


def quick_ratio(
    *,
    current_assets: Decimal | None,
    inventory: Decimal | None,
    current_liabilities: Decimal | None,
) -> Result:
    missing = [
        n for n, v in (("current_assets", current_assets), ("inventory", inventory)) if v is None
    ]
    if missing:
        return Result(None, _missing(*missing))
    assert current_assets is not None and inventory is not None
    return _quotient(
        current_assets - inventory,
        current_liabilities,
        names=("current_assets", "current_liabilities"),
        kind="ratio",
    )


def solvency(*, equity: Decimal | None, total_assets: Decimal | None) -> Result:
    return _quotient(equity, total_assets, names=("equity", "total_assets"), kind="percent")


def return_on_equity(*, net_profit: Decimal | None, equity: Decimal | None) -> Result:
    if equity is not None and equity < 0:
        # A profit on negative equity would read as a negative return: meaningless.
        return Result(None, str(_("Not available: equity is negative.")))
    return _quotient(net_profit, equity, names=("net_profit", "equity"), kind="percent")


def return_on_assets(*, operating_result: Decimal | None, total_assets: Decimal | None) -> Result:
    return _quotient(
        operating_result, total_assets, names=("operating_result", "total_assets"), kind="percent"
    )


def net_margin(*, net_profit: Decimal | None, revenue: Decimal | None) -> Result:
    return _quotient(net_profit, revenue, names=("net_profit", "revenue"), kind="percent")


def value_added(*, revenue: Decimal | None, purchases: Decimal | None) -> Result:
    missing = [n for n, v in (("revenue", revenue), ("purchases", purchases)) if v is None]
    if missing:
        return Result(None, _missing(*missing))
    assert revenue is not None and purchases is not None
    return Result(_round(revenue - purchases, "euro"))


def value_added_per_employee(
    *, revenue: Decimal | None, purchases: Decimal | None, employees: Decimal | None
) -> Result:
    added = value_added(revenue=revenue, purchases=purchases)
    if added.value is None:
        return added
    if employees is None:
        return Result(None, _missing("employees"))
    if employees == 0:
        return Result(None, _zero("employees"))
    return Result(_round((revenue - purchases) / employees, "euro"))  # type: ignore[operator]


def return_on_investment(*, margin: Decimal | None, investment: Decimal | None) -> Result:
    """What the margin earned on the account's orders returns over what we invested in it:
    (margin - investment) / investment, as a percentage."""
    if margin is None:
        return Result(None, str(_("Not available: no orders of this account in the period.")))
    if investment is None:
        return Result(None, str(_("Not available: our investment is not filled in.")))
    if investment == 0:
        return Result(None, str(_("Not available: our investment is zero.")))
    return Result(_round((margin - investment) / investment * HUNDRED, "percent"))


def share_of_wallet(*, our_revenue: Decimal | None, purchase_volume: Decimal | None) -> Result:
    """Our order revenue as a share of what the account buys in our categories."""
    if purchase_volume is None:
        return Result(
            None, str(_("Not available: the purchase volume in our categories is not filled in."))
        )
    if purchase_volume == 0:
        return Result(None, str(_("Not available: the purchase volume in our categories is zero.")))
    return Result(_round((our_revenue or Decimal(0)) / purchase_volume * HUNDRED, "percent"))


# ----------------------------------------------------------------------- the ratios of a year


@dataclass(frozen=True)
class Ratio:
    key: str
    label: StrOrPromise
    kind: str  # "ratio", "percent" or "euro": how it is shown and rounded
    explanation: StrOrPromise
    compute: Callable[[Figures], Result]


RATIOS: tuple[Ratio, ...] = (
    Ratio(
        "current_ratio",
        _("Current ratio"),
        "ratio",
        _("Current assets / current liabilities: can it pay its short-term debts? Above 1 it can."),
        lambda f: current_ratio(
            current_assets=f.get("current_assets"), current_liabilities=f.get("current_liabilities")
        ),
    ),
    Ratio(
        "quick_ratio",
        _("Quick ratio"),
        "ratio",
        _("As the current ratio without the inventory, which is not money yet. Above 1 is safe."),
        lambda f: quick_ratio(
            current_assets=f.get("current_assets"),
            inventory=f.get("inventory"),
            current_liabilities=f.get("current_liabilities"),
        ),
    ),
    Ratio(
        "solvency",
        _("Solvency"),
        "percent",
        _("Equity / total assets: how much of the company is its own; can it survive losses?"),
        lambda f: solvency(equity=f.get("equity"), total_assets=f.get("total_assets")),
    ),
    Ratio(
        "return_on_equity",
        _("Return on equity"),
        "percent",
        _("Net profit / equity: what the owners earn on the money they put in."),
        lambda f: return_on_equity(net_profit=f.get("net_profit"), equity=f.get("equity")),
    ),
    Ratio(
        "return_on_assets",
        _("Return on assets"),
        "percent",
        _("Operating result / total assets: what the company earns on everything it uses."),
        lambda f: return_on_assets(
            operating_result=f.get("operating_result"), total_assets=f.get("total_assets")
        ),
    ),
    Ratio(
        "net_margin",
        _("Net margin"),
        "percent",
        _("Net profit / revenue: what is left of each euro of revenue."),
        lambda f: net_margin(net_profit=f.get("net_profit"), revenue=f.get("revenue")),
    ),
    Ratio(
        "value_added",
        _("Value added"),
        "euro",
        _("Revenue - purchases: what the company adds itself with its people and machines."),
        lambda f: value_added(revenue=f.get("revenue"), purchases=f.get("purchases")),
    ),
    Ratio(
        "value_added_per_employee",
        _("Value added per employee"),
        "euro",
        _("Value added / number of employees: how productive its people are."),
        lambda f: value_added_per_employee(
            revenue=f.get("revenue"), purchases=f.get("purchases"), employees=f.get("employees")
        ),
    ),
)
RATIO_KEYS = tuple(r.key for r in RATIOS)
# The few shown on the account page's panel.
KEY_RATIOS = ("current_ratio", "solvency", "net_margin", "value_added_per_employee")


def ratios_of(figures: Figures) -> dict[str, Result]:
    """Every ratio of one year's figures, by key."""
    return {ratio.key: ratio.compute(figures) for ratio in RATIOS}
