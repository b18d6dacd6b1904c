"""The shapes of account analyses in the API. Amounts are decimal strings in euros
("2400000.00"), never floats; a figure not known is null; a ratio that cannot be computed is a
null `value` with the `reason`."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import MAX_NOTES, BodyId, Choice, In, Integer, PageOut, PlanDate, Text
from koers.api.versioning import versioned_schemas
from koers.planning.analysis.queries import AnalysisView
from koers.planning.analysis.ratios import FIGURE_NAMES, RATIO_KEYS, Result, ratios_of
from koers.planning.analysis.services import TEXTS
from koers.planning.models import AccountAnalysis
from koers.planning.models.analysis import (
    FIRST_YEAR,
    FIT_NAMES,
    LAST_YEAR,
    PORTFOLIO_MAX,
    PORTFOLIO_MIN,
    PORTFOLIO_SCORES,
    Verdict,
)


def _amount(negative: bool) -> Any:
    sign = "-?" if negative else ""
    return Text(
        17,
        pattern=rf"^{sign}[0-9]{{1,13}}(\.[0-9]{{1,2}})?$",
        message=lambda: _("Give an amount in euros with a point for the cents, like 1250.50."),
        examples=["1250000.00"],
    )


Amount = _amount(negative=False)
SignedAmount = _amount(negative=True)
Hours = Text(
    8,
    pattern=r"^[0-9]{1,6}(\.[0-9])?$",
    message=lambda: _("Give a number with at most one decimal, like 80.5."),
    examples=["80"],
)
Employees = Text(
    10,
    pattern=r"^[0-9]{1,8}(\.[0-9])?$",
    message=lambda: _("Give a number with at most one decimal, like 12.5."),
    examples=["12"],
)
FitScore = Integer(0, 2, description="0 no, 1 partly, 2 yes.")
PortfolioScore = Integer(PORTFOLIO_MIN, PORTFOLIO_MAX, description="1 low to 5 high.")
LongText = Text(MAX_NOTES)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class YearIn(In):
    year: Integer(FIRST_YEAR, LAST_YEAR, description="The financial year.")
    revenue: Amount | None = None
    purchases: Amount | None = None
    personnel_costs: Amount | None = None
    depreciation: Amount | None = None
    operating_result: SignedAmount | None = None
    net_profit: SignedAmount | None = None
    total_assets: Amount | None = None
    equity: SignedAmount | None = None
    current_assets: Amount | None = None
    inventory: Amount | None = None
    current_liabilities: Amount | None = None
    long_term_liabilities: Amount | None = None
    employees: Employees | None = None


class RatioOut(Schema):
    value: str | None = Field(
        description="Ratios with 2 decimals, percentages with 1, euros whole; null when it "
        "cannot be computed."
    )
    reason: str = Field(description="Why it cannot be computed (a missing figure, a zero).")


class YearOut(Schema):
    year: int
    revenue: str | None
    purchases: str | None
    personnel_costs: str | None
    depreciation: str | None
    operating_result: str | None
    net_profit: str | None
    total_assets: str | None
    equity: str | None
    current_assets: str | None
    inventory: str | None
    current_liabilities: str | None
    long_term_liabilities: str | None
    employees: str | None
    ratios: dict[str, RatioOut] = Field(
        description="By key: " + ", ".join(RATIO_KEYS) + "; percentages in percent."
    )


class OursOut(Schema):
    period_start: date
    period_end: date
    revenue: str = Field(description="Our delivered orders of the account in the period.")
    margin: str
    investment: str | None = Field(description="Our investment: money plus hours at their cost.")
    return_on_investment: RatioOut
    share_of_wallet: RatioOut


class AnalysisOut(Schema):
    id: int
    account_id: int
    account_name: str
    analysed_on: date
    vision: str
    processes: str
    purchasing: str
    customers_suppliers: str
    culture: str
    strengths: str
    weaknesses: str
    opportunities: str
    threats: str
    purchase_volume: str | None
    fit_needs: int | None
    fit_volume: int | None
    fit_margin: int | None
    fit_relationship: int | None
    fit_culture: int | None
    fit_score: int | None = Field(description="The checklist's total, of 10.")
    attractiveness: int | None = Field(description="Attractiveness of the account, 1-5.")
    relationship_strength: int | None = Field(description="Strength of our relationship, 1-5.")
    verdict: Verdict | None = Field(description="Whether the account is worth the investment.")
    conclusion: str
    advice: str
    investment_money: str | None
    investment_hours: str | None
    hourly_cost: str
    years: list[YearOut]
    created_by_id: int | None
    version: int
    created_at: datetime
    updated_at: datetime


class AnalysisDetailOut(AnalysisOut):
    ours: OursOut = Field(description="What our own orders say, for the year up to the date.")


def _result(result: Result) -> dict[str, Any]:
    return {"value": None if result.value is None else str(result.value), "reason": result.reason}


def analysis_data(analysis: AccountAnalysis) -> dict[str, Any]:
    """`account` and `years` must be loaded."""
    years = []
    for y in sorted(analysis.years.all(), key=lambda y: y.year):
        figures = y.figures()
        years.append(
            {
                "year": y.year,
                **{
                    name: None if figures[name] is None else str(figures[name])
                    for name in FIGURE_NAMES
                },
                "ratios": {key: _result(r) for key, r in ratios_of(figures).items()},
            }
        )
    texts = {name: getattr(analysis, name) for name in TEXTS}
    return {
        "id": analysis.pk,
        "account_id": analysis.account_id,
        "account_name": analysis.account.name,
        "analysed_on": analysis.analysed_on,
        **texts,
        "purchase_volume": _money(analysis.purchase_volume),
        **{name: getattr(analysis, name) for name in FIT_NAMES},
        "fit_score": analysis.fit_score,
        **{name: getattr(analysis, name) for name in PORTFOLIO_SCORES},
        "verdict": analysis.verdict or None,
        "investment_money": _money(analysis.investment_money),
        "investment_hours": None
        if analysis.investment_hours is None
        else str(analysis.investment_hours),
        "hourly_cost": _money(analysis.hourly_cost),
        "years": years,
        "created_by_id": analysis.created_by_id,
        "version": analysis.version,
        "created_at": analysis.created_at,
        "updated_at": analysis.updated_at,
    }


def analysis_detail_data(view: AnalysisView) -> dict[str, Any]:
    orders = view.orders
    return {
        **analysis_data(view.analysis),
        "ours": {
            "period_start": orders.start,
            "period_end": orders.end,
            "revenue": _money(orders.revenue or Decimal(0)),
            "margin": _money(orders.margin or Decimal(0)),
            "investment": _money(view.analysis.investment),
            "return_on_investment": _result(view.roi),
            "share_of_wallet": _result(view.wallet),
        },
    }


class AnalysisIn(In):
    account_id: BodyId
    analysed_on: PlanDate
    years: list[YearIn] = Field(
        [], max_length=10, description="The business figures, one entry per financial year."
    )
    vision: LongText = ""
    processes: LongText = ""
    purchasing: LongText = ""
    customers_suppliers: LongText = ""
    culture: LongText = ""
    strengths: LongText = Field("", description="One a line.")
    weaknesses: LongText = Field("", description="One a line.")
    opportunities: LongText = Field("", description="One a line.")
    threats: LongText = Field("", description="One a line.")
    purchase_volume: Amount | None = Field(
        None, description="What it buys a year in our categories, from anyone."
    )
    fit_needs: FitScore | None = None
    fit_volume: FitScore | None = None
    fit_margin: FitScore | None = None
    fit_relationship: FitScore | None = None
    fit_culture: FitScore | None = None
    attractiveness: PortfolioScore | None = Field(
        None, description="Attractiveness of the account for the portfolio matrix, 1 low to 5 high."
    )
    relationship_strength: PortfolioScore | None = Field(
        None,
        description="Strength of our relationship for the portfolio matrix, 1 weak to 5 strong.",
    )
    verdict: Choice(Verdict) | None = None
    conclusion: LongText = ""
    advice: LongText = ""
    investment_money: Amount | None = None
    investment_hours: Hours | None = None
    hourly_cost: Amount = "75.00"


NULLABLE = (
    "purchase_volume",
    *FIT_NAMES,
    *PORTFOLIO_SCORES,
    "verdict",
    "investment_money",
    "investment_hours",
)

AnalysisPatch, AnalysisConflictOut = versioned_schemas(
    "Analysis",
    create=AnalysisIn,
    read=AnalysisDetailOut,
    nullable=NULLABLE,
    exclude={"account_id"},
    doc="Only the fields sent are changed; `version` is the one you read. `years`, when sent, "
    "replace all financial years of the analysis.",
)


class AnalysisPage(PageOut):
    results: list[AnalysisOut]
