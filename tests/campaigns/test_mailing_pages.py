"""The mailing pages and the public unsubscribe page: composing with errors at the fields,
the preview per language, the test send, sending after the confirmation, the sends with their
counts; the unsubscribe link opts out once, without a login, and a forged token does nothing;
pinned query counts."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from koers.accounts.models import Contact
from koers.campaigns import mailing_services, sending
from koers.campaigns.mailings import unsubscribe_token
from koers.campaigns.models import Mailing, MailingSend, MailingStatus, SendStatus
from tests.campaigns.mailing_helpers import TEXTS, ready_mailing
from tests.campaigns.test_campaign_pages import make_campaign


@pytest.fixture(autouse=True)
def _fast(settings, monkeypatch):
    settings.MAILING_BATCH_SECONDS = 0
    monkeypatch.setattr(sending, "sleep", lambda seconds: None)
    cache.clear()


def _sent(people, django_capture_on_commit_callbacks) -> Mailing:
    mailing = ready_mailing(people)
    with django_capture_on_commit_callbacks(execute=True):
        mailing_services.mailing_send(actor=people.mark, mailing=mailing)
    return mailing


def test_marketing_composes_a_mailing_with_errors_at_the_fields(people, client_for, file):
    campaign = make_campaign(people)
    client = client_for(people.mark)

    response = client.post(
        reverse("campaigns:mailing_new", args=[campaign.pk]),
        {**TEXTS, "body_nl": "Hallo {voornaam}", "subject_en": ""},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["subject_en"]
    assert Mailing.objects.count() == 0
    response = client.post(reverse("campaigns:mailing_new", args=[campaign.pk]), TEXTS)
    mailing = Mailing.objects.get()
    assert response.url == reverse("campaigns:mailing_detail", args=[mailing.pk])


def test_an_unknown_placeholder_is_named_next_to_the_field(people, client_for, file):
    campaign = make_campaign(people)
    response = client_for(people.mark).post(
        reverse("campaigns:mailing_new", args=[campaign.pk]),
        {**TEXTS, "body_nl": "Hallo {voornaam}"},
    )

    assert response.context["form"].errors["body_nl"] == ["Unknown placeholders: {voornaam}."]
    assert Mailing.objects.count() == 0


def test_the_preview_shows_each_language_with_an_example_contact(people, client_for, file):
    mailing = ready_mailing(people)
    client = client_for(people.mark)
    url = reverse("campaigns:mailing_detail", args=[mailing.pk])

    dutch = client.get(url).context["preview"]
    english = client.get(url, {"language": "en"}).context["preview"]

    assert (dutch["subject"], english["subject"]) == (
        "Nieuws voor Example Ltd",
        "News for Example Ltd",
    )
    assert dutch["text"].startswith("Beste Anna,")
    assert english["text"].startswith("Dear Anna,")


def test_the_test_send_and_the_send_from_the_pages(
    people, client_for, file, django_capture_on_commit_callbacks
):
    mailing = ready_mailing(people, tested=False)
    client = client_for(people.mark)
    confirm = client.get(reverse("campaigns:mailing_send", args=[mailing.pk]))
    assert "disabled" in confirm.content.decode()

    client.post(reverse("campaigns:mailing_test", args=[mailing.pk]), {"language": "nl"})
    assert [m.to[0] for m in mail.outbox] == ["Mark Tester <mark@example.nl>"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("campaigns:mailing_send", args=[mailing.pk]))

    assert response.url == reverse("campaigns:mailing_sends", args=[mailing.pk])
    page = client.get(response.url)
    assert page.context["counts"]["sent"] == 2
    assert "Anna Test" in page.content.decode()
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT


def test_sending_an_untested_mailing_is_refused_on_the_page(people, client_for, file):
    mailing = ready_mailing(people, tested=False)

    response = client_for(people.mark).post(reverse("campaigns:mailing_send", args=[mailing.pk]))

    assert response.status_code == 400
    assert "Send a test to yourself first." in response.content.decode()
    assert MailingSend.objects.count() == 0


def test_the_unsubscribe_link_opts_out_once_without_a_login(
    people, file, django_capture_on_commit_callbacks
):
    _sent(people, django_capture_on_commit_callbacks)
    anna_copy = next(m for m in mail.outbox if "anna@" in m.to[0])
    link = anna_copy.extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("://", 1)[1].split("/", 1)[1]
    client = Client()

    first = client.get("/" + path)
    again = client.get("/" + path)

    assert first.status_code == again.status_code == 200
    assert "Je ontvangt onze mailings niet meer." in first.content.decode()  # anna: Dutch
    assert "Je was al afgemeld op" in again.content.decode()
    anna = Contact.objects.get(pk=file.anna.pk)
    assert anna.opted_out is True and anna.opted_out_at is not None
    send = MailingSend.objects.get(contact=file.anna)
    assert send.unsubscribed_via == "page" and send.unsubscribed_at is not None
    assert anna.history.filter(history_change_reason__startswith="unsubscribed").count() == 1


def test_the_one_click_post_opts_out_without_a_csrf_token(
    people, file, django_capture_on_commit_callbacks
):
    _sent(people, django_capture_on_commit_callbacks)
    send = MailingSend.objects.get(contact=file.carl)
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("campaigns:unsubscribe", args=[unsubscribe_token(send.pk)]),
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    send.refresh_from_db()
    assert send.unsubscribed_via == "one-click"
    assert Contact.objects.get(pk=file.carl.pk).opted_out is True


@pytest.mark.parametrize("change", ["forged", "other id", "garbage"])
def test_a_forged_token_does_nothing(people, file, django_capture_on_commit_callbacks, change):
    _sent(people, django_capture_on_commit_callbacks)
    send = MailingSend.objects.get(contact=file.anna)
    token = unsubscribe_token(send.pk)
    other = MailingSend.objects.get(contact=file.carl).pk
    bad = {
        "forged": token[:-2] + ("aa" if not token.endswith("aa") else "bb"),
        "other id": f"{other}:{token.split(':', 1)[1]}",
        "garbage": "nothing-here",
    }[change]

    response = Client().get(reverse("campaigns:unsubscribe", args=[bad]))

    assert response.status_code == 404
    assert "er is niets gewijzigd" in response.content.decode()
    assert Contact.objects.filter(opted_out=True, pk__in=[file.anna.pk, file.carl.pk]).count() == 0
    assert MailingSend.objects.filter(unsubscribed_at__isnull=False).count() == 0


def test_the_unsubscribe_page_is_rate_limited(people, file, settings):
    settings.UNSUBSCRIBE_RATE_LIMIT = 2
    client = Client()
    url = reverse("campaigns:unsubscribe", args=["nothing-here"])

    statuses = [client.get(url).status_code for _ in range(3)]

    assert statuses == [404, 404, 429]


def test_an_account_manager_may_not_open_a_mailing(people, client_for, file):
    mailing = ready_mailing(people)

    response = client_for(people.alice).get(reverse("campaigns:mailing_detail", args=[mailing.pk]))

    assert response.status_code == 403


@pytest.mark.parametrize("size", [1, 4])
def test_the_pages_make_a_fixed_number_of_queries(
    people, client_for, query_baseline, size, file, django_capture_on_commit_callbacks
):
    from tests.factories import make_contact

    for n in range(size):
        contact = make_contact(file.noord, first_name=f"Extra{n}", email=f"extra{n}@example.nl")
        Contact.objects.filter(pk=contact.pk).update(mailing_consent=True)
    mailing = _sent(people, django_capture_on_commit_callbacks)
    assert MailingSend.objects.filter(status=SendStatus.SENT).count() == size + 2
    client = client_for(people.mark)
    client.get(reverse("campaigns:campaign_list"))  # the session's first use

    with query_baseline("mailing detail"):
        client.get(reverse("campaigns:mailing_detail", args=[mailing.pk]))
    with query_baseline("mailing sends"):
        client.get(reverse("campaigns:mailing_sends", args=[mailing.pk]))
