"""Letters: a PDF on our letterhead to the contact at the account's postal address, in the
contact's language, recorded on the timeline and downloadable again."""

from __future__ import annotations

import hashlib
import io

import pytest
from pypdf import PdfReader

from koers.correspondence import services
from koers.correspondence.letters import postal_address
from koers.correspondence.models import Letter
from koers.relations.models import Activity
from tests.correspondence.factories import make_correspondence
from tests.factories import make_account


@pytest.fixture
def world(people):
    return make_correspondence(people.alice, people.maria)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_letter_carries_the_letterhead_the_address_and_the_filled_text(people, world):
    letter = services.letter_write(
        actor=people.alice, account=world.account, contact=world.anna, template=world.welcome
    )

    with letter.pdf.open("rb") as handle:
        pdf = handle.read()
    text = _text(pdf)
    for line in (
        "Koers Levensmiddelen BV",
        "Bakkerij Alpha",
        "T.a.v. Anna de Vries",
        "Postbus 45",
        "3500 AA  UTRECHT",
        "Welkom bij Koers Levensmiddelen BV",
        "Beste Anna,",
        "Met vriendelijke groet,",
        "KvK 12345678",
        "IBAN NL91 ABNA 0417 1643 00",
    ):
        assert line in text, line
    assert letter.address == [
        "Bakkerij Alpha",
        "T.a.v. Anna de Vries",
        "Postbus 45",
        "3500 AA  UTRECHT",
    ]
    assert letter.sha256 == hashlib.sha256(pdf).hexdigest()


def test_an_english_contact_gets_the_english_letter(people, world):
    letter = services.letter_write(
        actor=people.alice, account=world.account, contact=world.john, template=world.welcome
    )

    text = _text(letter.pdf.open("rb").read())
    assert "Attn. John Smith" in text and "Dear John," in text and "Kind regards," in text
    assert letter.language == "en"


def test_the_letter_is_on_the_timeline_and_downloads_again(people, world, client_for):
    letter = services.letter_write(
        actor=people.alice,
        account=world.account,
        contact=world.anna,
        subject="Uw bestelling",
        body="{salutation},\n\nHierbij de prijzen.",
    )

    (activity,) = Activity.objects.filter(kind="letter")
    assert activity.pk == letter.activity_id and activity.subject == "Uw bestelling"
    assert activity.outcome.startswith("Bakkerij Alpha\nT.a.v. Anna de Vries\n")
    response = client_for(people.alice).get(f"/letters/{letter.pk}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for(people.bob).get(f"/letters/{letter.pk}/pdf/").status_code == 404


def test_a_foreign_address_ends_with_the_country_and_without_capitals(people):
    account = make_account(
        people.alice,
        "Boulangerie",
        visit_street="Rue 1",
        visit_postcode="1000",
        visit_city="Bruxelles",
        visit_country="BE",
    )

    assert postal_address(account, None, "nl") == [
        "Boulangerie",
        "Rue 1",
        "1000 Bruxelles",
        "BELGIË",
    ]


def test_the_letter_form_makes_the_letter(people, world, client_for):
    page = f"/accounts/{world.account.pk}/letter/"
    response = client_for(people.alice).post(
        page, {"contact": world.john.pk, "template": world.welcome.pk}
    )

    assert response.status_code == 302
    assert Letter.objects.get().subject == "Welcome to Koers Levensmiddelen BV"
    assert client_for(people.mark).post(page, {"contact": world.john.pk}).status_code == 403
    assert Letter.objects.count() == 1
