"""The statutory name and seat: the administrator sets them with the company settings, and
letters print them in the foot where they differ from the trade name and the city (as Dutch law
asks of business correspondence); where they are the same, nothing is repeated."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from koers.core.company import Company, company
from koers.core.models import CompanySettings
from koers.correspondence import services
from tests.core.administration import signed_in_admin
from tests.correspondence.factories import make_correspondence

PAGE = "/settings/company/"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize(
    ("statutory_name", "statutory_seat", "expected"),
    [
        ("Koers Holding B.V.", "Amersfoort", ["Koers Holding B.V., statutory seat Amersfoort"]),
        ("Koers Holding B.V.", "", ["Koers Holding B.V."]),
        # A name of its own takes its seat along, even the city of the address.
        ("Koers Holding B.V.", "Utrecht", ["Koers Holding B.V., statutory seat Utrecht"]),
        ("", "Amersfoort", ["Statutory seat Amersfoort"]),
        # The same as the trade name and the city: the letterhead says it already.
        ("koers groothandel", "utrecht", []),
        ("", "", []),
    ],
)
def test_the_statutory_line_shows_only_what_differs(statutory_name, statutory_seat, expected):
    firm = Company(
        name="Koers Groothandel",
        city="Utrecht",
        statutory_name=statutory_name,
        statutory_seat=statutory_seat,
    )

    assert firm.statutory_lines() == expected


def test_the_administrator_sets_them_on_the_company_page(client, people):
    admin = signed_in_admin(client, people.admin)
    form = admin.get(PAGE).content.decode()
    assert 'name="statutory_name"' in form and 'name="statutory_seat"' in form

    response = admin.post(
        PAGE,
        {
            "name": "Koers Groothandel",
            "country": "NL",
            "statutory_name": "Koers Holding B.V.",
            "statutory_seat": "Amersfoort",
        },
    )

    assert response.status_code == 302
    saved = company()
    assert (saved.statutory_name, saved.statutory_seat) == ("Koers Holding B.V.", "Amersfoort")


def test_a_letter_prints_the_statutory_name_and_seat_in_dutch(people):
    world = make_correspondence(people.alice, people.maria)

    CompanySettings.objects.filter(pk=1).update(
        statutory_name="Koers Holding B.V.", statutory_seat="Amersfoort"
    )

    letter = services.letter_write(
        actor=people.alice, account=world.account, contact=world.anna, template=world.welcome
    )

    with letter.pdf.open("rb") as handle:
        text = _text(handle.read())
    assert "Koers Holding B.V., statutair gevestigd te Amersfoort" in text
    assert "KvK 12345678" in text


def test_a_letter_repeats_nothing_when_they_are_the_same(people):
    world = make_correspondence(people.alice, people.maria)

    CompanySettings.objects.filter(pk=1).update(
        statutory_name="Koers Levensmiddelen BV", statutory_seat="Utrecht"
    )

    letter = services.letter_write(
        actor=people.alice, account=world.account, contact=world.anna, template=world.welcome
    )

    with letter.pdf.open("rb") as handle:
        text = _text(handle.read())
    assert "statutair" not in text
