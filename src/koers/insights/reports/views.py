"""The accountability reports' pages: my reports (start one), the report (the figures, the causes
of the deviations, the moves), its PDF and XLSX, and the team's reports of a period with the
causes totalled. Thin: the figures come from `content.py`, the writes from `services.py`, the
reads from `queries.py` (the reader's scope)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from koers.core import access
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import Role, Team
from koers.insights.periods import Period, period_from
from koers.insights.reports import content, document, forms, queries, sections, services
from koers.insights.reports.models import AccountabilityReport, ReportPeriod, ReportStatus
from koers.insights.reports.sheets import workbook_bytes
from koers.planning.models.deviations import DeviationCause
from koers.transfer.exports import XLSX_CONTENT_TYPE

MOVES = {
    "submit": gettext_lazy("The report is submitted to your manager."),
    "close": gettext_lazy("The report is closed."),
    "return": gettext_lazy("The report is returned to its owner."),
}


def _report(request: AuthenticatedHttpRequest, pk: int) -> AccountabilityReport:
    found = queries.report_for(request.user, pk)
    if found is None:
        raise Http404
    return found


def _refused(request: AuthenticatedHttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _my_teams(request: AuthenticatedHttpRequest) -> list[tuple[int, str]]:
    if request.user.role != Role.MANAGER:
        return []
    return list(
        Team.objects.filter(manager=request.user).order_by("name").values_list("pk", "name")
    )


@login_required
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My reports (and those I read), and the form to start one."""
    user = request.user
    teams = _my_teams(request)
    form = forms.ReportStartForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        team = None
        if form.cleaned_data.get("team"):
            team = Team.objects.filter(pk=form.cleaned_data["team"], manager=user).first()
            if team is None:
                raise PermissionDenied
        try:
            report = services.report_create(
                actor=user,
                kind=form.cleaned_data["period"],
                day=form.cleaned_data["date"],
                team=team,
            )
        except ValidationError as exc:
            _refused(request, exc)
        else:
            return redirect("insights:report_detail", pk=report.pk)
    reports = list(queries.report_list(user).order_by("-period_start", "period_kind", "pk")[:100])
    context = {
        "form": form,
        "may_start": access.can_write_own_report(user),
        "reports": [
            (r, sections.subject_name(r), content.report_period(r.period_kind, r.period_start))
            for r in reports
        ],
        "reads_team": bool(teams) or queries.reads_every_report(user),
        "nav": "insights",
    }
    return render(request, "insights/reports/list.html", context)


@login_required
@require_GET
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    figures = content.content_of(report)
    user = request.user
    owner = user.pk == report.owner_id
    decides = queries.may_decide(user, report)
    causes = {d["key"]: d for d in figures["deviations"]}
    labels = dict(DeviationCause.choices)
    context = {
        "report": report,
        "title": sections.report_title(report),
        "summary": sections.summary(report, figures),
        "sections": sections.sections(figures),
        "charts": sections.report_charts(figures),
        "deviations": [
            (
                d,
                forms.DeviationForm(initial={"cause": d["cause"], "comment": d["comment"]}),
                labels.get(d["cause"], ""),
            )
            for d in causes.values()
        ],
        "writes": owner and report.editable,
        "submits": owner and report.editable,
        "decides": decides and report.status == ReportStatus.SUBMITTED,
        "comment_form": forms.CommentForm(initial={"comment": report.comment}),
        "remark_form": forms.CommentForm(),
        "comments": list(report.comments.select_related("author")),
        "nav": "insights",
    }
    return render(request, "insights/reports/detail.html", context)


@login_required
@require_POST
def report_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.report_update(
            actor=request.user, report=report, comment=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Your comment is saved."))
    return redirect("insights:report_detail", pk=report.pk)


@login_required
@require_POST
def report_deviation(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.deviation_explain(
            actor=request.user,
            report=report,
            key=key,
            cause=request.POST.get("cause", ""),
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The cause is saved."))
    return redirect(reverse("insights:report_detail", args=[report.pk]) + f"#deviation-{key}")


@login_required
@require_POST
def report_comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    try:
        services.report_comment(
            actor=request.user, report=report, text=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("Your comment is added."))
    return redirect("insights:report_detail", pk=report.pk)


@login_required
@require_POST
def report_move(request: AuthenticatedHttpRequest, pk: int, move: str) -> HttpResponse:
    """Submit (the owner), close or return (the manager, returning with a comment); a refused
    move says why and changes nothing."""
    if move not in MOVES:
        raise Http404
    report = _report(request, pk)
    actor, comment = request.user, request.POST.get("comment", "")
    try:
        if move == "submit":
            services.report_submit(actor=actor, report=report)
        elif move == "close":
            services.report_close(actor=actor, report=report, comment=comment)
        else:
            services.report_return(actor=actor, report=report, comment=comment)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(request, str(MOVES[move]))
    return redirect("insights:report_detail", pk=report.pk)


@login_required
@require_GET
def report_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    response = HttpResponse(
        document.report_pdf(report, request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{document.file_name(report, "pdf")}"'
    return response


@login_required
@require_GET
def report_xlsx(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    figures = content.content_of(report)
    data = workbook_bytes(
        sections.summary(report, figures), sections.sections(figures), _("Summary")
    )
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name(report, "xlsx")}"'
    return response


def _team_period(request: AuthenticatedHttpRequest) -> Period:
    period = period_from(request.GET, timezone.localdate())
    kind = period.kind if period.kind in ReportPeriod.values else ReportPeriod.MONTH
    return content.report_period(kind, period.start)


@login_required
@require_GET
def team_reports(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reports of a team's account managers for a period, with their state, and the causes
    of their deviations counted and summed."""
    user = request.user
    teams = list(queries.teams_reported_on(user))
    if not teams:
        raise PermissionDenied
    chosen = request.GET.get("team", "")
    team = next((t for t in teams if str(t.pk) == chosen), teams[0])
    period = _team_period(request)
    rows = queries.team_reports(team, period.kind, period.start)
    team_report = AccountabilityReport.objects.filter(
        team=team, period_kind=period.kind, period_start=period.start
    ).first()
    context: dict[str, Any] = {
        "teams": teams,
        "team": team,
        "period": period,
        "kinds": ReportPeriod.choices,
        "previous_query": period.previous().query(),
        "next_query": period.following().query(),
        "rows": rows,
        "team_report": team_report,
        "causes": queries.cause_totals([r.report for r in rows if r.report is not None]),
        "nav": "insights",
    }
    return render(request, "insights/reports/team.html", context)
