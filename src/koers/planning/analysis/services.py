"""Every write of account analyses (`@service`: one transaction, the actor in the history).

An analysis is made with its financial years, and changed as a whole: the years sent replace
the years it had (a year left out is removed), so a form with one column per year and the API
write it the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.planning.analysis.ratios import FIGURE_NAMES, LABELS, MAY_BE_NEGATIVE
from koers.planning.models import AccountAnalysis, AnalysisYear
from koers.planning.models.analysis import (
    FIRST_YEAR,
    FIT_NAMES,
    LAST_YEAR,
    PORTFOLIO_MAX,
    PORTFOLIO_MIN,
    PORTFOLIO_SCORES,
    Verdict,
)

# What a form or the API may set on an analysis, besides its years.
TEXTS = (
    "vision",
    "processes",
    "purchasing",
    "customers_suppliers",
    "culture",
    "strengths",
    "weaknesses",
    "opportunities",
    "threats",
    "conclusion",
    "advice",
)
AMOUNTS = ("purchase_volume", "investment_money", "investment_hours", "hourly_cost")
EDITABLE = ("analysed_on", *TEXTS, *AMOUNTS, *FIT_NAMES, *PORTFOLIO_SCORES, "verdict")
# Figures are stored with 15 digits, 2 after the point: 13 before it.
LARGEST = Decimal("9999999999999.99")

YearData = Mapping[str, Any]


def _error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check(data: Mapping[str, Any]) -> None:
    errors: dict[str, ValidationError] = {}
    if "analysed_on" in data and not isinstance(data["analysed_on"], date):
        errors["analysed_on"] = ValidationError(_("Give the date of the analysis."), "required")
    for name in AMOUNTS:
        value = data.get(name)
        if value is not None and not (0 <= value <= LARGEST):
            errors[name] = ValidationError(_("Give an amount of 0 or more."), "invalid")
    if data.get("hourly_cost", 0) is None:
        errors["hourly_cost"] = ValidationError(_("Give the cost of an hour."), "required")
    for name in FIT_NAMES:
        if data.get(name) not in (None, 0, 1, 2):
            errors[name] = ValidationError(_("Score 0, 1 or 2."), "invalid")
    for name in PORTFOLIO_SCORES:
        value = data.get(name)
        if value is not None and not (
            isinstance(value, int) and PORTFOLIO_MIN <= value <= PORTFOLIO_MAX
        ):
            errors[name] = ValidationError(_("Score 1 to 5."), "invalid")
    if data.get("verdict", "") not in ("", *Verdict.values):
        errors["verdict"] = ValidationError(_("Choose one of the conclusions."), "invalid")
    if errors:
        raise ValidationError(errors)


def _check_years(years: Sequence[YearData]) -> None:
    seen: set[int] = set()
    for row in years:
        year = row.get("year")
        if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
            raise _error("years", _("Give each financial year as a year, like 2025."))
        if year in seen:
            raise _error(
                "years", _("The year %(year)s is given twice.") % {"year": year}, "duplicate"
            )
        seen.add(year)
        for name in FIGURE_NAMES:
            value = row.get(name)
            if value is None:
                continue
            low = -LARGEST if name in MAY_BE_NEGATIVE else Decimal(0)
            if not low <= value <= LARGEST:
                raise _error(
                    "years",
                    _("%(figure)s of %(year)s cannot be below zero or this large.")
                    % {"figure": LABELS[name], "year": year},
                )


def _may_change(actor: User, account: Account) -> None:
    if not access.can_change_account(actor, account):
        raise NotAllowed


def _write_years(analysis: AccountAnalysis, years: Sequence[YearData]) -> None:
    analysis.years.all().delete()
    AnalysisYear.objects.bulk_create(
        AnalysisYear(
            analysis=analysis,
            year=row["year"],
            **{name: row.get(name) for name in FIGURE_NAMES},
        )
        for row in sorted(years, key=lambda r: r["year"])
    )


def _clean(data: Mapping[str, Any]) -> dict[str, Any]:
    out = {name: data[name] for name in EDITABLE if name in data}
    for name in TEXTS:
        if name in out:
            out[name] = (out[name] or "").strip()
    return out


@service
def analysis_create(
    *,
    actor: User,
    account: Account,
    analysed_on: date,
    years: Sequence[YearData] = (),
    **data: Any,
) -> AccountAnalysis:
    """A new analysis of `account`, dated `analysed_on`, with its financial years; `data`: the
    profile (`EDITABLE`). Earlier analyses stay as they are."""
    _may_change(actor, account)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise TypeError(f"analysis_create: unknown fields {sorted(unknown)}")
    fields = _clean({**data, "analysed_on": analysed_on})
    _check(fields)
    _check_years(years)
    analysis = AccountAnalysis(account=account, created_by=actor, **fields)
    analysis.save()
    _write_years(analysis, years)
    return analysis


@service
def analysis_update(
    *,
    actor: User,
    analysis: AccountAnalysis,
    expected_version: int,
    data: Mapping[str, Any],
    years: Sequence[YearData] | None = None,
) -> AccountAnalysis:
    """Changes the fields in `data`; `years`, when given, replace the financial years. A stale
    `expected_version` raises StaleVersionError and changes nothing."""
    _may_change(actor, analysis.account)
    fields = _clean(data)
    _check(fields)
    if years is not None:
        _check_years(years)
    locked = lock_version(AccountAnalysis, analysis.pk, expected_version)
    for name, value in fields.items():
        setattr(locked, name, value)
    saved = save_version(locked)
    if years is not None:
        _write_years(saved, years)
    return saved


@service
def analysis_import(
    *,
    actor: User,
    account: Account,
    analysed_on: date,
    years: Sequence[YearData],
) -> AccountAnalysis:
    """A new analysis of `account` with the financial years read from a file
    (`analysis/imports.py`, read before this transaction), its profile carried over from the
    latest analysis as a new one made on the page is. All of it or nothing is saved."""
    _may_change(actor, account)
    latest = AccountAnalysis.objects.filter(account=account).order_by("-analysed_on", "-pk").first()
    profile = (
        {name: getattr(latest, name) for name in EDITABLE if name != "analysed_on"}
        if latest is not None
        else {}
    )
    return analysis_create(
        actor=actor, account=account, analysed_on=analysed_on, years=years, **profile
    )
