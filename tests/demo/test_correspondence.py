"""The demo's correspondence: company, templates in both languages, mails and letters on the
timelines, and no mail left to go out."""

from __future__ import annotations

from koers.core.company import company
from koers.correspondence.models import (
    InboundMail,
    Letter,
    MailTemplate,
    SentMail,
    SentMailRecipient,
)
from koers.relations.models import Activity


def test_the_demo_writes_mails_and_letters_and_sends_nothing(demo_build):

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
    assert demo_build.mails_sent == 0
    assert "mail templates" in demo_build.output
