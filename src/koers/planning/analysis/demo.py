"""Account analyses for the demo (`manage.py demo`): the key accounts (tier A customers, the
first of them) each have an analysis of two financial years made by their account manager, and
the first few an older one as well, to compare. Figures of a plausible Dutch food wholesaler or
retailer, drawn from their own random stream (from the seed), so that later steps draw as
before; made through the service, so the checks hold."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from koers.accounts.models import Account
from koers.demo.context import DemoContext
from koers.planning.analysis import services

KEY_ACCOUNTS = 12
WITH_OLDER = 4
STRENGTHS = ("Sterk merk in de regio", "Trouwe vaste klanten", "Eigen slagerij", "Goede locaties")
WEAKNESSES = ("Weinig personeel", "Verouderde kassasystemen", "Afhankelijk van één inkoper")
OPPORTUNITIES = ("Groei van kant-en-klaar", "Nieuwe vestiging in 2027", "Duurzaam assortiment")
THREATS = ("Prijsdruk van discounters", "Stijgende energiekosten", "Concurrent levert al vers")


def _euros(value: float) -> Decimal:
    return Decimal(round(value, -3))


def _year(year: int, revenue: float, rng: random.Random) -> dict[str, object]:
    purchases = revenue * rng.uniform(0.55, 0.75)
    total_assets = revenue * rng.uniform(0.35, 0.6)
    equity = total_assets * rng.uniform(0.2, 0.5)
    current_assets = total_assets * rng.uniform(0.4, 0.6)
    net_profit = revenue * rng.uniform(-0.01, 0.05)
    return {
        "year": year,
        "revenue": _euros(revenue),
        "purchases": _euros(purchases),
        "personnel_costs": _euros(revenue * rng.uniform(0.12, 0.2)),
        "depreciation": _euros(total_assets * 0.08),
        "operating_result": _euros(net_profit * 1.3),
        "net_profit": _euros(net_profit),
        "total_assets": _euros(total_assets),
        "equity": _euros(equity),
        "current_assets": _euros(current_assets),
        "inventory": _euros(current_assets * rng.uniform(0.2, 0.45)),
        "current_liabilities": _euros(current_assets * rng.uniform(0.6, 1.1)),
        "long_term_liabilities": _euros(total_assets - equity - current_assets * 0.8),
        "employees": Decimal(max(3, round(revenue / rng.uniform(150_000, 250_000)))),
    }


def _some(items: tuple[str, ...], rng: random.Random) -> str:
    return "\n".join(rng.sample(items, 2))


def _analysis(account: Account, on: date, last_year: int, rng: random.Random) -> None:
    revenue = rng.uniform(2_000_000, 20_000_000)
    years = [_year(last_year - 1, revenue / rng.uniform(1.0, 1.12), rng)]
    years.append(_year(last_year, revenue, rng))
    score = rng.choice((0, 1, 2, 2))
    services.analysis_create(
        actor=account.owner,
        account=account,
        analysed_on=on,
        years=years,
        vision="Wil groeien in vers en kant-en-klaar, met minder leveranciers.",
        purchasing="Centrale inkoop; jaarcontracten in het najaar, aanvullend per week.",
        customers_suppliers="Vooral gezinnen in de regio; drie vaste leveranciers voor vlees.",
        culture="Nuchter en familiair; beslissingen door de eigenaar.",
        strengths=_some(STRENGTHS, rng),
        weaknesses=_some(WEAKNESSES, rng),
        opportunities=_some(OPPORTUNITIES, rng),
        threats=_some(THREATS, rng),
        purchase_volume=_euros(revenue * rng.uniform(0.05, 0.15)),
        fit_needs=2,
        fit_volume=score,
        fit_margin=rng.choice((1, 2)),
        fit_relationship=2,
        fit_culture=rng.choice((1, 2)),
        verdict="worth" if score else "doubtful",
        conclusion="Groot genoeg en past bij ons assortiment.",
        advice="Twee keer per jaar een jaargesprek met de eigenaar; vers uitbreiden.",
        investment_money=_euros(rng.uniform(2_000, 12_000)),
        investment_hours=Decimal(rng.randrange(40, 160, 10)),
    )


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 17 + 14)
    accounts = list(
        Account.objects.filter(tier="A", status="customer", parent__isnull=True)
        .select_related("owner")
        .order_by("pk")[:KEY_ACCOUNTS]
    )
    today = context.today
    for i, account in enumerate(accounts):
        if i < WITH_OLDER:
            _analysis(account, today - timedelta(days=365), today.year - 2, rng)
        _analysis(account, today - timedelta(days=rng.randrange(5, 60)), today.year - 1, rng)
    count = len(accounts) + min(WITH_OLDER, len(accounts))
    context.summary.append(f"{count} account analyses")
