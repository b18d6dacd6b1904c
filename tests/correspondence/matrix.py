"""The access matrix's rows and objects for correspondence (tests/core/test_access_matrix.py).

Alice's account "Alpha" gets a contact with an address, a template (by maria), a mail to that
contact and a letter to them. Templates: managers and administrators. Everything else follows
the account: read with it, written by whoever may change it (marketing reads, writes nothing).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from koers.accounts.models import Account
from koers.core.models import User
from koers.correspondence import services
from koers.correspondence.models import InboundAttachment, InboundMail
from tests.access_matrix import Row, World, statuses
from tests.conftest import Personas
from tests.factories import make_contact

SIGNED_IN = statuses(
    dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"), 200), anon=302
)
READ = statuses(SIGNED_IN, bob=404, charlie=404, ingrid=404)
WRITE = statuses(READ, mark=403)
TEMPLATES = statuses(SIGNED_IN, **dict.fromkeys(("alice", "bob", "charlie", "ingrid", "mark"), 403))
# The mail log's inbox is its owner's alone (alice's here): nobody else, whatever the role.
OWN = statuses(
    SIGNED_IN, **dict.fromkeys(("bob", "charlie", "maria", "ingrid", "mark", "admin"), 404)
)
OWN_POST = statuses(OWN, alice=302)
# From a contact's page to the form of their account: a redirect for who may write there.
FROM_CONTACT = statuses(WRITE, alice=302, maria=302, admin=302)


def _account(w: World) -> dict[str, int]:
    return {"pk": w.alpha.pk}


def _mail_body(w: World) -> dict[str, Any]:
    return {
        "contacts": [str(w.ella.pk)],
        "subject": "Prices",
        "body": "{salutation}",
        "action": "send",
    }


def _letter_body(w: World) -> dict[str, Any]:
    return {"contact": str(w.ella.pk), "subject": "Prices", "body": "{salutation}"}


def objects(people: Personas, alpha: Account) -> dict[str, Any]:
    ella = make_contact(alpha, first_name="Ella", last_name="Alpha", email="ella@alpha.nl")
    template = services.mail_template_save(
        actor=people.maria, data={"name": "Hello", "subject_nl": "Hallo", "body_nl": "{salutation}"}
    )
    sent = services.mail_send(actor=people.alice, account=alpha, contacts=[ella], template=template)
    letter = services.letter_write(
        actor=people.alice, account=alpha, contact=ella, template=template
    )
    waiting, logged = _logged_mail(people.alice, alpha, ella)
    return {
        "ella": ella,
        "mail_template": template,
        "sent_mail": sent,
        "letter": letter,
        "inbox_mail": waiting,
        "logged_mail": logged,
        "logged_file": logged.attachments.get(),
        "logged_activity": logged.activities.get(),
    }


def _logged_mail(alice: User, alpha: Account, ella: Any) -> tuple[InboundMail, InboundMail]:
    """Two messages in alice's mail log: one waiting in her inbox, one she put on Alpha (with
    a file)."""

    def inbound(key: str) -> InboundMail:
        return InboundMail.objects.create(
            key=key,
            user=alice,
            source="api",
            subject="Vraag",
            sender="x@elders.nl",
            direction="incoming",
            status="inbox",
        )

    waiting, logged = inbound("mid:wait@elders.nl"), inbound("mid:logged@elders.nl")
    services.mail_log_assign(actor=alice, mail=logged, account=alpha, contact=ella)
    name = default_storage.save("mail-log/files/matrix.pdf", ContentFile(b"%PDF-1.4"))
    InboundAttachment.objects.create(
        mail=logged,
        filename="prijzen.pdf",
        content_type="application/pdf",
        size=8,
        file=name,
        sha256="0" * 64,
    )
    return waiting, logged


ROWS: list[Row] = [
    Row("correspondence:template_list", TEMPLATES),
    Row("correspondence:template_create", TEMPLATES),
    Row(
        "correspondence:template_create",
        statuses(TEMPLATES, maria=302, admin=302),
        method="post",
        data=lambda w: {"name": "Offer", "subject_en": "Offer", "body_en": "Hi", "active": "on"},
        label="post correspondence:template_create",
    ),
    Row("correspondence:template_edit", TEMPLATES, kwargs=lambda w: {"pk": w.mail_template.pk}),
    Row(
        "correspondence:template_edit",
        statuses(TEMPLATES, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.mail_template.pk},
        method="post",
        data=lambda w: {"name": "Hello", "subject_nl": "Hoi", "body_nl": "Hoi", "active": "on"},
    ),
    Row("correspondence:account_panel", READ, kwargs=_account, htmx=True),
    Row("correspondence:account_mail_new", WRITE, kwargs=_account),
    Row(
        "correspondence:account_mail_new",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=_account,
        method="post",
        data=_mail_body,
    ),
    Row("correspondence:contact_mail_new", FROM_CONTACT, kwargs=lambda w: {"pk": w.ella.pk}),
    Row("correspondence:account_mails", READ, kwargs=_account),
    Row("correspondence:mail_detail", READ, kwargs=lambda w: {"pk": w.sent_mail.pk}),
    Row(
        "correspondence:mail_retry",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.sent_mail.pk},
        method="post",
    ),
    Row("correspondence:account_letter_new", WRITE, kwargs=_account),
    Row(
        "correspondence:account_letter_new",
        statuses(WRITE, alice=302, maria=302, admin=302),
        kwargs=_account,
        method="post",
        data=_letter_body,
    ),
    Row("correspondence:contact_letter_new", FROM_CONTACT, kwargs=lambda w: {"pk": w.ella.pk}),
    Row("correspondence:letter_pdf", READ, kwargs=lambda w: {"pk": w.letter.pk}),
    Row("correspondence:log_address", SIGNED_IN, htmx=True),
    Row(
        "correspondence:log_address_renew",
        dict.fromkeys(SIGNED_IN, 302),
        method="post",
    ),
    Row("correspondence:inbox", SIGNED_IN),
    Row("correspondence:inbox_count", SIGNED_IN, htmx=True),
    Row("correspondence:logged_mail", OWN, kwargs=lambda w: {"pk": w.inbox_mail.pk}),
    Row(
        "correspondence:logged_mail",
        READ,
        kwargs=lambda w: {"pk": w.logged_mail.pk},
        label="get correspondence:logged_mail (on an account)",
    ),
    Row("correspondence:logged_mail_file", READ, kwargs=lambda w: {"pk": w.logged_file.pk}),
    Row(
        "correspondence:activity_mail",
        READ,
        kwargs=lambda w: {"pk": w.logged_activity.pk},
        htmx=True,
    ),
    Row("correspondence:inbox_assign", OWN, kwargs=lambda w: {"pk": w.inbox_mail.pk}),
    Row(
        "correspondence:inbox_assign",
        OWN_POST,
        kwargs=lambda w: {"pk": w.inbox_mail.pk},
        method="post",
        data=lambda w: {"account": str(w.alpha.pk), "contact": str(w.ella.pk)},
    ),
    Row(
        "correspondence:inbox_discard",
        OWN_POST,
        kwargs=lambda w: {"pk": w.inbox_mail.pk},
        method="post",
    ),
    Row(
        "correspondence:inbox_retry",
        OWN_POST,
        kwargs=lambda w: {"pk": w.inbox_mail.pk},
        method="post",
    ),
    # Only the mail server's secret opens it: no user's session or token does.
    Row(
        "api:v1:receive_inbound_mail",
        dict.fromkeys(SIGNED_IN, 401),
        method="post",
        json=True,
    ),
    Row("api:v1:list_sent_mails", statuses(SIGNED_IN, anon=401)),
    Row(
        "api:v1:get_sent_mail",
        statuses(READ, anon=401),
        kwargs=lambda w: {"sent_mail_id": w.sent_mail.pk},
    ),
    Row("api:v1:list_logged_mails", statuses(SIGNED_IN, anon=401)),
    Row(
        "api:v1:get_logged_mail",
        statuses(OWN, anon=401),
        kwargs=lambda w: {"logged_mail_id": w.inbox_mail.pk},
    ),
    Row(
        "api:v1:get_logged_mail",
        statuses(READ, anon=401),
        kwargs=lambda w: {"logged_mail_id": w.logged_mail.pk},
        label="get api:v1:get_logged_mail (on an account)",
    ),
]
