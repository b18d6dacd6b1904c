"""The accountability report: its draft figures from the indicators (on the hand-made data of
`world.py`, answers written out), the workflow's rules (who may make which move, in which
state), the snapshot that does not change after submission, the team's causes, and the page,
XLSX and PDF holding the same figures."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook
from pypdf import PdfReader

from koers.core.models import Role
from koers.insights.reports import content, services
from koers.insights.reports.models import (
    AccountabilityReport,
    ReportComment,
    ReportDeviation,
    ReportSettings,
    ReportStatus,
)
from koers.planning.models.targets import Target
from tests.factories import make_user
from tests.planning.target_factories import delivered

NOV = date(2026, 11, 1)


def _draft(user, **kwargs) -> AccountabilityReport:
    return services.report_create(actor=user, kind="month", day=date(2026, 11, 20), **kwargs)


def _key(person) -> str:
    return f"target-{Target.objects.get(user=person).pk}"


def _submitted(world) -> AccountabilityReport:
    alice = world.people.alice
    report = _draft(alice)
    services.deviation_explain(
        actor=alice, report=report, key=_key(alice), cause="market", comment="A slow month"
    )
    return services.report_submit(actor=alice, report=report)


# ----------------------------------------------------------------------------- the figures


def test_the_draft_holds_alices_figures_of_november(world):
    report = _draft(world.people.alice)
    assert (report.period_kind, report.period_start, report.status) == ("month", NOV, "draft")
    figures = content.content_of(report)
    assert figures["results"] == [
        {
            "key": _key(world.people.alice),
            "label": str(world.people.alice),
            "level": "user",
            "measure": "revenue",
            "money": True,
            "target": "2000.00",
            "actual": "1500.00",
            "deviation": "-500.00",
            "percent": "-25.00",
        }
    ]
    found = {i["key"]: i for i in figures["indicators"]}
    assert (found["revenue"]["value"], found["revenue"]["previous"]) == ("1500.00", "300.00")
    assert found["margin"]["value"] == "700.00"
    assert found["target_realisation"]["value"] == "75.00"
    assert found["quote_hit_rate"]["value"] == "33.30"
    assert found["complaints_open"]["value"] == "2.00"
    stages = {s["stage"]: (Decimal(s["value"]), Decimal(s["weighted"])) for s in figures["stages"]}
    assert stages["proposal"] == (Decimal(10000), Decimal(5000))
    assert stages["negotiation"] == (Decimal(2000), Decimal(1600))
    assert figures["trend"][-1] == ["2026-11-01", "1500.00"]
    assert figures["trend"][-2] == ["2026-10-01", "300.00"]
    # -25 % is beyond the threshold of 10 %: a material deviation, its cause still to give.
    assert [(d["key"], d["cause"]) for d in figures["deviations"]] == [
        (_key(world.people.alice), "")
    ]


def test_a_deviation_within_the_threshold_is_not_material(world):
    ReportSettings.objects.create(pk=1, threshold=30)
    assert content.content_of(_draft(world.people.alice))["deviations"] == []


def test_the_teams_report_counts_its_account_managers(world):
    north = world.people.maria.managed_teams.get()
    report = _draft(world.people.maria, team=north)
    figures = content.content_of(report)
    found = {i["key"]: i["value"] for i in figures["indicators"]}
    assert found["revenue"] == "3500.00"  # alice 1,500 and bob 2,000
    assert sorted(r["target"] for r in figures["results"]) == ["2000.00", "4000.00"]
    assert len(figures["deviations"]) == 2  # alice -25 %, bob -50 %


def test_starting_a_report_twice_opens_the_same_one(world):
    assert _draft(world.people.alice).pk == _draft(world.people.alice).pk
    assert AccountabilityReport.objects.count() == 1


def test_only_a_teams_manager_starts_the_teams_report(world):
    north = world.people.maria.managed_teams.get()
    with pytest.raises(PermissionDenied):
        _draft(world.people.alice, team=north)
    with pytest.raises(PermissionDenied):
        _draft(world.people.ingrid)  # inside sales keeps no report
    assert not AccountabilityReport.objects.exists()


# ---------------------------------------------------------------------------- the workflow


def test_a_report_is_not_submitted_without_a_cause_for_each_deviation(world):
    report = _draft(world.people.alice)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(actor=world.people.alice, report=report)
    assert "status" in refused.value.message_dict
    report.refresh_from_db()
    assert (report.status, report.snapshot) == ("draft", None)


def test_only_the_owner_writes_and_submits(world):
    alice, bob, maria = world.people.alice, world.people.bob, world.people.maria
    report = _draft(alice)
    for other in (bob, maria):
        with pytest.raises(PermissionDenied):
            services.deviation_explain(actor=other, report=report, key=_key(alice), cause="price")
        with pytest.raises(PermissionDenied):
            services.report_submit(actor=other, report=report)
    assert not ReportDeviation.objects.exists()
    assert AccountabilityReport.objects.get().status == "draft"


def test_a_cause_is_one_of_the_causes_and_for_a_material_deviation(world):
    alice = world.people.alice
    report = _draft(alice)
    with pytest.raises(ValidationError) as bad:
        services.deviation_explain(actor=alice, report=report, key=_key(alice), cause="weather")
    assert "cause" in bad.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        services.deviation_explain(
            actor=alice, report=report, key=_key(world.people.bob), cause="price"
        )
    assert "key" in unknown.value.message_dict
    assert not ReportDeviation.objects.exists()


def test_the_manager_comments_and_closes_a_submitted_report(world):
    report = _submitted(world)
    maria = world.people.maria
    services.report_comment(actor=maria, report=report, text="Thanks, see me on Monday")
    services.report_close(actor=maria, report=report, comment="Agreed")
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert report.closed_by == maria
    assert list(ReportComment.objects.values_list("kind", "text")) == [
        ("comment", "Thanks, see me on Monday"),
        ("close", "Agreed"),
    ]


def test_nobody_but_the_teams_manager_decides(world):
    report = _submitted(world)
    for person in (world.people.alice, world.people.bob, world.people.charlie):
        with pytest.raises(PermissionDenied):
            services.report_close(actor=person, report=report)
        with pytest.raises(PermissionDenied):
            services.report_comment(actor=person, report=report, text="Hm")
    assert AccountabilityReport.objects.get().status == "submitted"
    assert not ReportComment.objects.exists()


def test_a_draft_cannot_be_closed_nor_a_closed_one_reopened(world):
    maria, alice = world.people.maria, world.people.alice
    draft = _draft(alice)
    with pytest.raises(ValidationError):
        services.report_close(actor=maria, report=draft)
    report = _submitted(world)
    services.report_close(actor=maria, report=report)
    with pytest.raises(ValidationError):
        services.report_return(actor=maria, report=report, comment="Redo")
    with pytest.raises(ValidationError):
        services.report_submit(actor=alice, report=report)
    with pytest.raises(ValidationError):
        services.report_update(actor=alice, report=report, comment="Later")
    assert AccountabilityReport.objects.get().status == "closed"


def test_a_returned_report_is_written_on_and_submitted_again(world):
    maria, alice = world.people.maria, world.people.alice
    report = _submitted(world)
    with pytest.raises(ValidationError) as no_reason:
        services.report_return(actor=maria, report=report, comment=" ")
    assert "comment" in no_reason.value.message_dict
    services.report_return(actor=maria, report=report, comment="Say more about the market")
    services.report_update(actor=alice, report=report, comment="Two customers postponed")
    report.refresh_from_db()
    assert (report.status, report.comment) == ("draft", "Two customers postponed")
    services.report_submit(actor=alice, report=report)
    assert AccountabilityReport.objects.get().status == "submitted"


# ---------------------------------------------------------------------------- the snapshot


def test_the_figures_are_frozen_at_submission_and_stay_after_closing(world):
    report = _submitted(world)
    services.report_close(actor=world.people.maria, report=report)
    delivered(world.people.alice, world.alpha, date(2026, 11, 18), [(None, "1000.00", "0", "1")])
    report.refresh_from_db()
    frozen = content.content_of(report)
    assert frozen["results"][0]["actual"] == "1500.00"
    assert {i["key"]: i["value"] for i in frozen["indicators"]}["revenue"] == "1500.00"
    assert frozen["deviations"][0]["cause"] == "market"
    # The data did change: the live figures see the new order.
    assert content.live_content(report)["results"][0]["actual"] == "2500.00"


def test_a_submitted_deviation_keeps_its_amount_for_the_teams_causes(world):
    report = _submitted(world)
    row = ReportDeviation.objects.get(report=report)
    assert (row.cause, row.deviation, row.money) == ("market", Decimal("-500.00"), True)


# ----------------------------------------------------------------------------- the pages


def test_alice_opens_her_draft_and_gives_a_cause(world, client_for):
    alice = world.people.alice
    client = client_for(alice)
    response = client.post("/insights/reports/", {"period": "month", "date": "2026-11-20"})
    report = AccountabilityReport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/insights/reports/{report.pk}/"
    html = client.get(f"/insights/reports/{report.pk}/").content.decode()
    assert "€1,500" in html and "€2,000" in html and "-25.0 %" in html
    assert 'id="submit-report"' in html and 'id="close-report"' not in html
    key = _key(alice)
    client.post(f"/insights/reports/{report.pk}/deviations/{key}/", {"cause": "price"})
    client.post(f"/insights/reports/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == "submitted"
    assert report.snapshot["deviations"][0]["cause"] == "price"


def test_a_refused_move_says_why_and_changes_nothing(world, client_for):
    report = _draft(world.people.alice)
    client = client_for(world.people.alice)
    page = client.post(f"/insights/reports/{report.pk}/submit/", follow=True)
    assert "Give a cause for every material deviation" in page.content.decode()
    assert AccountabilityReport.objects.get().status == "draft"


def test_others_cannot_open_alices_report(world, client_for):
    report = _draft(world.people.alice)
    for person in (world.people.bob, world.people.charlie, world.people.ingrid):
        assert client_for(person).get(f"/insights/reports/{report.pk}/").status_code == 404
    assert client_for(world.people.maria).get(f"/insights/reports/{report.pk}/").status_code == 200


def test_the_xlsx_holds_the_same_figures_as_numbers(world, client_for):
    report = _submitted(world)
    response = client_for(world.people.maria).get(f"/insights/reports/{report.pk}/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:3] == ["Summary", "Results against targets", "Results"]
    targets = list(book["Results against targets"].iter_rows(values_only=True))
    assert targets[0] == ("Target of", "Measure", "Target", "Actual", "Deviation", "Deviation (%)")
    assert targets[1][2:] == (2000, 1500, -500, -25)
    results = {r[0]: r[1:] for r in book["Results"].iter_rows(min_row=2, values_only=True)}
    assert results["Revenue"] == (1500, 300, 1200)
    assert results["Margin"][0] == 700
    deviations = list(book["Deviations and their causes"].iter_rows(values_only=True))
    assert deviations[1][-2:] == ("Market", "A slow month")
    html = client_for(world.people.maria).get(f"/insights/reports/{report.pk}/").content.decode()
    assert "€1,500" in html and "€700" in html


def test_the_pdf_holds_the_figures_and_the_charts(world, client_for):
    report = _submitted(world)
    response = client_for(world.people.alice).get(f"/insights/reports/{report.pk}/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("Accountability report November 2026", "€2,000", "€1,500", "-25.0 %"):
        assert expected in text
    assert "Revenue per month" in text and "Pipeline by stage" in text
    assert "A slow month" in text


def test_the_teams_reports_and_their_causes(world, client_for):
    _submitted(world)
    bob = world.people.bob
    bobs = _draft(bob)
    services.deviation_explain(actor=bob, report=bobs, key=_key(bob), cause="market")
    services.report_submit(actor=bob, report=bobs)
    page = client_for(world.people.maria).get(
        "/insights/reports/team/?period=month&date=2026-11-01"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("status-submitted") == 2
    market = html[html.index('data-cause="market"') :]
    market = market[: market.index("</tr>")]
    assert ">2<" in market and "€-2,500" in market
    assert client_for(world.people.alice).get("/insights/reports/team/").status_code == 403


def test_the_sales_director_decides_on_a_teams_report(world):
    north = world.people.maria.managed_teams.get()
    director = make_user("diana", role=Role.SALES_DIRECTOR)
    report = _draft(world.people.maria, team=north)
    maria = world.people.maria
    for key in content.deviation_keys(report):
        services.deviation_explain(actor=maria, report=report, key=key, cause="capacity")
    services.report_submit(actor=maria, report=report)
    with pytest.raises(PermissionDenied):
        services.report_close(actor=maria, report=report)
    services.report_close(actor=director, report=report)
    assert AccountabilityReport.objects.get().status == "closed"


def test_the_report_pages_make_a_fixed_number_of_queries(world, client_for, query_baseline):
    report = _submitted(world)
    _draft(world.people.bob)
    alice = client_for(world.people.alice)
    alice.get("/insights/reports/")  # the session and the stage settings' caches
    with query_baseline("list"):
        alice.get("/insights/reports/")
    maria = client_for(world.people.maria)
    maria.get("/insights/reports/")
    with query_baseline("submitted"):
        maria.get(f"/insights/reports/{report.pk}/")
    with query_baseline("team"):
        maria.get("/insights/reports/team/?period=month&date=2026-11-01")
    with query_baseline("api_list"):
        maria.get("/api/v1/insights/reports")


def test_the_report_speaks_dutch_to_a_dutch_user(world, client_for):
    alice = world.people.alice
    alice.language = "nl"
    alice.save(update_fields=["language"])
    report = _draft(alice)
    html = client_for(alice).get(f"/insights/reports/{report.pk}/").content.decode()
    assert "Resultaten tegenover doelstellingen" in html
    assert "Wezenlijke afwijkingen" in html
    assert "€ 1.500" in html and "-25,0 %" in html
