"""Plan against actual in the benchmark (issue 15), kept apart from `planning.py` (which the
target generator extends): the company's targets of this year with their actual, forecast and
causes, for marketing (reads every level) and the manager (their teams'); the drill-down behind
the company's actual of the year (every delivered order line of the year, grouped per order);
and the API's figures.

Works with and without generated targets: when the data holds no company revenue target of
this year, `subjects` sets one (a single row), so that the drill-down has a target to open.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from bench.scenario import Scenario, Subjects
from koers.planning.models import PeriodKind, Target, TargetLevel


def subjects(s: Subjects) -> None:
    """This year, the company's revenue target of the year (set when missing) and how many
    targets the year has."""
    year = timezone.localdate().year
    s.target_year = year
    company, _created = Target.objects.get_or_create(
        measure="revenue",
        key=TargetLevel.COMPANY.value,
        year=year,
        period_kind=PeriodKind.YEAR,
        period=1,
        defaults={"level": TargetLevel.COMPANY, "amount": Decimal("10000000.00")},
    )
    s.company_target_id = company.pk
    s.target_count = Target.objects.filter(year=year).count()


SCENARIOS = [
    Scenario(
        "plan against actual, company, a year",
        url="/targets/progress/?year={target_year}&period_kind=year&level=company",
        persona="marketing",
        note="{target_count} targets this year",
    ),
    Scenario(
        "plan against actual, manager's teams, a year",
        url="/targets/progress/?year={target_year}&period_kind=year",
        persona="manager",
    ),
    Scenario(
        "plan against actual, drill-down of the company's actual",
        url="/targets/{company_target_id}/drilldown/actual/",
        persona="marketing",
        note="every delivered order of the year, grouped per order",
    ),
    Scenario(
        "plan against actual, drill-down of the company's pipeline",
        url="/targets/{company_target_id}/drilldown/pipeline/",
        persona="marketing",
    ),
    Scenario(
        "API plan against actual, company, a year",
        url="/api/v1/targets/actuals?year={target_year}&level=company",
        persona="marketing",
        api=True,
    ),
]
