"""The account plan as an A4 PDF with our letterhead, for the yearly review with the customer
(issue 14, docs/decisions.md, 128), printed through `plan.typ` by `core/pdf.py`.

Two variants. **Internal** prints everything. **For the customer** leaves out what is ours
alone: the expected revenue and the realism check, margin goals, our investment in hours and
money, the strategy for the DMU and the DMU map with each contact's attitude, the risks, and
the comments and proposed changes. What is left out is never put in the data at all, so it
cannot leak through the template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.accounts.models import Position
from koers.core.company import company
from koers.core.models import User
from koers.core.pdf import as_text, money, render_pdf
from koers.planning.models import AccountPlan, CommentKind, GoalMetric
from koers.planning.plans import realism

TEMPLATE = Path(__file__).parent / "plan.typ"
Variant = Literal["internal", "customer"]
VARIANTS: tuple[Variant, ...] = ("internal", "customer")


def paragraphs(text: str) -> list[list[str]]:
    """Blank lines separate paragraphs; single line breaks are kept."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block.split("\n") for block in blocks if block.strip()]


def _text(title: str, text: str) -> dict[str, Any] | None:
    if not text.strip():
        return None
    return {"title": title, "kind": "text", "paragraphs": paragraphs(text)}


def _goals(plan: AccountPlan, variant: Variant) -> list[dict[str, Any]]:
    """The goals (per branch for a chain), each with its actions; margin goals internally only."""
    out = []
    for goal in plan.goals.all():
        if variant == "customer" and goal.metric == GoalMetric.MARGIN:
            continue
        detail = [str(goal.get_metric_display())]
        if goal.branch is not None:
            detail.append(goal.branch.name)
        if goal.product_group is not None:
            detail.append(goal.product_group.name)
        if goal.target is not None:
            detail.append(_("target %(target)s") % {"target": as_text(goal.target)})
        if goal.due_on is not None:
            detail.append(as_text(goal.due_on))
        actions = [
            " · ".join(
                p
                for p in (a.title, str(a.owner), as_text(a.due_on), _("done") if a.is_done else "")
                if p
            )
            for a in goal.actions.all()
        ]
        out.append({"title": goal.title, "detail": " · ".join(detail), "actions": actions})
    return out


def _dmu(plan: AccountPlan) -> list[list[str]]:
    """The DMU map: the current contacts of the account with a buying role, and their
    attitude (internal only)."""
    positions = (
        Position.objects.filter(account=plan.account, end_date__isnull=True)
        .exclude(buying_role="")
        .select_related("contact")
        .order_by("buying_role", "contact__last_name")
    )
    return [
        [str(p.contact), p.job_title, p.get_buying_role_display(), p.get_attitude_display()]
        for p in positions
    ]


def _figures(plan: AccountPlan, user: User) -> list[list[str]]:
    rows = []
    if plan.expected_revenue is not None:
        rows.append([_("Expected revenue"), money(plan.expected_revenue)])
    if plan.investment_hours is not None:
        rows.append([_("Investment in hours"), as_text(plan.investment_hours)])
    if plan.investment_money is not None:
        rows.append([_("Investment in money"), money(plan.investment_money)])
    check = realism.realism_of(realism.facts_of(user, plan, plan.expected_revenue))
    rows.extend([[_("Realism"), m.text] for m in check.measures])
    return rows


def _internal_sections(plan: AccountPlan, user: User) -> list[dict[str, Any] | None]:
    comments = [
        f"{c.author or '—'}, {as_text(c.created_at)}: {c.text or c.proposed_text}"
        for c in plan.comments.all()
        if c.kind != CommentKind.REVISION or c.text
    ]
    dmu = _dmu(plan)
    return [
        {"title": _("Revenue and investment"), "kind": "facts", "rows": _figures(plan, user)},
        _text(_("Strategy for the DMU"), plan.dmu_strategy),
        {
            "title": _("DMU map"),
            "kind": "table",
            "header": [_("Contact"), _("Job title"), _("Buying role"), _("Attitude")],
            "rows": dmu,
        }
        if dmu
        else None,
        _text(_("Risks"), plan.risks),
        {"title": _("Internal comments"), "kind": "items", "items": comments} if comments else None,
    ]


def plan_data(plan: AccountPlan, user: User, variant: Variant) -> dict[str, Any]:
    """The JSON the template reads, in the reader's language."""
    firm = company()
    discussed = []
    if plan.discussed_on is not None:
        names = ", ".join(str(c) for c in plan.discussed_with.all())
        discussed = [[_("Discussed on"), as_text(plan.discussed_on)], [_("With"), names]]
    sections: list[dict[str, Any] | None] = [
        {
            "title": _("The plan"),
            "kind": "facts",
            "rows": [
                [_("Account"), plan.account.name],
                [_("Year"), str(plan.year)],
                [_("Account manager"), str(plan.owner)],
                [_("Status"), str(plan.get_status_display())],
                *discussed,
            ],
        },
        _text(_("Situation"), plan.situation),
        _text(_("The customer's goals we support"), plan.customer_goals),
        {"title": _("Goals and actions"), "kind": "goals", "goals": _goals(plan, variant)},
        _text(_("Agreements"), plan.agreements),
    ]
    if variant == "internal":
        sections.extend(_internal_sections(plan, user))
    return {
        "lang": (get_language() or "nl")[:2],
        "company": {
            "name": firm.display_name,
            "lines": [*firm.address_lines(), *firm.contact_lines()],
        },
        "logo": list(logo) if (logo := firm.logo_bytes()) else None,
        "title": _("Account plan %(year)s: %(account)s")
        % {"year": plan.year, "account": plan.account.name},
        "mark": _("Internal: not for the customer") if variant == "internal" else "",
        "footer": _("Made by Koers for %(user)s on %(date)s")
        % {"user": user, "date": as_text(timezone.now())},
        "sections": [s for s in sections if s is not None],
    }


def plan_pdf(plan: AccountPlan, user: User, variant: Variant) -> bytes:
    return render_pdf(TEMPLATE, plan_data(plan, user, variant))


def file_name(plan: AccountPlan, variant: Variant) -> str:
    suffix = "" if variant == "internal" else "-customer"
    return f"plan-{plan.year}-{plan.account_id}{suffix}.pdf"
