"""Account analyses' rows of the access matrix (tests/core/test_access_matrix.py) and the
objects they point at: two analyses of alice's account Alpha (`analysis`, `older_analysis`).
Read with the account, made and changed by who may change it (marketing reads only)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from tests.access_matrix import Row, World, statuses
from tests.planning.analysis_factories import make_analysis


def extend_world(objects: dict[str, Any]) -> None:
    alice, alpha = objects["alice"], objects["alpha"]
    objects["older_analysis"] = make_analysis(alice, alpha, analysed_on=date(2025, 11, 1))
    objects["analysis"] = make_analysis(alice, alpha)


def _form(w: World) -> dict[str, str]:
    return {
        "analysed_on": "2026-12-05",
        "hourly_cost": "75",
        "figures-year_0": "2025",
        "figures-revenue_0": "1000",
        "figures-year_1": "2026",
        "version": "1",
    }


def _body(w: World) -> dict[str, Any]:
    return {"account_id": w.alpha.pk, "analysed_on": "2026-12-05", "years": [{"year": 2025}]}


def _upload(w: World) -> dict[str, Any]:
    book = Workbook()
    book.active.append([None, 2025])
    book.active.append(["Omzet", 1000])
    out = io.BytesIO()
    book.save(out)
    return {
        "analysed_on": "2026-12-05",
        "file": SimpleUploadedFile("cijfers.xlsx", out.getvalue()),
    }


def rows(*, signed_in: dict[str, int], read: dict[str, int], write: dict[str, int]) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    def alpha(w: World) -> dict[str, int]:
        return {"pk": w.alpha.pk}

    saved = statuses(write, alice=302, maria=302, admin=302)
    return [
        Row("planning:account_analysis", read, kwargs=alpha, htmx=True),
        Row("planning:analysis_list", read, kwargs=alpha),
        Row("planning:analysis_new", write, kwargs=alpha),
        Row("planning:analysis_new", saved, kwargs=alpha, method="post", data=_form),
        Row("planning:analysis_import", write, kwargs=alpha),
        Row("planning:analysis_import", saved, kwargs=alpha, method="post", data=_upload),
        # Alpha heads a chain (its branch): the roll-up is read like Alpha.
        Row("planning:chain_rollup", read, kwargs=alpha),
        Row("planning:analysis_detail", read, kwargs=pk("analysis")),
        Row("planning:analysis_edit", write, kwargs=pk("analysis")),
        Row("planning:analysis_edit", saved, kwargs=pk("analysis"), method="post", data=_form),
        Row(
            "planning:analysis_compare",
            read,
            kwargs=alpha,
            query=lambda w: f"left={w.older_analysis.pk}&right={w.analysis.pk}",
        ),
        Row("api:v1:list_analyses", api(signed_in)),
        Row(
            "api:v1:create_analysis",
            api(write, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
            method="post",
            json=True,
            data=_body,
        ),
        Row("api:v1:get_analysis", api(read), kwargs=lambda w: {"analysis_id": w.analysis.pk}),
        Row(
            "api:v1:update_analysis",
            api(write),
            kwargs=lambda w: {"analysis_id": w.analysis.pk},
            method="patch",
            json=True,
            data=lambda w: {"version": 1, "advice": "Grow"},
        ),
    ]
