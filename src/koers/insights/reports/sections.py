"""A report's content as sections of typed cells, in the reader's language: one shape that the
page, the PDF and the XLSX workbook each write their way (a figure on the page, text in the
PDF, a number in the workbook), so the three always hold the same figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from koers.core.charts import Chart
from koers.core.pdf import as_text
from koers.insights import charts, registry
from koers.insights.registry import COUNT, MONEY, PERCENT
from koers.insights.reports.content import report_period
from koers.insights.reports.models import AccountabilityReport
from koers.insights.templatetags.insights_tags import shown
from koers.planning.models.deviations import DeviationCause
from koers.planning.models.targets import Measure

TEXT, NUMBER = "text", "number"
# The sections of the indicators by their area; an area not named here goes to "other".
AREAS = {
    "orders": "results",
    "targets": "results",
    "pipeline": "pipeline",
    "quotes": "pipeline",
    "portfolio": "portfolio",
    "contacts": "relationship",
    "complaints": "relationship",
    "commitments": "relationship",
    "satisfaction": "relationship",
}


@dataclass(frozen=True)
class Cell:
    value: Any  # Decimal, int, str or None
    unit: str = TEXT

    @property
    def text(self) -> str:
        if self.unit == TEXT:
            return "" if self.value is None else str(self.value)
        if self.unit == NUMBER:
            return _number_text(self.value)
        return shown(self.value, self.unit)

    @property
    def numeric(self) -> bool:
        return self.unit != TEXT


@dataclass
class Section:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)


def _number_text(value: Decimal | int | None) -> str:
    """A number that is no money: whole when it is, else with one decimal."""
    if value is None:
        return "—"
    number = Decimal(value)
    if number == number.to_integral_value():
        return shown(number, COUNT)
    return number_format(number.quantize(Decimal("0.1")), decimal_pos=1, use_l10n=True)


def _number(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _section_titles() -> dict[str, str]:
    return {
        "targets": _("Results against targets"),
        "results": _("Results"),
        "pipeline": _("Pipeline"),
        "stages": _("Pipeline by stage"),
        "portfolio": _("Portfolio movement"),
        "relationship": _("Relationship"),
        "other": _("Other indicators"),
        "deviations": _("Deviations and their causes"),
    }


def _target_cells(row: dict[str, Any]) -> list[Cell]:
    unit = MONEY if row["money"] else NUMBER
    measure = dict(Measure.choices).get(row["measure"], row["measure"])
    return [
        Cell(row["label"]),
        Cell(str(measure)),
        Cell(_number(row["target"]), unit),
        Cell(_number(row["actual"]), unit),
        Cell(_number(row["deviation"]), unit),
        Cell(_number(row["percent"]), PERCENT),
    ]


def _indicator_row(row: dict[str, Any]) -> list[Cell]:
    indicator = registry.get(row["key"])
    name = str(indicator.name) if indicator is not None else row["key"]
    value, previous = _number(row["value"]), _number(row["previous"])
    change = value - previous if value is not None and previous is not None else None
    unit = row["unit"]
    return [Cell(name), Cell(value, unit), Cell(previous, unit), Cell(change, unit)]


def _commitment_rows(found: dict[str, int]) -> list[list[Cell]]:
    due, on_time = found["due"], found["on_time"]
    share = (Decimal(on_time) * 100 / due).quantize(Decimal("0.1")) if due else None
    rows = [
        (_("Commitments due in the period"), Cell(due, COUNT)),
        (_("Commitments done on time"), Cell(on_time, COUNT)),
        (_("Commitments done on time (%)"), Cell(share, PERCENT)),
        (_("Commitments open past their due date"), Cell(found["overdue"], COUNT)),
    ]
    return [[Cell(label), value, Cell(None), Cell(None)] for label, value in rows]


def sections(content: dict[str, Any]) -> list[Section]:
    titles = _section_titles()
    target_headers = [_("Target of"), _("Measure"), _("Target"), _("Actual"), _("Deviation")]
    target_headers.append(_("Deviation (%)"))
    indicator_headers = [_("Indicator"), _("This period"), _("Previous period"), _("Change")]
    out = [
        Section(
            "targets",
            titles["targets"],
            target_headers,
            [_target_cells(r) for r in content["results"]],
        )
    ]
    grouped: dict[str, list[list[Cell]]] = {}
    for row in content["indicators"]:
        grouped.setdefault(AREAS.get(row["area"], "other"), []).append(_indicator_row(row))
    grouped.setdefault("relationship", []).extend(_commitment_rows(content["commitments"]))
    for key in ("results", "pipeline", "portfolio", "relationship", "other"):
        if key in grouped:
            out.append(Section(key, titles[key], indicator_headers, grouped[key]))
        if key == "pipeline":
            out.append(_stage_section(content, titles["stages"]))
    causes = dict(DeviationCause.choices)
    out.append(
        Section(
            "deviations",
            titles["deviations"],
            [*target_headers, _("Cause"), _("Comment")],
            [
                [*_target_cells(d), Cell(str(causes.get(d["cause"], ""))), Cell(d["comment"])]
                for d in content["deviations"]
            ],
        )
    )
    return out


def _stage_section(content: dict[str, Any], title: str) -> Section:
    return Section(
        "stages",
        title,
        [_("Stage"), _("Deals"), _("Pipeline value"), _("Weighted pipeline")],
        [
            [
                Cell(s["label"]),
                Cell(s["count"], COUNT),
                Cell(Decimal(s["value"]), MONEY),
                Cell(Decimal(s["weighted"]), MONEY),
            ]
            for s in content["stages"]
        ],
    )


def report_charts(content: dict[str, Any]) -> list[tuple[str, Chart]]:
    """The report's charts, from its content (frozen with it): the revenue trend and the
    pipeline by stage, the same helpers as the dashboard's."""
    months = [(date.fromisoformat(m), Decimal(v)) for m, v in content["trend"]]
    stages = [(s["label"], Decimal(s["value"]), Decimal(s["weighted"])) for s in content["stages"]]
    return [
        ("chart-revenue", charts.trend_chart(months)),
        ("chart-pipeline", charts.stage_chart(stages)),
    ]


def subject_name(report: AccountabilityReport) -> str:
    return str(report.team) if report.team_id else report.owner.get_full_name() or str(report.owner)


def report_title(report: AccountabilityReport) -> str:
    period = report_period(report.period_kind, report.period_start)
    return _("Accountability report %(period)s: %(subject)s") % {
        "period": period.label,
        "subject": subject_name(report),
    }


def summary(report: AccountabilityReport, content: dict[str, Any]) -> list[tuple[str, Cell]]:
    """The facts at the head of the report."""
    period = report_period(report.period_kind, report.period_start)
    rows = [
        (_("Team") if report.team_id else _("Account manager"), Cell(subject_name(report))),
        (_("Period"), Cell(period.label)),
        (_("Status"), Cell(str(report.get_status_display()))),
        (_("Material deviation from"), Cell(Decimal(content["threshold"]), PERCENT)),
    ]
    if report.frozen and report.submitted_at is not None:
        rows.append((_("Figures as submitted on"), Cell(as_text(report.submitted_at))))
    else:
        rows.append((_("Figures"), Cell(_("live, frozen when the report is submitted"))))
    if report.comment:
        rows.append((_("The owner's comment"), Cell(report.comment)))
    return rows
