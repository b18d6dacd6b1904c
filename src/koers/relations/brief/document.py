"""The brief as an A4 PDF: the same sections as the page, printed through `brief.typ`."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from koers.core.pdf import as_text, render_pdf
from koers.relations.brief import BriefContext, ShownSection

TEMPLATE = Path(__file__).parent / "brief.typ"


def title_of(ctx: BriefContext) -> str:
    return _("Visit brief: %(account)s") % {"account": ctx.account.name}


def subtitle_of(ctx: BriefContext) -> str:
    account = ctx.account
    parts = [account.get_tier_display(), account.visit_city]
    if ctx.visit is not None:
        parts.insert(0, as_text(ctx.visit.planned_start))
    return " · ".join(p for p in map(str, parts) if p)


def brief_pdf(ctx: BriefContext, shown: list[ShownSection]) -> bytes:
    data = {
        "lang": (get_language() or "nl")[:2],
        "title": title_of(ctx),
        "subtitle": subtitle_of(ctx),
        "footer": _("Made by Koers for %(user)s on %(date)s")
        % {"user": ctx.user, "date": as_text(timezone.now())},
        "sections": [{"title": str(s.title), "blocks": s.section.printed(s.data)} for s in shown],
    }
    return render_pdf(TEMPLATE, data)
