"""Account plans in the benchmark (issue 14): a plan of this year for about half of the accounts
(every A account and chain top, most B accounts, some C accounts; 50,000 at size L, with last
year's approved plan of the A accounts and chain tops), each in a state of its workflow (draft,
submitted, returned, approved, approved after a return, revised), with the versions its
submissions kept, the manager's returns and proposed changes, comments, the account team taking
part, and two to five goals with their actions (about 500,000 goals and actions at size L).
A chain top's plan has a part per branch (a revenue goal of the branch, owned by the branch's
account manager) up to `BRANCH_PARTS`. The workflow's moves: `planning_plan_workflow.py`; the
scenarios: `planning_plan_pages.py`.

Dates are relative to the day the data is generated, like relations'.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bench.apps.planning_plan_workflow import LAST_YEAR_STORIES, STORIES, moves, workflow
from koers.core.models import User
from koers.planning.models import (
    AccountAnalysis,
    AccountPlan,
    PlanAction,
    PlanComment,
    PlanGoal,
    PlanTeamMember,
    PlanVersion,
)
from koers.sales.models import ProductGroup

if TYPE_CHECKING:
    from bench.generate import Generator

# This year's plan for this share of the accounts of a tier (chain tops as A; regional offices
# and branches are parts of their chain's plan); A accounts and chain tops also have last year's.
PLAN_SHARE = {"A": 1.0, "B": 0.85, "C": 0.35}
# Goals per plan and actions per goal (weights of 2, 3, 4, 5 goals and of 0-3 actions).
GOAL_COUNTS, GOAL_WEIGHTS = (2, 3, 4, 5), (1, 3, 4, 2)
ACTION_COUNTS, ACTION_WEIGHTS = (0, 1, 2, 3), (1, 3, 3, 2)
# A chain plan's parts: a goal per branch, at most this many (the largest chains have 400).
BRANCH_PARTS = 100
TEAM_SHARE = 0.35
DISCUSSED_SHARE = 0.7

GOALS = {
    "revenue": ("Omzet in {group} verhogen", "Een eerste order binnenhalen", "Omzet behouden"),
    "margin": ("Marge op niveau van vorig jaar houden", "Minder korting op de basislijst"),
    "share_of_wallet": ("Ons aandeel in de inkoop vergroten", "Tweede leverancier worden"),
    "visits": ("Elk kwartaal op bezoek", "De beslissers leren kennen"),
    "relationship": ("Relatie met de eigenaar warm houden", "Vertrouwen van de inkoper winnen"),
}
METRICS = {"revenue": 40, "margin": 15, "share_of_wallet": 15, "visits": 15, "relationship": 15}
ACTIONS = (
    "Nieuw assortiment presenteren",
    "Proeforder opvolgen",
    "Jaargesprek met de eigenaar",
    "Prijzen en voorwaarden herzien",
    "DMU in kaart brengen",
    "Offerte voor een proefbestelling sturen",
    "Kwartaalbezoek",
    "Rondleiding in ons magazijn",
)
TEXTS = {
    "situation": "Vaste klant; groeit in vers, koopt vleeswaren nog elders.",
    "customer_goals": "Minder leveranciers\nMeer kant-en-klaar in de winkel",
    "dmu_strategy": "De eigenaar beslist; de inkoper bereidt voor. Beiden elk kwartaal spreken.",
}
RISKS = (
    "Concurrent biedt een jaarcontract met korting",
    "Nieuwe inkoper kent ons nog niet",
    "Vestigingen kopen steeds vaker zelf in",
)
AGREEMENTS = (
    "Elk kwartaal een gesprek met de eigenaar",
    "Proefbestelling van het nieuwe assortiment in het voorjaar",
)
ROLES = ("Binnendienst", "Specialist vers", "Meedenker")


def plans(g: Generator) -> int:
    """The plans with their goals, actions, team, comments, versions and who they were
    discussed with, in one pass over the accounts."""
    w = _Plans(g)
    count = g.writer.write(AccountPlan, w.rows())
    for model, rows in w.children.items():
        count += g.writer.write(model, rows)
    return count


class _Plans:
    """The state of one run of `plans`: ids, the rows of the child tables, names for the
    versions' snapshots."""

    def __init__(self, g: Generator) -> None:
        self.g = g
        self.today = g.rel_today
        self.year = self.today.year
        self.plan_ids = itertools.count(_next_id(AccountPlan))
        self.goal_ids = itertools.count(_next_id(PlanGoal))
        # Read before the rows are written: on PostgreSQL the connection is busy with COPY then.
        self.names = {pk: str(u) for pk, u in ((u.pk, u) for u in User.objects.all())}
        self.groups = list(
            ProductGroup.objects.filter(parent__isnull=True)
            .order_by("position", "pk")
            .values_list("pk", "name_nl")
        )
        analyses = AccountAnalysis.objects.order_by("account_id", "analysed_on", "pk")
        self.analysis = dict(analyses.values_list("account_id", "pk"))
        self.branches: dict[int, list[Any]] = defaultdict(list)
        for a in g.plan:
            if a.kind == "branch" and a.root_id is not None:
                self.branches[a.root_id].append(a)
        self.manager_of = {am: g.manager_ids[t] for am, t in g.team_of.items()}
        self.json = (lambda v: v) if g.writer.method == "orm" else json.dumps
        through = AccountPlan.discussed_with.through
        self.make = {
            AccountPlan: g.writer.row_maker(AccountPlan, ["id", "account_id", "year", "owner_id"]),
            PlanGoal: g.writer.row_maker(PlanGoal, ["id", "plan_id", "title", "metric"]),
            PlanAction: g.writer.row_maker(PlanAction, ["goal_id", "title", "owner_id"]),
            PlanTeamMember: g.writer.row_maker(PlanTeamMember, ["plan_id", "user_id", "role"]),
            PlanComment: g.writer.row_maker(PlanComment, ["plan_id", "author_id", "kind"]),
            PlanVersion: g.writer.row_maker(PlanVersion, ["plan_id", "number", "content"]),
            through: g.writer.row_maker(through, ["accountplan_id", "contact_id"]),
        }
        self.children: dict[Any, list[tuple]] = {
            model: [] for model in self.make if model is not AccountPlan
        }
        self.through = through

    def rows(self) -> Iterable[tuple]:
        rng = self.g.rng
        for account in self.g.plan:
            if account.kind in ("region", "branch") or account.status == "former":
                continue
            tier = "A" if account.kind == "root" else account.tier
            if tier == "A":
                yield self.plan(account, self.year - 1, LAST_YEAR_STORIES)
            if rng.random() < PLAN_SHARE[tier]:
                yield self.plan(account, self.year, STORIES)

    def plan(self, account: Any, year: int, stories: dict[str, int]) -> tuple:
        g, rng, dt = self.g, self.g.rng, self.g.dt
        pk = next(self.plan_ids)
        owner = account.owner_id
        manager = self.manager_of.get(owner)
        story = g.pick_weighted(stories)
        # Written in the weeks around the turn of the year; later steps a few weeks apart.
        start = datetime(year, 1, 1, 9, tzinfo=UTC) - timedelta(days=45)
        end = min(g.rel_now, datetime(year, 12, 1, 9, tzinfo=UTC))
        span = max(1.0, (end - start).total_seconds())
        steps = sorted(
            start + timedelta(seconds=rng.random() * span) for _ in range(len(moves(story)) + 1)
        )
        created = steps[0]
        moments = iter(steps[1:])
        plan_type = (
            "acquire"
            if account.status == "prospect"
            else g.pick_weighted({"grow": 3, "retain": 2, "acquire": 1})
        )
        goals = self.goals(pk, account, owner, year, story)
        values: dict[str, Any] = {
            "id": pk,
            "account_id": account.id,
            "year": year,
            "plan_type": plan_type,
            "owner_id": owner,
            "analysis_id": self.analysis.get(account.id),
            **TEXTS,
            "expected_revenue": str(rng.randrange(8, 80) * 5_000),
            "investment_hours": str(rng.randrange(2, 12) * 10),
            "investment_money": str(rng.randrange(2, 32) * 250),
            "agreements": rng.choice(AGREEMENTS),
            "risks": rng.choice(RISKS),
            "created_by_id": owner,
            "created_at": dt(created),
        }
        state = workflow(self, pk, story, (owner, manager), (created, moments), values, goals)
        values.update(state)
        if values["status"] == "approved" and rng.random() < DISCUSSED_SHARE:
            contacts = g.contacts_of.get(account.id)
            values["discussed_on"] = g.day(
                min(self.today, values["decided_at_moment"].date() + timedelta(days=10))
            )
            values["customer_agrees"] = rng.random() < 0.85
            values["customer_response"] = "Akkoord; volgend kwartaal evalueren."
            if contacts:
                self.children[self.through].append(
                    self.make[self.through]({"accountplan_id": pk, "contact_id": contacts[0]})
                )
        self.team(pk, owner, manager)
        last = values.pop("last_moment")
        values.pop("decided_at_moment", None)
        values["updated_at"] = dt(last)
        return self.make[AccountPlan](values)

    def goals(
        self, plan: int, account: Any, owner: int, year: int, story: str
    ) -> list[dict[str, Any]]:
        """The goals and actions (rows kept for the writer) and their snapshot for versions."""
        g, rng = self.g, self.g.rng
        done = {"approved": 0.35, "approved_after_return": 0.35, "revised_approved": 0.35}
        done_share = 0.75 if year < self.year else done.get(story, 0.0)
        snapshot = []
        specs: list[tuple[str, str, int | None, int | None]] = []
        for _ in range(rng.choices(GOAL_COUNTS, GOAL_WEIGHTS)[0]):
            metric = g.pick_weighted(METRICS)
            group = rng.choice(self.groups) if self.groups and metric == "revenue" else None
            title = rng.choice(GOALS[metric]).format(group=group[1] if group else "vers")
            specs.append((metric, title, group[0] if group else None, None))
        for branch in self.branches.get(account.id, [])[:BRANCH_PARTS]:
            specs.append(("revenue", f"Omzet {branch.name}"[:200], None, branch.id))
        contacts = g.contacts_of.get(account.id) or [None]
        branch_owner = {b.id: b.owner_id for b in self.branches.get(account.id, [])}
        for position, (metric, title, group, branch) in enumerate(specs):
            pk = next(self.goal_ids)
            goal_owner = branch_owner.get(branch, owner) if branch else owner
            due = (
                date(year, 12, 31) if rng.random() < 0.7 else date(year, 3 * rng.randint(1, 4), 28)
            )
            target = _target(metric, rng)
            self.children[PlanGoal].append(
                self.make[PlanGoal](
                    {
                        "id": pk,
                        "plan_id": plan,
                        "title": title,
                        "metric": metric,
                        "owner_id": goal_owner,
                        "branch_id": branch,
                        "product_group_id": group,
                        "contact_id": contacts[0] if metric == "relationship" else None,
                        "target": target,
                        "due_on": g.day(due),
                        "position": position,
                    }
                )
            )
            actions = []
            n = 1 if branch else rng.choices(ACTION_COUNTS, ACTION_WEIGHTS)[0]
            for i in range(n):
                roll = rng.random()
                status = "done" if roll < done_share else "dropped" if roll > 0.95 else "open"
                on = date(year, 1, 1) + timedelta(days=rng.randrange(365))
                action = "Kennismaken met de bedrijfsleider" if branch else rng.choice(ACTIONS)
                self.children[PlanAction].append(
                    self.make[PlanAction](
                        {
                            "goal_id": pk,
                            "title": action,
                            "owner_id": goal_owner,
                            "due_on": g.day(on),
                            "status": status,
                            "position": i,
                        }
                    )
                )
                actions.append(
                    {
                        "title": action,
                        "owner": self.names.get(goal_owner, ""),
                        "due_on": str(on),
                        "status": status,
                    }
                )
            snapshot.append(
                {
                    "title": title,
                    "metric": metric,
                    "owner": self.names.get(goal_owner, ""),
                    "branch": "",
                    "product_group": "",
                    "contact": "",
                    "target": target or "",
                    "due_on": str(due),
                    "actions": actions,
                }
            )
        return snapshot

    def team(self, plan: int, owner: int, manager: int | None) -> None:
        g, rng = self.g, self.g.rng
        if rng.random() >= TEAM_SHARE:
            return
        t = g.team_of.get(owner)
        pool = [*(g.team_inside[t] if t is not None else []), *([manager] if manager else [])]
        colleagues = (
            [u for u in dict.fromkeys(rng.choices(pool, k=2)) if u != owner] if pool else []
        )
        for user in colleagues:
            self.children[PlanTeamMember].append(
                self.make[PlanTeamMember](
                    {"plan_id": plan, "user_id": user, "role": rng.choice(ROLES)}
                )
            )


def _target(metric: str, rng: Any) -> str | None:
    if metric in ("revenue", "margin"):
        return str(rng.randrange(2, 60) * 5_000)
    if metric == "share_of_wallet":
        return str(rng.randrange(10, 60))
    if metric == "visits":
        return str(rng.choice((4, 6, 8, 12)))
    return None


def _next_id(model: Any) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


GENERATE = [("account plans", plans)]
CHOSEN_IDS = [AccountPlan, PlanGoal]
LOADED = [
    AccountPlan,
    AccountPlan.discussed_with.through,
    PlanGoal,
    PlanAction,
    PlanTeamMember,
    PlanComment,
    PlanVersion,
]


def counts() -> dict[str, int]:
    return {
        "account plans": AccountPlan.objects.count(),
        "plan goals and actions": PlanGoal.objects.count() + PlanAction.objects.count(),
    }
