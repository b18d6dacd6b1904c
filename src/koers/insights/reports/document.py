"""The reports as A4 PDFs with our letterhead, through `report.typ` and `core/pdf.py`: the
accountability report (the same sections and charts as its page) and the account's yearly
report (`account_review.py`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.core.charts import Chart
from koers.core.company import company
from koers.core.models import User
from koers.core.pdf import as_text, render_pdf
from koers.insights.reports import content, sections
from koers.insights.reports.models import AccountabilityReport
from koers.insights.reports.sections import Cell, Section
from koers.insights.reports.svg import chart_svg, legend

TEMPLATE = Path(__file__).parent / "report.typ"


def table(section: Section) -> dict[str, Any]:
    numeric = [any(row[i].numeric for row in section.rows) for i in range(len(section.headers))]
    return {
        "title": section.title,
        "kind": "table",
        "header": section.headers,
        "numeric": numeric,
        "rows": [[c.text for c in row] for row in section.rows],
        "empty": _("Nothing in this period."),
    }


def chart(found: Chart) -> dict[str, Any]:
    return {"title": found.title, "kind": "chart", "svg": chart_svg(found), "legend": legend(found)}


def facts(title: str, rows: list[tuple[str, Cell]]) -> dict[str, Any]:
    return {"title": title, "kind": "facts", "rows": [[label, c.text] for label, c in rows]}


def document(
    *, title: str, user: User, parts: list[dict[str, Any]], mark: str = "", landscape: bool = False
) -> bytes:
    firm = company()
    data = {
        "lang": (get_language() or "nl")[:2],
        "company": {
            "name": firm.display_name,
            "lines": [*firm.address_lines(), *firm.contact_lines()],
        },
        "logo": list(logo) if (logo := firm.logo_bytes()) else None,
        "title": title,
        "mark": mark,
        "landscape": landscape,
        "footer": _("Made by Koers for %(user)s on %(date)s")
        % {"user": user, "date": as_text(timezone.now())},
        "sections": parts,
    }
    return render_pdf(TEMPLATE, data)


def report_pdf(report: AccountabilityReport, user: User) -> bytes:
    figures = content.content_of(report)
    parts = [facts(_("The report"), sections.summary(report, figures))]
    parts.extend(chart(c) for _id, c in sections.report_charts(figures))
    parts.extend(table(s) for s in sections.sections(figures))
    remarks = [
        f"{c.author or '—'}, {as_text(c.created_at)}: {c.text}" for c in report.comments.all()
    ]
    if remarks:
        parts.append({"title": _("The manager's comments"), "kind": "items", "items": remarks})
    return document(
        title=sections.report_title(report),
        user=user,
        parts=parts,
        mark=_("Internal: not for the customer"),
        landscape=True,
    )


def file_name(report: AccountabilityReport, suffix: str) -> str:
    subject = f"team-{report.team_id}" if report.team_id else f"user-{report.owner_id}"
    return f"report-{report.period_kind}-{report.period_start.isoformat()}-{subject}.{suffix}"


def account_review_pdf(review: Any, user: User) -> bytes:
    """The account's yearly report (`account_review.Review`); the customer's variant has no
    margin in its data, and no mark."""
    parts = [facts(_("The year"), review.facts)]
    if review.chart is not None:
        parts.append(chart(review.chart))
    parts.extend(table(s) for s in review.sections)
    if review.agreements.strip():
        paragraphs = [p.strip() for p in review.agreements.split("\n\n") if p.strip()]
        parts.append({"title": _("Agreements"), "kind": "text", "paragraphs": paragraphs})
    return document(
        title=_("Year report %(year)s: %(account)s")
        % {"year": review.year, "account": review.account.name},
        user=user,
        parts=parts,
        mark=_("Internal: not for the customer") if review.internal else "",
    )
