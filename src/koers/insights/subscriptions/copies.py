"""One recipient's copy of a subscribed page, built as that recipient: the same figures, in
the same scope, as the page would show them (a copy never holds what they may not read)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from koers.core.charts import Chart
from koers.core.models import User
from koers.insights import charts, figures
from koers.insights.periods import COMPARES, compare_from, period_from
from koers.insights.reports import content as report_content
from koers.insights.reports import queries as report_queries
from koers.insights.reports.models import ReportPeriod
from koers.insights.reports.svg import chart_svg
from koers.insights.subscriptions.models import SubscribedView, Subscription


def _int(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 10 else None


def _svg(chart: Chart) -> str:
    """The chart as SVG markup for the mail; `chart_svg` escapes every text it writes (the
    labels), the rest are numbers and fixed colours, so the markup goes in as it is."""
    return "" if chart.empty else mark_safe(chart_svg(chart))  # noqa: S308


def context_for(subscription: Subscription, recipient: User, anchor: date) -> dict[str, Any] | None:
    """What `recipient`'s copy shows, for the period that holds `anchor`; None when they may
    not read the page."""
    data = QueryDict(subscription.query)
    period = period_from(data, anchor)
    page_url = settings.SITE_URL.rstrip("/") + reverse(f"insights:{subscription.view}")
    context: dict[str, Any] = {
        "subscription": subscription,
        "recipient": recipient,
        "period": period,
        "page_url": f"{page_url}?{period.query()}",
        "manage_url": settings.SITE_URL.rstrip("/") + reverse("insights:subscriptions"),
    }
    if subscription.view == SubscribedView.TEAM_REPORTS:
        return _team_reports(context, recipient, data)
    if subscription.view == SubscribedView.TEAM:
        if not figures.reads_team(recipient):
            return None
        context["matrix"] = figures.team_matrix(
            recipient,
            period,
            team=_int(data.get("team")),
            sort=str(data.get("sort") or ""),
            descending=data.get("dir") != "asc",
        )
        return context
    compare = compare_from(data)
    owners = figures.subject_owners(recipient)
    context |= {
        "figures": figures.my_figures(recipient, period, against=compare),
        "against": period.compared(compare),
        "compare_label": COMPARES[compare],
        # The page's charts, drawn with their colours on the shapes (a mail has no
        # stylesheet), each with its figures as a table.
        "charts": [
            {"chart": chart, "svg": _svg(chart)}
            for _id, chart in charts.dashboard_charts(recipient, period, owners)
        ],
    }
    return context


def _team_reports(
    context: dict[str, Any], recipient: User, data: QueryDict
) -> dict[str, Any] | None:
    """The states of the team's reports of the period and the causes of their deviations, as
    on the team's reports page; for a month, quarter or year only."""
    teams = list(report_queries.teams_reported_on(recipient))
    if not teams:
        return None
    team = next((t for t in teams if str(t.pk) == data.get("team")), teams[0])
    shown = context["period"]
    kind = shown.kind if shown.kind in ReportPeriod.values else ReportPeriod.MONTH
    period = report_content.report_period(kind, shown.start)
    rows = report_queries.team_reports(team, period.kind, period.start)
    reports = [r.report for r in rows if r.report is not None]
    page_url = settings.SITE_URL.rstrip("/") + reverse("insights:team_reports")
    return context | {
        "period": period,
        "page_url": f"{page_url}?team={team.pk}&{period.query()}",
        "team": team,
        "rows": rows,
        "causes": report_queries.cause_totals(reports),
    }


def send(subscription: Subscription, recipient: User, anchor: date) -> bool:
    """Mails `recipient` their copy; False when there is nothing they may receive."""
    if not recipient.email:
        return False
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        context = context_for(subscription, recipient, anchor)
        if context is None:
            return False
        subject = _("Koers: %(page)s, %(period)s") % {
            "page": subscription.get_view_display(),
            "period": context["period"].label,
        }
        text = render_to_string("insights/subscriptions/copy.txt", context)
        html = render_to_string("insights/subscriptions/copy.html", context)
    message = EmailMultiAlternatives(subject, text, None, [recipient.email])
    message.attach_alternative(html, "text/html")
    message.send()
    return True
