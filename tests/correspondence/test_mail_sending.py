"""Writing an e-mail to contacts of an account: a copy per contact in their language, from the
company's address with replies to the writer, HTML and text, recorded on the timeline once."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format

from koers.core.errors import NotAllowed
from koers.correspondence import services
from koers.correspondence.mails import send_pending
from koers.correspondence.models import SentMail, SentMailRecipient
from koers.relations.models import Activity
from tests.correspondence.factories import make_correspondence


@pytest.fixture
def world(people):
    return make_correspondence(people.alice, people.maria)


def _by_address(outbox):
    return {m.to[0]: m for m in outbox}


def test_a_templated_mail_reaches_each_contact_in_their_language_with_placeholders_filled(
    people, world, django_capture_on_commit_callbacks
):
    people.alice.email = "alice@koers.example.nl"
    people.alice.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_send(
            actor=people.alice,
            account=world.account,
            contacts=[world.anna, world.john],
            template=world.welcome,
        )

    sent = _by_address(mail.outbox)
    assert set(sent) == {"Anna de Vries <anna@alpha.nl>", "John Smith <john@alpha.co.uk>"}
    dutch, english = sent["Anna de Vries <anna@alpha.nl>"], sent["John Smith <john@alpha.co.uk>"]
    today = date_format(timezone.localdate(), "d-m-Y")
    assert dutch.subject == "Welkom bij Koers Levensmiddelen BV"
    assert dutch.body.startswith(
        "Beste Anna,\n\nFijn dat Bakkerij Alpha klant is. Ik ben Alice Tester.\n\n"
        f"Datum: {today}\n\n-- \nAlice Tester\nKoers Levensmiddelen BV\n"
    )
    assert english.subject == "Welcome to Koers Levensmiddelen BV"
    assert english.body.startswith(
        "Dear John,\n\nGlad that Bakkerij Alpha is a customer. I am Alice Tester."
    )
    assert dutch.from_email == "Koers Levensmiddelen BV <info@koers.example.nl>"
    assert dutch.reply_to == ["Alice Tester <alice@koers.example.nl>"]
    html, kind = dutch.alternatives[0]
    assert kind == "text/html"
    assert "<p>Beste Anna,</p>" in html
    assert "Fijn dat Bakkerij Alpha klant is." in html


def test_the_mail_is_on_the_timeline_once_even_when_the_task_runs_twice(
    people, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.mail_send(
            actor=people.alice,
            account=world.account,
            contacts=[world.anna],
            template=world.welcome,
        )

    assert send_pending(sent.pk) == 0
    assert send_pending(sent.pk) == 0

    assert len(mail.outbox) == 1
    (activity,) = Activity.objects.filter(account=world.account, kind="email")
    assert activity.pk == sent.activity_id
    assert (activity.status, activity.subject) == ("done", "Welkom bij Koers Levensmiddelen BV")
    assert activity.outcome.startswith("To: Anna de Vries <anna@alpha.nl>\n\nBeste Anna,")
    assert list(activity.contacts.all()) == [world.anna]


def test_template_code_typed_by_users_is_shown_literally(
    people, world, django_capture_on_commit_callbacks
):
    typed = "{salutation}, {% load static %} {{ settings.SECRET_KEY }} {{account}} <b>bold</b>"
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_send(
            actor=people.alice,
            account=world.account,
            contacts=[world.anna],
            subject="{% now 'Y' %} offer",
            body=typed,
        )

    (sent,) = mail.outbox
    assert sent.subject == "{% now 'Y' %} offer"
    assert sent.body.startswith(
        "Beste Anna, {% load static %} {{ settings.SECRET_KEY }} {{account}} <b>bold</b>\n"
    )
    html = sent.alternatives[0][0]
    assert "{% load static %} {{ settings.SECRET_KEY }} {{account}} &lt;b&gt;bold&lt;/b&gt;" in html


def test_a_template_with_template_code_is_sent_as_typed(
    people, world, django_capture_on_commit_callbacks
):
    world.welcome.body_nl = "{{ settings.SECRET_KEY }} {% debug %} {first_name}"
    world.welcome.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_send(
            actor=people.alice, account=world.account, contacts=[world.anna], template=world.welcome
        )

    assert mail.outbox[0].body.startswith("{{ settings.SECRET_KEY }} {% debug %} Anna\n")


def test_an_unknown_placeholder_is_refused_at_the_field(people, world):
    with pytest.raises(ValidationError) as refused:
        services.mail_send(
            actor=people.alice,
            account=world.account,
            contacts=[world.anna],
            subject="Hello",
            body="{frist_name}",
        )

    assert refused.value.message_dict == {"body": ["Unknown placeholder: {frist_name}."]}
    assert not SentMail.objects.exists()


def test_a_failed_copy_is_shown_and_a_retry_sends_only_that_one(
    people, world, settings, client_for, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.correspondence.failing_mail.FailForJohn"
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.mail_send(
            actor=people.alice,
            account=world.account,
            contacts=[world.anna, world.john],
            template=world.welcome,
        )
    assert [m.to for m in mail.outbox] == [["Anna de Vries <anna@alpha.nl>"]]

    page = client_for(people.alice).get(f"/mails/{sent.pk}/").content.decode()
    assert "Not sent" in page and "the mail server said no" in page
    assert 'id="retry"' in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.alice).post(f"/mails/{sent.pk}/retry/")

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [
        ["Anna de Vries <anna@alpha.nl>"],
        ["John Smith <john@alpha.co.uk>"],
    ]
    john = SentMailRecipient.objects.get(email="john@alpha.co.uk")
    assert (john.attempts, john.error, john.sent_at is not None) == (2, "", True)
    assert Activity.objects.filter(kind="email").count() == 1

    with pytest.raises(ValidationError) as refused:
        services.mail_retry(actor=people.alice, mail=sent)
    assert refused.value.messages == ["This mail went out to everyone already."]
    assert len(mail.outbox) == 2


def test_a_contact_who_does_not_work_at_the_account_is_refused(people, world):
    from tests.factories import make_account, make_contact

    other = make_contact(make_account(people.alice, "Other"), email="x@other.nl")

    with pytest.raises(ValidationError) as refused:
        services.mail_send(
            actor=people.alice, account=world.account, contacts=[other], template=world.welcome
        )

    assert refused.value.message_dict["contacts"] == [f"{other} does not work at this account."]
    assert not SentMail.objects.exists()


@pytest.mark.parametrize("persona", ["bob", "mark"])
def test_who_may_not_change_the_account_may_not_write_from_it(people, world, persona):
    with pytest.raises(NotAllowed):
        services.mail_send(
            actor=getattr(people, persona),
            account=world.account,
            contacts=[world.anna],
            template=world.welcome,
        )

    assert not SentMail.objects.exists()
    assert not Activity.objects.exists()
