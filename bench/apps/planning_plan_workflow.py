"""What became of a generated account plan (bench/apps/planning_plans.py): the moves of its
workflow in order (submitted, returned, approved, revised), each submission kept as a version
with the plan as it then was, the manager's returns and proposed changes and the revision's
reason as comments, and the plan's status and counts after them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any

from koers.planning.models import PlanComment, PlanVersion
from koers.planning.models.plans import TEXT_PART_NAMES

if TYPE_CHECKING:
    from bench.apps.planning_plans import _Plans

# What became of this year's plans (weights), and of last year's.
STORIES = {
    "draft": 25,
    "submitted": 17,
    "returned": 10,
    "resubmitted": 3,
    "approved": 28,
    "approved_after_return": 10,
    "revised": 4,
    "revised_approved": 3,
}
LAST_YEAR_STORIES = {"approved": 80, "approved_after_return": 15, "revised_approved": 5}
COMMENT_SHARE = 0.3
PROPOSAL_SHARE = 0.2
TEXTS = {
    "return": "Onderbouw de verwachte omzet met de cijfers van vorig jaar.",
    "revision": "De klant opent een tweede vestiging.",
    "comment": "Goed plan; let op de levertijden in het voorjaar.",
    "proposal": "Maak dit concreter.",
}


def moves(story: str) -> list[str]:
    return {
        "draft": [],
        "submitted": ["submit"],
        "returned": ["submit", "return"],
        "resubmitted": ["submit", "return", "submit"],
        "approved": ["submit", "approve"],
        "approved_after_return": ["submit", "return", "submit", "approve"],
        "revised": ["submit", "approve", "revise"],
        "revised_approved": ["submit", "approve", "revise", "submit", "approve"],
    }[story]


def workflow(
    w: _Plans,
    plan: int,
    story: str,
    people: tuple[int, int | None],
    times: tuple[datetime, Iterator[datetime]],
    values: dict[str, Any],
    goals: list[dict[str, Any]],
) -> dict[str, Any]:
    """The story's submissions (a version each), returns, approvals and revision, in
    order; the plan's status and counts after them."""
    rng, dt = w.g.rng, w.g.dt
    (owner, manager), (created, moments) = people, times
    state: dict[str, Any] = {"status": "draft"}
    versions = 0
    drafts = revisions = 0
    approved_once = False
    decided: datetime | None = None
    last = None
    for move in moves(story):
        at = next(moments)
        last = at
        if move == "submit":
            versions += 1
            drafts += 0 if approved_once else 1
            state["status"] = "submitted"
            state["submitted_at"] = dt(at)
            content = {
                "status": "submitted",
                "year": values["year"],
                "plan_type": values["plan_type"],
                "owner": w.names.get(owner, ""),
                "analysis": "",
                "texts": {name: values.get(name, "") for name in TEXT_PART_NAMES},
                "expected_revenue": values["expected_revenue"],
                "investment_hours": values["investment_hours"],
                "investment_money": values["investment_money"],
                "team": [],
                "goals": goals,
            }
            w.children[PlanVersion].append(
                w.make[PlanVersion](
                    {
                        "plan_id": plan,
                        "number": versions,
                        "submitted_at": dt(at),
                        "submitted_by_id": owner,
                        "content": w.json(content),
                    }
                )
            )
            if manager and rng.random() < PROPOSAL_SHARE:
                open_ = story in ("submitted", "returned", "resubmitted")
                comment(w, plan, manager, "proposal", at, open_=open_)
        elif move in ("approve", "return"):
            state["status"] = "approved" if move == "approve" else "returned"
            approved_once = approved_once or move == "approve"
            decided = at
            state["decided_at"] = dt(at)
            state["decided_by_id"] = manager
            if move == "return":
                comment(w, plan, manager, "return", at)
        elif move == "revise":
            revisions += 1
            state["status"] = "draft"
            state["revision_reason"] = TEXTS["revision"]
            comment(w, plan, owner, "revision", at)
    if versions and rng.random() < COMMENT_SHARE:
        comment(w, plan, manager or owner, "comment", last or w.g.rel_now)
    state.update(drafts=drafts, revisions=revisions, version=1 + versions + revisions)
    state["last_moment"] = last or created
    if decided is not None:
        state["decided_at_moment"] = decided
    return state


def comment(
    w: _Plans, plan: int, author: int | None, kind: str, at: datetime, *, open_: bool = False
) -> None:
    rng = w.g.rng
    values: dict[str, Any] = {
        "plan_id": plan,
        "author_id": author,
        "kind": kind,
        "created_at": w.g.dt(at),
        "text": TEXTS[kind],
    }
    if kind == "proposal":
        values["part"] = rng.choice(TEXT_PART_NAMES)
        values["proposed_text"] = "Twee keer per jaar een proeverij in de winkel."
        values["proposal_state"] = (
            "open" if open_ else rng.choice(("accepted", "accepted", "rejected"))
        )
    w.children[PlanComment].append(w.make[PlanComment](values))
