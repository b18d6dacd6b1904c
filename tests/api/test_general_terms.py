"""GET /api/v1/general-terms (every version, the one in force today marked) and
GET /api/v1/general-terms/{id}/file (the PDF with its SHA-256): for everyone signed in."""

from __future__ import annotations

import hashlib
from datetime import date

from tests.core.terms_factories import TERMS_PDF, make_terms


def test_the_api_lists_the_versions_with_the_current_one_marked(api, people, query_baseline):
    old = make_terms(people.admin, "2020", date(2020, 1, 1))
    current = make_terms(people.admin, "2021", date(2021, 1, 1))
    coming = make_terms(people.admin, "2099", date(2099, 1, 1))
    client = api(people.alice)

    with query_baseline("list"):
        response = client.get("/general-terms")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["id"], r["label"], r["current"]) for r in rows] == [
        (coming.pk, "2099", False),
        (current.pk, "2021", True),
        (old.pk, "2020", False),
    ]
    assert rows[1]["valid_from"] == "2021-01-01"
    assert rows[1]["sha256"] == hashlib.sha256(TERMS_PDF).hexdigest()
    assert rows[1]["file_url"] == f"/api/v1/general-terms/{current.pk}/file"


def test_the_api_gives_the_file_with_its_hash(api, people):
    terms = make_terms(people.admin, "2026", date(2026, 1, 1))

    response = api(people.mark).get(f"/general-terms/{terms.pk}/file")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == TERMS_PDF
    assert response["X-Content-SHA256"] == terms.sha256
    assert api(people.mark).get(f"/general-terms/{terms.pk + 1}/file").status_code == 404
    assert api(None).get("/general-terms").status_code == 401
