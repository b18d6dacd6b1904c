"""The accountability reports' rows of the access matrix (tests/core/test_access_matrix.py).

Alice's reports: a draft of November 2026 and a submitted one of October. Alice (the owner)
writes and submits; maria (the manager of North) and the administrator read; only maria and
the administrator close, return and comment; everybody else gets a 404 for a report they may
not read. The team's reports are for managers and administrators. The year report of an
account is for who reads the account."""

from __future__ import annotations

from datetime import date
from typing import Any

from koers.insights.reports import services
from tests.access_matrix import Row, World, statuses

OTHERS = ("bob", "charlie", "ingrid", "mark")


def extend_world(objects: dict[str, Any]) -> None:
    alice = objects["alice"]
    objects["report"] = services.report_create(actor=alice, kind="month", day=date(2026, 11, 5))
    submitted = services.report_create(actor=alice, kind="month", day=date(2026, 10, 5))
    objects["submitted_report"] = services.report_submit(actor=alice, report=submitted)


def _report(w: World) -> dict[str, int]:
    return {"pk": w.report.pk}


def _submitted(w: World) -> dict[str, int]:
    return {"pk": w.submitted_report.pk}


def _api_report(w: World) -> dict[str, int]:
    return {"report_id": w.report.pk}


def _api_submitted(w: World) -> dict[str, int]:
    return {"report_id": w.submitted_report.pk}


def _alpha(w: World) -> dict[str, int]:
    return {"pk": w.alpha.pk}


def rows(*, signed_in: dict[str, int], read: dict[str, int]) -> list[Row]:
    hidden = dict.fromkeys(OTHERS, 404)
    # Reading alice's report: alice, her manager and the administrator.
    reads = statuses(signed_in, **hidden)
    # Writing it: alice only; the readers who are not its owner are refused.
    writes = statuses(reads, alice=302, maria=403, admin=403)
    # Deciding on it: maria and the administrator.
    decides = statuses(reads, alice=403, maria=302, admin=302)
    start = statuses(signed_in, alice=302, bob=302, charlie=302, ingrid=403, mark=403, admin=403)
    team = statuses(signed_in, **dict.fromkeys(("alice", "bob", "charlie", "ingrid", "mark"), 403))

    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    comment = lambda _w: {"comment": "Noted"}  # noqa: E731
    return [
        Row("insights:reports", signed_in),
        Row(
            "insights:reports",
            start,
            method="post",
            data=lambda w: {"period": "month", "date": "2026-11-05"},
            label="post insights:reports (start)",
        ),
        Row("insights:team_reports", team),
        Row("insights:team_reports", team, query="period=quarter&date=2026-10-01"),
        Row("insights:report_detail", reads, kwargs=_report),
        Row("insights:report_pdf", reads, kwargs=_submitted),
        Row("insights:report_xlsx", reads, kwargs=_report),
        Row("insights:report_update", writes, kwargs=_report, method="post", data=comment),
        Row(
            "insights:report_deviation",
            writes,
            kwargs=lambda w: {"pk": w.report.pk, "key": "target-1"},
            method="post",
            data=lambda _w: {"cause": "price"},
        ),
        Row(
            "insights:report_move",
            writes,
            kwargs=lambda w: {"pk": w.report.pk, "move": "submit"},
            method="post",
            label="post insights:report_move (submit)",
        ),
        Row(
            "insights:report_move",
            decides,
            kwargs=lambda w: {"pk": w.submitted_report.pk, "move": "close"},
            method="post",
            label="post insights:report_move (close)",
        ),
        Row(
            "insights:report_move",
            decides,
            kwargs=lambda w: {"pk": w.submitted_report.pk, "move": "return"},
            method="post",
            data=comment,
            label="post insights:report_move (return)",
        ),
        Row("insights:report_comment", decides, kwargs=_submitted, method="post", data=comment),
        Row("insights:account_review", read, kwargs=_alpha, query="year=2026"),
        Row("insights:account_review_pdf", read, kwargs=_alpha),
        Row("api:v1:list_accountability_reports", api(signed_in)),
        Row(
            "api:v1:create_accountability_report",
            api(start, alice=201, bob=201, charlie=201, maria=422),
            method="post",
            json=True,
            data=lambda _w: {"period": "quarter", "date": "2026-11-05"},
        ),
        Row("api:v1:get_accountability_report", api(reads), kwargs=_api_report),
        Row(
            "api:v1:update_accountability_report",
            api(writes, alice=200),
            kwargs=_api_report,
            method="patch",
            json=True,
            data=comment,
        ),
        Row(
            "api:v1:explain_report_deviation",
            api(writes, alice=422),
            kwargs=lambda w: {"report_id": w.report.pk, "key": "target-1"},
            method="put",
            json=True,
            data=lambda _w: {"cause": "price"},
        ),
        Row(
            "api:v1:submit_accountability_report",
            api(writes, alice=200),
            kwargs=_api_report,
            method="post",
            json=True,
        ),
        Row(
            "api:v1:comment_accountability_report",
            api(decides, maria=200, admin=200),
            kwargs=_api_submitted,
            method="post",
            json=True,
            data=lambda _w: {"text": "Noted"},
        ),
        Row(
            "api:v1:close_accountability_report",
            api(decides, maria=200, admin=200),
            kwargs=_api_submitted,
            method="post",
            json=True,
        ),
        Row(
            "api:v1:return_accountability_report",
            api(decides, maria=200, admin=200),
            kwargs=_api_submitted,
            method="post",
            json=True,
            data=comment,
        ),
        Row(
            "api:v1:get_account_year_report",
            api(read),
            kwargs=lambda w: {"account_id": w.alpha.pk},
        ),
    ]
