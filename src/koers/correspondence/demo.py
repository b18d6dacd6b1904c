"""Correspondence for the demo (`manage.py demo`): our company's settings, templates in Dutch
and English, and a few e-mails and letters written by the account managers through the same
services as the pages (so they are on the timelines too).

The demo's mails are marked as sent at once: nothing leaves the machine (the task that the
commit starts finds nothing left to send)."""

from __future__ import annotations

import random
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid

from django.utils import timezone

from koers.accounts.models import Account
from koers.core.models import CompanySettings, User
from koers.correspondence import queries, services
from koers.correspondence.models import MailTemplate, SentMailRecipient
from koers.demo.context import DemoContext

COMPANY = {
    "name": "Koers Groothandel BV",
    "street": "Vredenburg 40",
    "postcode": "3511 BD",
    "city": "Utrecht",
    "country": "NL",
    "kvk_number": "30123456",
    "vat_number": "NL004495445B01",
    "iban": "NL91ABNA0417164300",
    "phone": "+31302345678",
    "email": "verkoop@koers-groothandel.example.nl",
    "website": "https://koers-groothandel.example.nl",
    "footer": (
        "Op al onze aanbiedingen en leveringen zijn onze algemene voorwaarden van toepassing."
    ),
}

TEMPLATES = (
    {
        "name": "Kennismaking",
        "subject_nl": "Kennismaking met {company}",
        "body_nl": "{salutation},\n\nDank voor het prettige gesprek. Zoals afgesproken stuur ik je "
        "hierbij wat meer informatie over ons assortiment.\n\nIk ben je vaste accountmanager "
        "voor {account}; je bereikt me op {account_manager_email} of "
        "{account_manager_phone}.",
        "subject_en": "Getting to know {company}",
        "body_en": "{salutation},\n\nThank you for our pleasant conversation. As agreed, here is "
        "more information about our range.\n\nI am your account manager for {account}; you can "
        "reach me at {account_manager_email} or {account_manager_phone}.",
    },
    {
        "name": "Offerte nagestuurd",
        "subject_nl": "Onze offerte voor {account}",
        "body_nl": "{salutation},\n\nIn de bijlage vind je onze offerte van {today}. "
        "Heb je vragen, "
        "bel of mail me gerust.",
        "subject_en": "Our quote for {account}",
        "body_en": "{salutation},\n\nPlease find our quote of {today} attached. If you have any "
        "questions, do not hesitate to call or write.",
    },
    {
        "name": "Bevestiging afspraak",
        "subject_nl": "Bevestiging van onze afspraak",
        "body_nl": "{salutation},\n\nHierbij bevestig ik onze afspraak. Tot dan!",
        "subject_en": "Confirming our appointment",
        "body_en": "{salutation},\n\nThis confirms our appointment. See you then!",
    },
)


def build(context: DemoContext, rng: random.Random) -> None:
    admin = next(u for u in context.users.values() if u.is_admin)
    CompanySettings.objects.update_or_create(pk=1, defaults=COMPANY)
    managers = [u for u in context.users.values() if u.role == "manager"]
    # Templates outlive the customer file: a demo run again after it was emptied reuses them.
    existing = {
        t.name: t for t in MailTemplate.objects.filter(name__in=[d["name"] for d in TEMPLATES])
    }
    templates = [
        existing.get(str(data["name"]))
        or services.mail_template_save(actor=managers[0] if managers else admin, data=data)
        for data in TEMPLATES
    ]
    mails = letters = 0
    for account in _accounts_with_addresses(rng):
        owner: User = account.owner
        contacts = list(queries.current_contacts(account).exclude(email="")[:2])
        if not contacts:
            continue
        template = rng.choice(templates)
        sent = services.mail_send(
            actor=owner, account=account, contacts=contacts[: rng.randint(1, 2)], template=template
        )
        SentMailRecipient.objects.filter(mail=sent).update(sent_at=timezone.now(), attempts=1)
        mails += 1
        if rng.random() < 0.4:
            services.letter_write(
                actor=owner, account=account, contact=contacts[0], template=templates[0]
            )
            letters += 1
    logged, waiting = _mail_log(rng)
    context.summary.append(
        f"{MailTemplate.objects.count()} mail templates, {mails} e-mails and {letters} letters, "
        f"{logged} logged e-mails and {waiting} in inboxes"
    )


INCOMING = (
    (
        "Bestelling week 50",
        "Hoi {first},\n\nVoor volgende week graag 12 dozen koffiebonen en 4 dozen thee, "
        "levering dinsdag voor 10 uur.\n\nGroet,\n{name}",
    ),
    (
        "Re: offerte voorjaarsassortiment",
        "Beste {first},\n\nDank voor de offerte. We gaan akkoord met de prijzen; de bijgevoegde "
        "inkooporder is getekend.\n\nMet vriendelijke groet,\n{name}",
    ),
)
UNKNOWN = (
    ("Uitnodiging Horecava 2027", "Stand 4.112", "beurzen@horecava.example.nl", "Horecava"),
    (
        "Vraag over levering op zaterdag",
        "Bezorgen jullie ook op zaterdag?",
        "info@lunchroom-delft.example.nl",
        "Lunchroom Delft",
    ),
)


def _message(sender: tuple[str, str], to: str, subject: str, text: str, pdf: bool) -> bytes:
    message = EmailMessage()
    message["From"] = formataddr(sender)
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=sender[1].partition("@")[2] or "example.nl")
    message.set_content(text)
    if pdf:
        data = b"%PDF-1.4\n% inkooporder\n%%EOF\n"
        message.add_attachment(data, maintype="application", subtype="pdf", filename="order.pdf")
    return message.as_bytes()


def _address_of(user: User) -> str:
    return user.email or f"{user.username}@koers-groothandel.example.nl"


def _mail_log(rng: random.Random) -> tuple[int, int]:
    """Mail the account managers logged from their own mailbox: a few from contacts (on the
    timelines, one with an attachment) and two from unknown senders (in an inbox)."""
    logged = waiting = 0
    accounts = _accounts_with_addresses(rng)[:4]
    for n, account in enumerate(accounts):
        contact = queries.current_contacts(account).exclude(email="").first()
        if contact is None:
            continue
        owner: User = account.owner
        subject, text = INCOMING[n % len(INCOMING)]
        raw = _message(
            (contact.full_name, contact.email),
            _address_of(owner),
            subject,
            text.format(first=owner.first_name, name=contact.full_name),
            pdf=n % 2 == 1,
        )
        received = services.mail_log_receive(raw, source="api", user=owner)
        services.mail_log_process(received.mail.pk)
        logged += 1
    if accounts:
        owner = accounts[0].owner
        for subject, text, address, name in UNKNOWN:
            raw = _message((name, address), _address_of(owner), subject, text, pdf=False)
            received = services.mail_log_receive(raw, source="api", user=owner)
            services.mail_log_process(received.mail.pk)
            waiting += 1
    return logged, waiting


def _accounts_with_addresses(rng: random.Random) -> list[Account]:
    """About a dozen accounts of the account managers, the same ones for the same seed."""
    accounts = list(
        Account.objects.filter(owner__role="account_manager", status="customer")
        .select_related("owner")
        .order_by("pk")[:60]
    )
    return rng.sample(accounts, min(12, len(accounts)))
