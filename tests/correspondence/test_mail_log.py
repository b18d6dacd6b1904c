"""Mail logged from outside: a real message file posted by the mail server lands on the right
account's timeline once, with its text and attachment; an unknown sender waits in the inbox of
the user whose log address got it, to be assigned or discarded."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from koers.correspondence import services
from koers.correspondence.models import InboundMail, MailLogAddress
from koers.relations.models import Activity
from tests.correspondence.factories import make_correspondence
from tests.factories import make_account, make_contact

DATA = Path(__file__).parent / "data"
OFFER = (DATA / "offerte_alpha.eml").read_bytes()
TOKEN = "k7m2q4xbzcb5nfp2r4t6vewq"  # the log address the message file was delivered to
SECRET = "s3cret-of-the-mail-server"
SUBJECT = "Offerte croissants \u2013 prijzen voor het café (geldig tot 15 december)"


@pytest.fixture(autouse=True)
def mail_log_settings(settings):
    settings.MAIL_LOG_DOMAIN = "log.koers.test"
    settings.MAIL_LOG_LOCAL_PART = "log"
    settings.MAIL_LOG_SECRET = SECRET


@pytest.fixture
def world(people):
    world = make_correspondence(people.alice, people.maria)
    people.alice.email = "alice@koers.example.nl"
    people.alice.save()
    MailLogAddress.objects.create(user=people.alice, token=TOKEN)
    return world


def post(client, raw: bytes, secret: str = SECRET, **extra):
    return client.post(
        "/api/v1/inbound-mail",
        data=raw,
        content_type="message/rfc822",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
        **extra,
    )


def unknown_sender(token: str = TOKEN, message_id: str = "<new-1@elsewhere.nl>") -> bytes:
    return (
        f"Delivered-To: log+{token}@log.koers.test\r\n"
        "From: Piet Jansen <piet@nieuwe-klant.nl>\r\n"
        "To: alice@koers.example.nl\r\n"
        "Subject: Vraag over levering\r\n"
        "Date: Wed, 02 Dec 2026 10:00:00 +0100\r\n"
        f"Message-ID: {message_id}\r\n"
        "\r\n"
        "Kunnen jullie ook op zaterdag leveren?\r\n"
    ).encode()


def test_the_message_file_lands_on_the_accounts_timeline_once_when_posted_twice(
    people, world, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = post(client, OFFER)
    with django_capture_on_commit_callbacks(execute=True):
        second = post(client, OFFER)

    assert first.status_code == 202
    assert second.status_code == 200
    assert second.json() == {"id": first.json()["id"], "status": "logged", "duplicate": True}
    (activity,) = Activity.objects.filter(account=world.account, kind="email")
    assert activity.subject == SUBJECT
    assert activity.owner == people.alice
    assert activity.status == "done"
    assert list(activity.contacts.all()) == [world.anna]
    assert activity.actual_start.isoformat() == "2026-12-01T08:15:00+00:00"
    assert activity.outcome.startswith(
        "From: Anna de Vries <anna@alpha.nl>\n"
        "To: Alice Tester <alice@koers.example.nl>, Joël Bakker <joel@example.org>\n"
        "Attachments: prijslijst café.pdf\n\n"
        "Beste Alice,\n\nHierbij de prijzen voor het café: 40 croissants per dag, € 0,45 per stuk."
    )
    mail = InboundMail.objects.get()
    assert (mail.direction, mail.status, mail.user) == ("incoming", "logged", people.alice)
    (attachment,) = mail.attachments.all()
    assert (attachment.filename, attachment.content_type) == (
        "prijslijst café.pdf",
        "application/pdf",
    )
    assert default_storage.open(attachment.file.name).read().startswith(b"%PDF-1.4")


def test_the_attachment_downloads_with_the_account_and_not_without(
    people, world, client, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, OFFER)
    attachment = InboundMail.objects.get().attachments.get()
    url = f"/mail-log/files/{attachment.pk}/"

    got = client_for(people.maria).get(url)
    assert got.status_code == 200
    assert got["Content-Type"] == "application/octet-stream"
    assert "attachment;" in got["Content-Disposition"]
    assert b"".join(got.streaming_content).startswith(b"%PDF-1.4")
    assert client_for(people.charlie).get(url).status_code == 404


def test_the_html_part_is_text_and_its_script_never_reaches_a_page(people, world, client_for):
    html_only = OFFER.replace(b"Content-Type: text/plain", b"Content-Type: text/x-ignored")
    received = services.mail_log_receive(html_only, source="api")
    services.mail_log_process(received.mail.pk)

    mail = InboundMail.objects.get()
    assert mail.text == (
        "Beste Alice,\n\nHierbij de prijzen voor het café: 40 croissants per dag, € 0,45 per stuk."
    )
    page = client_for(people.alice).get(f"/mail-log/{mail.pk}/").content.decode()
    assert "alert(" not in page
    assert "<b>" not in page


def test_an_unknown_sender_waits_in_the_inbox_and_can_be_assigned_with_a_new_contact(
    people, world, client, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, unknown_sender()).status_code == 202
    mail = InboundMail.objects.get()
    assert mail.status == "inbox"
    assert not Activity.objects.filter(kind="email").exists()
    inbox = client_for(people.alice).get("/mail-log/").content.decode()
    assert "Vraag over levering" in inbox

    answer = client_for(people.alice).post(
        f"/mail-log/{mail.pk}/assign/", {"account": world.account.pk, "create_contact": "on"}
    )

    assert answer.status_code == 302
    (activity,) = Activity.objects.filter(account=world.account, kind="email")
    (contact,) = activity.contacts.all()
    assert (contact.first_name, contact.last_name, contact.email) == (
        "Piet",
        "Jansen",
        "piet@nieuwe-klant.nl",
    )
    mail.refresh_from_db()
    assert mail.status == "logged"
    assert (
        f'data-inbound="{mail.pk}"'
        not in client_for(people.alice).get("/mail-log/").content.decode()
    )


def test_a_manager_sees_nothing_of_a_sellers_inbox(
    people, world, client, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, unknown_sender())
    mail = InboundMail.objects.get()

    assert "Vraag over levering" not in client_for(people.maria).get("/mail-log/").content.decode()
    assert client_for(people.maria).get(f"/mail-log/{mail.pk}/").status_code == 404
    refused = client_for(people.maria).post(
        f"/mail-log/{mail.pk}/assign/", {"account": world.account.pk}
    )
    assert refused.status_code == 404
    assert client_for(people.maria).post(f"/mail-log/{mail.pk}/discard/").status_code == 404
    mail.refresh_from_db()
    assert mail.status == "inbox"


def test_a_discarded_message_is_gone_and_not_logged_when_it_comes_again(
    people, world, client, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, unknown_sender())
    mail = InboundMail.objects.get()
    raw_name = mail.raw.name

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.alice).post(f"/mail-log/{mail.pk}/discard/")
    with django_capture_on_commit_callbacks(execute=True):
        again = post(client, unknown_sender())

    mail.refresh_from_db()
    assert (mail.status, mail.text, mail.raw.name) == ("discarded", "", "")
    assert not default_storage.exists(raw_name)
    assert again.json()["duplicate"] is True
    assert InboundMail.objects.count() == 1


def test_assigning_to_an_account_one_may_not_change_is_refused(
    people, world, client, client_for, django_capture_on_commit_callbacks
):
    others = make_account(people.charlie, "Bakkerij Zuid")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, unknown_sender())
    mail = InboundMail.objects.get()

    answer = client_for(people.alice).post(f"/mail-log/{mail.pk}/assign/", {"account": others.pk})

    assert answer.status_code == 200  # back to choosing an account: that one is not offered
    assert not Activity.objects.filter(kind="email").exists()
    mail.refresh_from_db()
    assert mail.status == "inbox"


def test_a_message_the_user_sent_is_logged_as_outgoing_by_the_from_address(
    people, world, django_capture_on_commit_callbacks
):
    sent = (
        b"From: Alice Tester <alice@koers.example.nl>\r\n"
        b"To: Anna de Vries <anna@alpha.nl>, john@alpha.co.uk\r\n"
        b"Subject: Bevestiging\r\n"
        b"Message-ID: <sent-1@koers.example.nl>\r\n"
        b"\r\n"
        b"Tot donderdag.\r\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_log_receive(sent, source="api")

    (activity,) = Activity.objects.filter(account=world.account, kind="email")
    assert set(activity.contacts.all()) == {world.anna, world.john}
    assert InboundMail.objects.get().direction == "outgoing"


def test_a_contact_at_two_accounts_gets_the_mail_on_both(
    people, world, django_capture_on_commit_callbacks
):
    second = make_account(people.alice, "Bakkerij Alpha Zuid")
    make_contact(second, first_name="Anna", last_name="de Vries", email="ANNA@alpha.nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_log_receive(OFFER, source="api")

    logged = Activity.objects.filter(kind="email").order_by("account__name")
    assert [a.account.name for a in logged] == ["Bakkerij Alpha", "Bakkerij Alpha Zuid"]


@pytest.mark.parametrize(
    ("raw", "secret", "status", "detail"),
    [
        (OFFER, "wrong", 401, None),
        (b"", SECRET, 400, "The message is empty."),
        (b"just some bytes\r\n", SECRET, 422, "This is no e-mail message: it has no From address."),
        (
            unknown_sender(token="aaaaaaaaaaaaaaaaaaaaaaaa"),
            SECRET,
            422,
            "The message is for no log address of a Koers user.",
        ),
    ],
)
def test_the_endpoint_refuses_bad_input_with_a_reason_and_keeps_nothing(
    world, client, raw, secret, status, detail
):
    answer = post(client, raw, secret=secret)

    assert answer.status_code == status
    if detail:
        assert answer.json()["detail"] == detail
    assert not InboundMail.objects.exists()


def test_a_message_over_the_limit_is_refused_as_too_large(world, client, settings):
    settings.MAIL_LOG_MAX_BYTES = 1000

    answer = post(client, OFFER)

    assert answer.status_code == 413
    assert not InboundMail.objects.exists()


def test_the_endpoint_takes_the_message_as_a_form_file_too(
    world, client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("m.eml", OFFER, content_type="message/rfc822")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/api/v1/inbound-mail", {"message": upload}, HTTP_AUTHORIZATION=f"Bearer {SECRET}"
        )

    assert answer.status_code == 202
    assert Activity.objects.filter(account=world.account, kind="email").count() == 1


def test_a_bcc_reaches_the_user_by_the_envelope_recipient(
    people, world, client, django_capture_on_commit_callbacks
):
    bcc = OFFER.replace(b"Delivered-To: log+k7m2q4xbzcb5nfp2r4t6vewq@log.koers.test\n", b"")
    with django_capture_on_commit_callbacks(execute=True):
        answer = post(client, bcc, QUERY_STRING=f"recipient=log%2B{TOKEN}%40log.koers.test")

    assert answer.status_code == 202
    assert InboundMail.objects.get().user == people.alice


def test_a_failed_processing_is_marked_failed_and_a_retry_logs_it_once(
    people, world, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from koers.correspondence.services import inbound

    def broken(*args, **kwargs):
        raise OSError("storage is away")

    with monkeypatch.context() as patched:
        patched.setattr(inbound, "_read", broken)
        with django_capture_on_commit_callbacks(execute=True):
            services.mail_log_receive(OFFER, source="api")
    mail = InboundMail.objects.get()
    assert (mail.status, mail.error, mail.attempts) == ("failed", "storage is away", 1)
    assert "Try again" in client_for(people.alice).get("/mail-log/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.alice).post(f"/mail-log/{mail.pk}/retry/")
    services.mail_log_process(mail.pk)

    mail.refresh_from_db()
    assert (mail.status, mail.error, mail.attempts) == ("logged", "", 2)
    assert Activity.objects.filter(kind="email").count() == 1


def test_renewing_the_log_address_refuses_mail_to_the_old_one(people, world, client, client_for):
    client_for(people.alice).post("/settings/mail-log/renew/")

    new = MailLogAddress.objects.get(user=people.alice)
    assert new.token != TOKEN
    assert post(client, OFFER).status_code == 422
    panel = client_for(people.alice).get("/settings/mail-log/").content.decode()
    assert f"log+{new.token}@log.koers.test" in panel


@pytest.mark.parametrize("waiting", [1, 4])
def test_the_inbox_and_a_logged_message_make_a_fixed_number_of_queries(
    people, world, client_for, query_baseline, waiting
):
    for n in range(waiting):
        received = services.mail_log_receive(
            OFFER.replace(b"4711.offerte", f"{n}.offerte".encode()).replace(
                b"anna@alpha.nl", b"iemand@elders.nl"
            ),
            source="api",
        )
        services.mail_log_process(received.mail.pk)
    logged = services.mail_log_receive(OFFER, source="api").mail
    services.mail_log_process(logged.pk)
    client = client_for(people.alice)

    with query_baseline("inbox"):
        page = client.get("/mail-log/")
    with query_baseline("message"):
        message = client.get(f"/mail-log/{logged.pk}/")

    assert page.content.decode().count("data-inbound=") == waiting
    assert "prijslijst café.pdf" in message.content.decode()


def test_a_message_with_nul_characters_and_a_huge_account_id_are_no_server_error(
    people, world, client_for, django_capture_on_commit_callbacks
):
    raw = (
        unknown_sender()
        .replace(b"Vraag over", b"Vraag\x00 over")
        .replace(b"zaterdag", b"zater\x00dag")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_log_receive(raw, source="api")
    mail = InboundMail.objects.get()
    assert (mail.status, mail.subject) == ("inbox", "Vraag over levering")
    assert "zaterdag" in mail.text

    answer = client_for(people.alice).get(f"/mail-log/{mail.pk}/assign/?account={'9' * 40}")

    assert answer.status_code == 200


def test_the_mail_server_gets_its_reason_in_english_whatever_the_sites_language(
    world, client, settings
):
    settings.LANGUAGE_CODE = "nl"
    answer = client.post(
        "/api/v1/inbound-mail",
        data=b"",
        content_type="message/rfc822",
        HTTP_AUTHORIZATION=f"Bearer {SECRET}",
    )

    assert answer.json() == {"detail": "The message is empty."}
