"""The Dutch interface says "je", never "u": our own strings and the Django ones we show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from koers.core.models import User
from tests.transfer.helpers import signed_in

PO = Path(__file__).resolve().parents[2] / "src/koers/locale/nl/LC_MESSAGES/django.po"
FORMAL = re.compile(r"(?<![\w-])(u|uw|U|Uw)(?![\w-])")


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_no_dutch_string_of_ours_says_u():
    formal = [
        line
        for line in PO.read_text(encoding="utf-8").splitlines()
        if line.startswith(("msgstr", '"')) and FORMAL.search(line)
    ]
    assert formal == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/settings/",
        "/settings/users/new/",
        "/settings/users/{alice}/password/",
        "/settings/two-factor/",
    ],
)
def test_the_settings_pages_say_je(client, people, url):
    User.objects.filter(pk=people.admin.pk).update(language="nl")
    people.admin.refresh_from_db()
    signed_in(client, people.admin)

    text = _visible_text(client.get(url.format(alice=people.alice.pk)).content.decode())

    assert FORMAL.findall(text) == []
    if "password" in url or url == "/settings/":
        assert "Je wachtwoord mag niet te veel op je andere persoonlijke gegevens lijken." in text


@pytest.mark.django_db
def test_a_wrong_old_password_is_told_with_je(client, people):
    User.objects.filter(pk=people.alice.pk).update(language="nl")
    client.force_login(people.alice)

    response = client.post(
        "/settings/",
        {
            "action": "password",
            "password-old_password": "wrong",
            "password-new_password1": "Koers-nieuw-2026",
            "password-new_password2": "Koers-nieuw-2026",
        },
    )

    assert "Je oude wachtwoord klopt niet. Vul het opnieuw in." in response.content.decode()
