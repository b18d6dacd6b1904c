"""The person's rights cover correspondence (decision 62): the export lists the e-mails sent to
them and the letters written to them; the erasure leaves their name and address nowhere in the
copies, the letters, the activities recording them or their history, and deletes the letter's
PDF, while the records stay."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from koers.accounts import services as account_services
from koers.correspondence import services
from koers.correspondence.models import Letter, SentMail, SentMailRecipient
from tests.accounts.test_privacy import EMAIL, NAME, _leftovers, anna  # noqa: F401  (fixture)
from tests.correspondence.factories import make_company, make_template


@pytest.fixture
def written(people, anna, django_capture_on_commit_callbacks):  # noqa: F811
    make_company()
    account = anna.positions.get().account
    template = make_template(people.maria)
    with django_capture_on_commit_callbacks(execute=True):
        mail = services.mail_send(
            actor=people.alice, account=account, contacts=[anna], template=template
        )
    letter = services.letter_write(
        actor=people.alice, account=account, contact=anna, template=template
    )
    return mail, letter


def test_the_export_lists_the_mails_and_letters_to_the_person(people, anna, written):  # noqa: F811
    mail, letter = written

    data = account_services.contact_personal_data(user=people.maria, contact=anna)

    rows = data["correspondence"]
    assert [(r["record"], r["id"]) for r in rows] == [("sent_mail", mail.pk), ("letter", letter.pk)]
    assert rows[0]["email"] == EMAIL and rows[0]["sent"] is True
    assert rows[0]["text"].split("\n")[0].endswith(" Annabel,")  # the salutation
    assert rows[1]["what"] == "Letter: Welkom bij Koers Levensmiddelen BV"
    assert f"T.a.v. Annabel {NAME}" in rows[1]["address"]  # the letter is in her language


def test_the_readable_export_has_a_section_for_them(people, client, anna, written):  # noqa: F811
    from tests.core.administration import signed_in_admin

    page = signed_in_admin(client, people.admin).get(
        reverse("accounts:contact_personal_data_page", kwargs={"pk": anna.pk})
    )

    html = page.content.decode()
    assert 'id="personal-correspondence"' in html
    assert "Welkom bij Koers Levensmiddelen BV" in html


def test_after_erasure_no_mail_or_letter_names_the_person(
    people,
    anna,  # noqa: F811
    written,
    client_for,
    django_capture_on_commit_callbacks,
):
    mail, letter = written
    pdf = letter.pdf.name
    assert default_storage.exists(pdf)
    assert any("correspondence" in hit for hit in _leftovers(NAME, "Annabel", EMAIL))

    with django_capture_on_commit_callbacks(execute=True):
        account_services.contact_erase(actor=people.admin, contact=anna, reason="Request")

    assert _leftovers(NAME, "Annabel", EMAIL) == []
    copy = SentMailRecipient.objects.get(mail=mail)
    assert (copy.name, copy.email) == ("Verwijderd", f"verwijderd-{copy.pk}@example.invalid")
    assert copy.body.split("\n")[0].endswith(" Verwijderd,")
    assert SentMail.objects.filter(pk=mail.pk).exists()
    assert Letter.objects.get(pk=letter.pk).body.split("\n")[0].endswith(" Verwijderd,")
    assert not default_storage.exists(pdf)
    response = client_for(people.alice).get(reverse("correspondence:letter_pdf", args=[letter.pk]))
    assert response.status_code == 404
