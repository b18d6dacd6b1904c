"""Account analyses for tests, made through the service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from koers.accounts.models import Account
from koers.core.models import User
from koers.planning.analysis import services
from koers.planning.models import AccountAnalysis

# Two years of a wholesaler, worked out by hand in test_analysis_ratios.py (2025) and below.
YEAR_2025 = {
    "year": 2025,
    "revenue": Decimal("2400000"),
    "purchases": Decimal("1500000"),
    "personnel_costs": Decimal("500000"),
    "depreciation": Decimal("60000"),
    "operating_result": Decimal("150000"),
    "net_profit": Decimal("96000"),
    "total_assets": Decimal("1200000"),
    "equity": Decimal("480000"),
    "current_assets": Decimal("700000"),
    "inventory": Decimal("250000"),
    "current_liabilities": Decimal("400000"),
    "long_term_liabilities": Decimal("320000"),
    "employees": Decimal("12"),
}
# 2024: current ratio 600,000 / 500,000 = 1.20; solvency 300,000 / 1,000,000 = 30.0 %;
# net margin 40,000 / 2,000,000 = 2.0 %; no employees known.
YEAR_2024 = {
    "year": 2024,
    "revenue": Decimal("2000000"),
    "purchases": Decimal("1300000"),
    "operating_result": Decimal("90000"),
    "net_profit": Decimal("40000"),
    "total_assets": Decimal("1000000"),
    "equity": Decimal("300000"),
    "current_assets": Decimal("600000"),
    "inventory": Decimal("200000"),
    "current_liabilities": Decimal("500000"),
}


def make_analysis(
    actor: User,
    account: Account,
    *,
    analysed_on: date = date(2026, 11, 30),
    years: list[dict[str, Any]] | None = None,
    **data: Any,
) -> AccountAnalysis:
    return services.analysis_create(
        actor=actor,
        account=account,
        analysed_on=analysed_on,
        years=[YEAR_2024, YEAR_2025] if years is None else years,
        **data,
    )
