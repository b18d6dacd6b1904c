"""The general terms as versions: the administrator uploads a PDF with a label and a
valid-from date; the current version is the latest in force; a label is used once (also when two
uploads race); the file is checked by content; everyone signed in downloads every version (the
API: tests/api/test_general_terms.py)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from koers.core.errors import NotAllowed
from koers.core.models import GeneralTerms
from koers.core.terms.queries import current_general_terms
from koers.core.terms.services import MAX_TERMS_BYTES, general_terms_upload
from tests.core.administration import NON_ADMINS, signed_in_admin
from tests.core.terms_factories import TERMS_PDF, make_terms, terms_pdf

PAGE = "/settings/general-terms/"


@pytest.fixture
def admin(client, people):
    return signed_in_admin(client, people.admin)


def _upload(content: bytes = TERMS_PDF, name: str = "av.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_the_current_version_is_the_latest_in_force_on_the_day(people):
    assert current_general_terms(date(2026, 6, 1)) is None
    old = make_terms(people.admin, "2025", date(2025, 1, 1))
    new = make_terms(people.admin, "2026", date(2026, 7, 1))

    assert current_general_terms(date(2026, 6, 30)) == old
    assert current_general_terms(date(2026, 7, 1)) == new
    assert current_general_terms(date(2024, 12, 31)) is None


def test_of_two_versions_from_the_same_day_the_later_upload_counts(people):
    make_terms(people.admin, "2026-a", date(2026, 1, 1))
    fixed = make_terms(people.admin, "2026-b", date(2026, 1, 1))

    assert current_general_terms(date(2026, 3, 1)) == fixed


def test_the_file_is_stored_under_terms_with_its_hash(people):
    terms = make_terms(people.admin, "2026", date(2026, 1, 1))

    assert terms.file.startswith("terms/") and terms.file.endswith(".pdf")
    with default_storage.open(terms.file, "rb") as stored:
        assert stored.read() == TERMS_PDF
    assert terms.sha256 == hashlib.sha256(TERMS_PDF).hexdigest()
    assert (terms.size, terms.uploaded_by) == (len(TERMS_PDF), people.admin)


def test_a_label_used_before_is_a_field_error_and_nothing_is_kept(people):
    make_terms(people.admin, "2026", date(2026, 1, 1))
    files_before = default_storage.listdir("terms")[1]

    with pytest.raises(ValidationError) as refused:
        make_terms(people.admin, "2026", date(2026, 7, 1))

    assert refused.value.message_dict == {"label": ["There is already a version 2026."]}
    assert GeneralTerms.objects.count() == 1
    assert default_storage.listdir("terms")[1] == files_before


def test_labels_differing_only_in_case_are_the_same(people):
    make_terms(people.admin, "Versie A", date(2026, 1, 1))

    with pytest.raises(ValidationError) as refused:
        make_terms(people.admin, "versie a", date(2026, 2, 1))

    assert list(refused.value.message_dict) == ["label"]


def test_the_unique_index_decides_when_two_uploads_race(people):
    """The service looks nothing up before the insert: the database's unique index is what
    refuses, so a second upload committing between a check and an insert cannot slip through."""
    make_terms(people.admin, "2026", date(2026, 1, 1))

    with pytest.raises(IntegrityError):
        GeneralTerms.objects.create(
            label="2026", valid_from=date(2026, 2, 1), file="x", sha256="0" * 64, size=1
        )


@pytest.mark.parametrize(
    "content",
    [b"<html>not a pdf</html>", b"%PDF-1.7 cut off halfway", b"GIF89a" + TERMS_PDF],
    # Explicit ids: a PDF holds the moment it was made, so ids from its bytes could differ
    # between the two xdist workers and stop the run at collection.
    ids=["html", "cut-off-pdf", "gif-header"],
)
def test_a_file_that_is_not_a_pdf_is_refused_at_the_file(people, content):
    with pytest.raises(ValidationError) as refused:
        general_terms_upload(
            actor=people.admin, label="2026", valid_from=date(2026, 1, 1), content=content
        )

    assert refused.value.message_dict == {"file": ["The file must be a PDF."]}
    assert not GeneralTerms.objects.exists()


def test_a_file_over_ten_megabytes_is_refused_at_the_file(people):
    content = b"%PDF-1.7\n" + b"0" * MAX_TERMS_BYTES + b"\n%%EOF\n"

    with pytest.raises(ValidationError) as refused:
        general_terms_upload(
            actor=people.admin, label="2026", valid_from=date(2026, 1, 1), content=content
        )

    assert refused.value.message_dict == {"file": ["The file is larger than 10.0\xa0MB."]}
    assert not GeneralTerms.objects.exists()


@pytest.mark.parametrize("name", ["alice", "maria", "ingrid", "mark"])
def test_only_an_administrator_uploads(people, name):
    with pytest.raises(NotAllowed):
        general_terms_upload(
            actor=getattr(people, name),
            label="2026",
            valid_from=date(2026, 1, 1),
            content=TERMS_PDF,
        )
    assert not GeneralTerms.objects.exists()


def test_the_administrator_uploads_on_the_page_and_sees_the_current_one_marked(
    admin, people, query_baseline
):
    old = make_terms(people.admin, "2020", date(2020, 1, 1))

    response = admin.post(PAGE, {"label": "2026-01", "valid_from": "2026-01-01", "file": _upload()})

    assert response.status_code == 302
    new = GeneralTerms.objects.get(label="2026-01")
    with query_baseline("page"):
        page = admin.get(PAGE).content.decode()
    current_row = page[page.index('id="general-terms-current"') - 200 :]
    assert "2026-01" in current_row[:250]
    # The old version stays, downloadable.
    assert f"/general-terms/{old.pk}/file/" in page and f"/general-terms/{new.pk}/file/" in page


def test_a_duplicate_label_on_the_page_is_named_at_the_field(admin, people):
    make_terms(people.admin, "2026", date(2026, 1, 1))

    response = admin.post(PAGE, {"label": "2026", "valid_from": "2026-03-01", "file": _upload()})

    assert response.status_code == 422
    html = response.content.decode()
    field = html[html.index('id="field-label"') :]
    assert "There is already a version 2026." in field[: field.index("</div>")]
    assert GeneralTerms.objects.count() == 1


def test_a_missing_file_is_named_at_the_field(admin):
    response = admin.post(PAGE, {"label": "2026", "valid_from": "2026-03-01"})

    assert response.status_code == 422
    assert "file" in response.context["form"].errors
    assert not GeneralTerms.objects.exists()


def test_the_empty_page_says_quotes_go_out_without_terms(admin):
    assert 'id="general-terms-none"' in admin.get(PAGE).content.decode()


@pytest.mark.parametrize("name", NON_ADMINS)
def test_the_page_is_for_administrators_only(client_for, people, name):
    client = client_for(getattr(people, name))

    assert client.get(PAGE).status_code == 403
    response = client.post(PAGE, {"label": "2026", "valid_from": "2026-01-01", "file": _upload()})
    assert response.status_code == 403
    assert not GeneralTerms.objects.exists()


@pytest.mark.parametrize("name", ["alice", "ingrid", "mark", "admin"])
def test_everyone_signed_in_downloads_any_version(client, client_for, people, name):
    terms = make_terms(people.admin, "2019 (oud)", date(2019, 1, 1), text="Oude voorwaarden")
    reader = signed_in_admin(client, people.admin) if name == "admin" else None
    reader = reader or client_for(getattr(people, name))

    response = reader.get(f"/general-terms/{terms.pk}/file/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="general-terms-2019--oud.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == terms_pdf("Oude voorwaarden")


def test_a_visitor_is_sent_to_sign_in_for_the_file(client, people):
    terms = make_terms(people.admin, "2026", date(2026, 1, 1))

    assert client.get(f"/general-terms/{terms.pk}/file/").status_code == 302
