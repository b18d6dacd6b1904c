"""The pages of correspondence: templates (managers, administrators), writing from an account
or contact page, the sent mails of an account and its panel."""

from __future__ import annotations

import pytest
from django.core import mail

from koers.correspondence.models import MailTemplate, SentMail
from tests.core.administration import signed_in_admin
from tests.correspondence.factories import make_correspondence


@pytest.fixture
def world(people):
    return make_correspondence(people.alice, people.maria)


def test_a_manager_adds_a_template_and_an_unknown_placeholder_is_named(people, client_for):
    client = client_for(people.maria)
    data = {"name": "Offer", "subject_nl": "Offerte", "body_nl": "{saluation}", "active": "on"}

    refused = client.post("/settings/mail-templates/new/", data)

    assert refused.context["form"].errors == {
        "body_nl": ["Unknown placeholder: {saluation}. See the list below."]
    }
    assert (
        client.post(
            "/settings/mail-templates/new/", {**data, "body_nl": "{salutation}"}
        ).status_code
        == 302
    )
    assert MailTemplate.objects.get().body_nl == "{salutation}"


@pytest.mark.parametrize("persona", ["alice", "ingrid", "mark"])
def test_others_may_not_manage_templates(people, client_for, persona):
    response = client_for(getattr(people, persona)).post(
        "/settings/mail-templates/new/", {"name": "X", "subject_nl": "X", "body_nl": "X"}
    )

    assert response.status_code == 403
    assert not MailTemplate.objects.exists()


def test_an_administrator_finds_templates_among_the_administration_tabs(client, people):
    page = signed_in_admin(client, people.admin).get("/settings/mail-templates/")

    assert 'href="/settings/company/"' in page.content.decode()


def test_writing_from_the_account_page_sends_and_the_panel_shows_it(
    people, world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(people.alice)
    detail = client.get(f"/accounts/{world.account.pk}/").content.decode()
    assert f'href="/accounts/{world.account.pk}/mail/"' in detail

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/accounts/{world.account.pk}/mail/",
            {"contacts": [world.anna.pk], "template": world.welcome.pk, "action": "send"},
        )

    assert response.status_code == 302
    assert len(mail.outbox) == 1
    panel = client.get(f"/accounts/{world.account.pk}/correspondence/").content.decode()
    assert "Welkom bij Koers Levensmiddelen BV" in panel and "Sent" in panel
    listing = client.get(f"/accounts/{world.account.pk}/mails/").content.decode()
    assert "Welkom bij Koers Levensmiddelen BV" in listing


def test_the_preview_shows_each_copy_and_sends_nothing(people, world, client_for):
    response = client_for(people.alice).post(
        f"/accounts/{world.account.pk}/mail/",
        {
            "contacts": [world.anna.pk, world.john.pk],
            "template": world.welcome.pk,
            "action": "preview",
        },
    )

    page = response.content.decode()
    assert "Beste Anna," in page and "Dear John," in page
    assert mail.outbox == [] and not SentMail.objects.exists()


def test_the_contact_page_leads_to_the_form_of_their_account(people, world, client_for):
    client = client_for(people.alice)
    assert (
        f'href="/contacts/{world.john.pk}/mail/"'
        in client.get(f"/contacts/{world.john.pk}/").content.decode()
    )

    response = client.get(f"/contacts/{world.john.pk}/mail/")

    assert response.url == f"/accounts/{world.account.pk}/mail/?contact={world.john.pk}"
    form = client.get(response.url).context["form"]
    assert form.initial == {"contacts": [str(world.john.pk)]}


def test_a_blank_mail_without_text_is_refused_at_the_field(people, world, client_for):
    response = client_for(people.alice).post(
        f"/accounts/{world.account.pk}/mail/",
        {"contacts": [world.anna.pk], "subject": "Hi", "action": "send"},
    )

    assert response.context["form"].errors == {"body": ["A mail needs a text."]}
    assert not SentMail.objects.exists()


@pytest.mark.parametrize("rows", [2, 12])
def test_the_sent_mails_page_and_the_panel_make_a_fixed_number_of_queries(
    people, world, client_for, query_baseline, rows, django_capture_on_commit_callbacks
):
    from koers.correspondence import services

    for _n in range(rows):
        with django_capture_on_commit_callbacks(execute=True):
            services.mail_send(
                actor=people.alice,
                account=world.account,
                contacts=[world.anna, world.john],
                template=world.welcome,
            )
        services.letter_write(
            actor=people.alice, account=world.account, contact=world.anna, subject="S", body="B"
        )
    client = client_for(people.alice)
    client.get("/")

    with query_baseline("list"):
        listing = client.get(f"/accounts/{world.account.pk}/mails/")
    with query_baseline("panel"):
        panel = client.get(f"/accounts/{world.account.pk}/correspondence/", HTTP_HX_REQUEST="true")

    assert len(listing.context["page_obj"]) == rows
    assert panel.status_code == 200
