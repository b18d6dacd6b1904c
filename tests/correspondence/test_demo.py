"""The demo's correspondence: company, templates in both languages, mails and letters on the
timelines, and no mail left to go out."""

from __future__ import annotations

from io import StringIO

from django.core import mail
from django.core.management import call_command

from koers.core.company import company
from koers.correspondence.models import (
    InboundMail,
    Letter,
    MailTemplate,
    SentMail,
    SentMailRecipient,
)
from koers.relations.models import Activity


def test_the_demo_writes_mails_and_letters_and_sends_nothing(
    db, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", "--accounts", "60", "--contacts", "200", stdout=out)

    assert company().name == "Koers Groothandel BV"
    assert MailTemplate.objects.filter(body_nl__startswith="{salutation}").count() == 3
    assert MailTemplate.objects.exclude(body_en="").count() == 3
    assert SentMail.objects.count() >= 5
    assert not SentMailRecipient.objects.filter(sent_at__isnull=True).exists()
    assert Letter.objects.exists()
    assert Activity.objects.filter(sent_mail__isnull=False).count() == SentMail.objects.count()
    assert Activity.objects.filter(letter__isnull=False).count() == Letter.objects.count()
    assert InboundMail.objects.filter(status="logged").count() >= 2
    assert InboundMail.objects.filter(status="inbox").count() == 2
    assert Activity.objects.filter(inbound_mails__isnull=False).count() >= 2
    assert mail.outbox == []
    assert "mail templates" in out.getvalue()
