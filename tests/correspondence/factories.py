"""Objects of the correspondence tests: alice's account with a Dutch and an English contact, a
template in both languages, and our company."""

from __future__ import annotations

from dataclasses import dataclass

from koers.accounts.models import Account, Contact
from koers.core.models import CompanySettings, User
from koers.correspondence import services
from koers.correspondence.models import MailTemplate
from tests.factories import make_account, make_contact

WELCOME_NL = (
    "{salutation},\n\nFijn dat {account} klant is. Ik ben {account_manager}.\n\nDatum: {today}"
)
WELCOME_EN = "{salutation},\n\nGlad that {account} is a customer. I am {account_manager}."


@dataclass
class Correspondence:
    account: Account
    anna: Contact
    john: Contact
    welcome: MailTemplate


def make_company() -> CompanySettings:
    return CompanySettings.objects.create(
        pk=1,
        name="Koers Levensmiddelen BV",
        street="Stationsplein 12",
        postcode="3511 ED",
        city="Utrecht",
        kvk_number="12345678",
        vat_number="NL004495445B01",
        iban="NL91ABNA0417164300",
        phone="+31301234567",
        email="info@koers.example.nl",
        website="https://koers.example.nl",
        footer="Op al onze leveringen zijn onze voorwaarden van toepassing.",
    )


def make_template(actor: User, **data: str) -> MailTemplate:
    values = {
        "name": "Welcome",
        "subject_nl": "Welkom bij {company}",
        "body_nl": WELCOME_NL,
        "subject_en": "Welcome to {company}",
        "body_en": WELCOME_EN,
        **data,
    }
    return services.mail_template_save(actor=actor, data=values)


def make_correspondence(alice: User, maria: User) -> Correspondence:
    make_company()
    account = make_account(
        alice,
        "Bakkerij Alpha",
        postal_street="Postbus 45",
        postal_postcode="3500 AA",
        postal_city="Utrecht",
    )
    anna = make_contact(account, first_name="Anna", last_name="de Vries", email="anna@alpha.nl")
    john = make_contact(
        account,
        first_name="John",
        last_name="Smith",
        email="john@alpha.co.uk",
        preferred_language="en",
    )
    return Correspondence(account, anna, john, make_template(maria))
