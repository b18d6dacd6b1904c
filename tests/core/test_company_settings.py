"""Company settings: the administrator sets what letters and e-mails print about us."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from koers.core.company import company
from koers.core.models import CompanySettings
from tests.core.administration import NON_ADMINS, signed_in_admin

PAGE = "/settings/company/"

VALID = {
    "name": "Koers Levensmiddelen BV",
    "street": "Stationsplein 12",
    "postcode": "3511ed",
    "city": "Utrecht",
    "country": "nl",
    "kvk_number": "12345678",
    "vat_number": "NL004495445B01",
    "iban": "nl91 abna 0417 1643 00",
    "phone": "030 123 4567",
    "email": "info@koers.example.nl",
    "website": "https://koers.example.nl",
    "footer": "Op al onze leveringen zijn onze voorwaarden van toepassing.",
}


def _png(width: int = 40, height: int = 20) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(out, "PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def admin(client, people):
    return signed_in_admin(client, people.admin)


def test_an_administrator_saves_the_company_with_its_numbers_cleaned(admin):
    response = admin.post(PAGE, {**VALID, "logo_upload": _png()})

    assert response.status_code == 302
    saved = company()
    assert (saved.name, saved.postcode, saved.country) == (
        "Koers Levensmiddelen BV",
        "3511 ED",
        "NL",
    )
    assert saved.iban == "NL91ABNA0417164300"
    assert saved.phone == "+31301234567"
    assert saved.registration_lines() == [
        "KvK 12345678",
        "VAT NL004495445B01",
        "IBAN NL91 ABNA 0417 1643 00",
    ]
    assert saved.from_address == "Koers Levensmiddelen BV <info@koers.example.nl>"
    with Image.open(io.BytesIO(saved.logo_bytes() or b"")) as logo:
        assert (logo.format, logo.size) == ("PNG", (40, 20))


def test_a_file_that_is_not_an_image_is_refused_next_to_the_logo_field(admin):
    fake = SimpleUploadedFile("logo.png", b"<svg onload='alert(1)'/>", content_type="image/png")

    response = admin.post(PAGE, {**VALID, "logo_upload": fake})

    assert response.status_code == 200
    html = response.content.decode()
    field = html[html.index('id="field-logo_upload"') :]
    field = field[: field.index("</div>")]
    assert "The logo must be an image (PNG, JPEG, GIF or WebP)." in field
    assert not CompanySettings.objects.exists()


def test_a_wrong_iban_is_refused_with_a_message_at_the_field(admin):
    response = admin.post(PAGE, {**VALID, "iban": "NL91ABNA0417164301"})

    assert response.status_code == 200
    assert response.context["form"].errors == {"iban": ["This IBAN has a wrong check digit."]}
    assert not CompanySettings.objects.exists()


def test_a_new_logo_replaces_the_old_file(admin, django_capture_on_commit_callbacks):
    admin.post(PAGE, {**VALID, "logo_upload": _png()})
    first = company().logo

    with django_capture_on_commit_callbacks(execute=True):
        admin.post(PAGE, {**VALID, "logo_upload": _png(30, 30)})

    assert company().logo != first
    assert not default_storage.exists(first)
    assert admin.get("/settings/company/logo/").status_code == 200


def test_the_logo_can_be_removed(admin):
    admin.post(PAGE, {**VALID, "logo_upload": _png()})

    admin.post(PAGE, {**VALID, "remove_logo": "on"})

    assert company().logo == ""


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_others_may_not_change_the_company(client_for, people, persona):
    response = client_for(getattr(people, persona)).post(PAGE, VALID)

    assert response.status_code == 403
    assert not CompanySettings.objects.exists()


def test_before_anyone_set_it_the_sender_is_the_default_address(db, settings):
    settings.DEFAULT_FROM_EMAIL = "koers@example.nl"

    assert company().from_address == "koers@example.nl"
    assert company().display_name == "Koers"
