"""The brief's sections of part 3, each read from one source: the visit, the account's key data
and chain, its contact status, the DMU, the personal interests of the people to be met, open
commitments, the last report's agreements, the last five contacts and what changed since the
last visit (`changes.py`). The printed form of each is in `printing.py`."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import AccountTeamMember, BuyingRole, Contact, Position
from koers.core import access
from koers.relations.brief import BriefContext, Section, register
from koers.relations.brief import printing as p
from koers.relations.models import (
    Activity,
    ActivityStatus,
    Commitment,
    CommitmentDirection,
    CommitmentStatus,
    ContactState,
    CountingKind,
    ReportPhoto,
    VisitReport,
)
from koers.relations.norms import STATUS_LABELS, dmu_statuses, status_of
from koers.relations.services.activities import visiting_address

RECENT_CONTACTS = 5
# A brief is one page to read: an account with more open commitments links to them instead.
COMMITMENTS_SHOWN = 30
INTERESTS_SHOWN = 20
# The photos of the last visit that has any: enough to recall the shelf, not an album.
PHOTOS_SHOWN = 4
SUMMARY_CHARS = 240
# The DMU in the order a visitor asks about it: who decides, who buys, who weighs in.
ROLE_ORDER = [
    BuyingRole.DECIDER,
    BuyingRole.BUYER,
    BuyingRole.INFLUENCER,
    BuyingRole.USER,
    BuyingRole.GATEKEEPER,
    "",
]


def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The start of a text, cut at a word, for a line in the brief."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def visit(ctx: BriefContext) -> dict[str, Any] | None:
    """The planned visit the brief is for: when, where, whom, and what the manager asks."""
    if ctx.visit is None:
        return None
    activity = ctx.visit
    return {
        "activity": activity,
        "contacts": list(activity.contacts.all()),
        "colleagues": list(activity.colleagues.all()),
        "checklist": [i.get("text", "") for i in activity.checklist if isinstance(i, dict)],
    }


def key_data(ctx: BriefContext) -> dict[str, Any]:
    account = ctx.account
    team = AccountTeamMember.objects.filter(account=account).select_related("user")
    return {
        "account": account,
        "address": visiting_address(account),
        "team": sorted(team, key=lambda m: str(m.user)),
    }


def chain(ctx: BriefContext) -> dict[str, Any] | None:
    """Where the account stands in its chain: its parent (named only when readable) and how
    many branches it has. Two queries at most."""
    account = ctx.account
    root_id = account.root_id or account.pk
    counts = (
        access.accounts_readable(ctx.user)
        .filter(root_id=root_id)
        .aggregate(branches=Count("pk", filter=Q(parent_id=account.pk)), chain=Count("pk"))
    )
    if account.parent_id is None and not counts["branches"]:
        return None
    parent = None
    if account.parent_id is not None:
        parent = (
            access.accounts_readable(ctx.user).filter(pk=account.parent_id).only("name").first()
        )
    return {
        "parent": parent,
        "is_branch": account.parent_id is not None,
        "branches": counts["branches"],
        # Every branch of the chain, at any depth, below its top.
        "chain_branches": counts["chain"],
    }


def contact_status(ctx: BriefContext) -> dict[str, Any]:
    state = ContactState.objects.filter(account=ctx.account).first()
    if state is None:
        return {"state": None, "status": "", "label": ""}
    status = status_of(state.due_on, ctx.today)
    return {"state": state, "status": status, "label": STATUS_LABELS[status]}


def dmu(ctx: BriefContext) -> list[dict[str, Any]] | None:
    """The current contacts with their buying role and attitude: who decides, who is critical,
    and the key people not spoken to within their role's norm."""
    positions = list(
        Position.objects.filter(account=ctx.account, end_date__isnull=True).select_related(
            "contact"
        )
    )
    if not positions:
        return None
    statuses = {s.position.pk: s for s in dmu_statuses(ctx.account, ctx.today)}
    rows: list[dict[str, Any]] = []
    for position in positions:
        status = statuses.get(position.pk)
        rows.append(
            {
                "position": position,
                "contact": position.contact,
                "decides": position.buying_role == BuyingRole.DECIDER,
                "critical": position.attitude == "critic",
                "last_contact_on": status.last_contact_on if status else None,
                "norm_days": status.norm_days if status else None,
                "too_long": status is not None and status.status == "overdue",
            }
        )
    rows.sort(
        key=lambda r: (
            ROLE_ORDER.index(r["position"].buying_role),
            r["contact"].last_name,
            r["contact"].first_name,
        )
    )
    return rows


def interests(ctx: BriefContext) -> list[Contact] | None:
    """What matters to the people to be met: the visit's contacts, or from the account page
    everyone currently there."""
    if ctx.visit is not None:
        people = [c for c in ctx.visit.contacts.all() if c.personal_interests.strip()]
    else:
        people = list(
            Contact.objects.filter(positions__account=ctx.account, positions__end_date__isnull=True)
            .exclude(personal_interests="")
            .distinct()[:INTERESTS_SHOWN]
        )
    return people or None


def commitments(ctx: BriefContext) -> dict[str, Any] | None:
    """Open promises both ways, earliest due first; the overdue ones are marked."""
    rows = list(
        Commitment.objects.filter(account=ctx.account, status=CommitmentStatus.OPEN)
        .select_related("contact", "owner")
        .order_by("due_date", "pk")[: COMMITMENTS_SHOWN + 1]
    )
    if not rows:
        return None
    for row in rows:
        row.overdue = row.due_date < ctx.today  # type: ignore[attr-defined]
    shown = rows[:COMMITMENTS_SHOWN]
    return {
        "ours": [c for c in shown if c.direction == CommitmentDirection.OURS],
        "theirs": [c for c in shown if c.direction == CommitmentDirection.THEIRS],
        "more": len(rows) > COMMITMENTS_SHOWN,
        "overdue": sum(1 for c in shown if c.due_date < ctx.today),
    }


def agreements(ctx: BriefContext) -> dict[str, Any] | None:
    """The agreements and next step of the account's latest report."""
    report = (
        VisitReport.objects.filter(activity__account=ctx.account)
        .select_related("activity", "author")
        .order_by("-activity__actual_start", "-activity__planned_start", "-pk")
        .first()
    )
    if report is None or not (report.agreement_lines() or report.next_step):
        return None
    return {"report": report, "lines": report.agreement_lines()}


def photos(ctx: BriefContext) -> dict[str, Any] | None:
    """The photos of the account's latest report that has photos (the shelf, the display as
    they were last time), in one query: the newest report's come first."""
    found = list(
        ReportPhoto.objects.filter(report__activity__account=ctx.account)
        .select_related("report__activity")
        .order_by(
            "-report__activity__actual_start", "-report__activity__planned_start", "-report", "pk"
        )[: PHOTOS_SHOWN + 1]
    )
    if not found:
        return None
    report = found[0].report
    shown = [photo for photo in found if photo.report_id == report.pk]
    return {"report": report, "photos": shown[:PHOTOS_SHOWN], "more": len(shown) > PHOTOS_SHOWN}


def recent_contacts(ctx: BriefContext) -> list[dict[str, Any]] | None:
    """The last five contacts that count (visits, calls: the norm's kinds), with the summary
    of their report or their outcome."""
    done = list(
        Activity.objects.filter(
            account=ctx.account,
            status=ActivityStatus.DONE,
            kind__in=CountingKind.objects.values("kind"),
        )
        .select_related("owner", "report")
        .prefetch_related("contacts")
        .order_by("-actual_start", "-pk")[:RECENT_CONTACTS]
    )
    if not done:
        return None
    rows = []
    for activity in done:
        report = getattr(activity, "report", None)
        text = report.discussed if report is not None else activity.outcome
        rows.append({"activity": activity, "report": report, "summary": summary(text)})
    return rows


def register_all() -> None:
    from koers.relations.brief import changes

    for section in (
        Section("visit", 0, _("The visit"), visit, "relations/brief/_visit.html", p.visit),
        Section(
            "key-data", 10, _("Key data"), key_data, "relations/brief/_key_data.html", p.key_data
        ),
        Section("chain", 15, _("Chain"), chain, "relations/brief/_chain.html", p.chain),
        Section(
            "contact-status",
            20,
            _("Contact status"),
            contact_status,
            "relations/brief/_contact_status.html",
            p.contact_status,
        ),
        Section("dmu", 30, _("Decision-making unit"), dmu, "relations/brief/_dmu.html", p.dmu),
        Section(
            "interests",
            35,
            _("Personal interests"),
            interests,
            "relations/brief/_interests.html",
            p.interests,
        ),
        Section(
            "commitments",
            40,
            _("Open commitments"),
            commitments,
            "relations/brief/_commitments.html",
            p.commitments,
        ),
        Section(
            "agreements",
            50,
            _("Agreements of the last report"),
            agreements,
            "relations/brief/_agreements.html",
            p.agreements,
        ),
        Section(
            "photos",
            55,
            _("Photos of the last visit"),
            photos,
            "relations/brief/_photos.html",
            p.photos,
        ),
        Section(
            "recent-contacts",
            60,
            _("Last contacts"),
            recent_contacts,
            "relations/brief/_recent_contacts.html",
            p.recent_contacts,
        ),
        Section(
            "changes",
            70,
            _("What changed since the last visit"),
            changes.changes,
            "relations/brief/_changes.html",
            p.changes,
        ),
    ):
        register(section)
