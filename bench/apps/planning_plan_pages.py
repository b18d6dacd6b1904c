"""The scenarios of account plans and the portfolio (issue 14): the page of the biggest plan
(its account manager, and the manager who decides on it), the plan list and the plans panel of
the account of the manager's team with the most plans, the portfolio of a manager and of an
account manager, the accounts of one of its cells, and the API's plan list. Also the
generator's step that gives four in five analyses the portfolio's two scores, so that the
portfolio places their accounts (one UPDATE; no random draws, the data after it stays as it was).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import Count

from bench.scenario import Scenario, Subjects
from koers.core.models import Team
from koers.planning.models import AccountAnalysis, AccountPlan

if TYPE_CHECKING:
    from bench.generate import Generator

# The portfolio scores: on four in five analyses (`id % SCORED != 0`), spread over 1-5.
SCORED = 5


def portfolio_scores(g: Generator) -> int:
    """The attractiveness and relationship scores of four in five analyses."""
    if g.writer.method == "dry":
        return 0
    table = connection.ops.quote_name(AccountAnalysis._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET attractiveness = 1 + (id * 7) % 5, "
            f"relationship_strength = 1 + (id * 3 + account_id) % 5 WHERE id % {SCORED} <> 0"
        )
        return cursor.rowcount


GENERATE = [("portfolio scores", portfolio_scores)]


def subjects(s: Subjects) -> None:
    """The plan with the most goals (this year's first) with its owner and their manager, and
    the account of the manager's team with the most plans."""
    manager = s.personas["manager"]
    biggest = (
        AccountPlan.objects.annotate(n=Count("goals"))
        .order_by("-year", "-n", "pk")
        .select_related("owner")
        .first()
    )
    s.big_plan_id, s.big_plan_goals = (biggest.pk, biggest.n) if biggest else (0, 0)
    if biggest is not None:
        team = Team.objects.filter(members=biggest.owner_id, manager__isnull=False).first()
        s.personas["plan_owner"] = biggest.owner
        s.personas["plan_manager"] = team.manager if team else manager
    else:
        s.personas.setdefault("plan_owner", s.personas["account_manager"])
        s.personas.setdefault("plan_manager", manager)
    most = (
        AccountPlan.objects.filter(account__owner__teams__manager=manager)
        .values("account")
        .annotate(n=Count("pk"))
        .order_by("-n", "account")
        .first()
    )
    s.plans_account_id, s.plans_account_count = (most["account"], most["n"]) if most else (0, 0)
    s.plan_count = AccountPlan.objects.count()


SCENARIOS = [
    Scenario(
        "account plan page, biggest plan, account manager",
        url="/plans/{big_plan_id}/",
        persona="plan_owner",
        note="{big_plan_goals} goals (a chain's plan with its branches' parts)",
    ),
    Scenario(
        "account plan page, biggest plan, manager",
        url="/plans/{big_plan_id}/",
        persona="plan_manager",
    ),
    Scenario(
        "account plan list, account with the most plans",
        url="/accounts/{plans_account_id}/plans/",
        persona="manager",
        note="{plans_account_count} plans; {plan_count} in all",
    ),
    Scenario(
        "account plans panel, account with the most plans",
        url="/accounts/{plans_account_id}/plans/panel/",
        persona="manager",
    ),
    Scenario("portfolio, manager", url="/portfolio/", persona="manager"),
    Scenario("portfolio, account manager", url="/portfolio/", persona="account_manager"),
    Scenario("portfolio cell high/high, manager", url="/portfolio/high/high/", persona="manager"),
    Scenario(
        "API account plan list, manager", url="/api/v1/account-plans", persona="manager", api=True
    ),
]
