"""The fields a file column can be mapped to, and guessing them from the column headers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise, lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact, Position

ACCOUNT = "account"
CONTACT = "contact"


@dataclass(frozen=True)
class ImportField:
    key: str
    label: Promise | str
    group: str
    aliases: tuple[str, ...] = ()
    # Plain model verbose names that also recognise this field (export headers, any language).
    verbose: tuple[Promise | str, ...] = field(default=())


def _v(model: type, name: str) -> Promise | str:
    return model._meta.get_field(name).verbose_name


def _contact_label_now(text: Promise | str) -> str:
    return gettext("Contact: %(field)s") % {"field": text}


# Evaluated when shown, so the label follows the reader's language.
_contact_label = lazy(_contact_label_now, str)


FIELDS: tuple[ImportField, ...] = (
    ImportField(
        "name",
        _v(Account, "name"),
        ACCOUNT,
        (
            "naam",
            "bedrijfsnaam",
            "bedrijf",
            "organisatie",
            "organisatienaam",
            "accountnaam",
            "account",
            "handelsnaam",
            "klantnaam",
            "klant",
            "name",
            "company",
            "companyname",
            "organisation",
            "organization",
            "accountname",
        ),
        (_v(Account, "name"),),
    ),
    ImportField(
        "kvk_number",
        _v(Account, "kvk_number"),
        ACCOUNT,
        (
            "kvk",
            "kvknummer",
            "kvknr",
            "kvkno",
            "kvknumber",
            "coc",
            "cocnumber",
            "chamberofcommerce",
        ),
        (_v(Account, "kvk_number"),),
    ),
    ImportField(
        "establishment_number",
        _v(Account, "establishment_number"),
        ACCOUNT,
        ("vestigingsnummer", "vestigingsnr", "establishmentnumber", "branchnumber"),
        (_v(Account, "establishment_number"),),
    ),
    ImportField(
        "vat_number",
        _v(Account, "vat_number"),
        ACCOUNT,
        ("btw", "btwnummer", "btwnr", "btwid", "btwidnummer", "vat", "vatnumber", "vatid", "vatno"),
        (_v(Account, "vat_number"),),
    ),
    ImportField(
        "external_id",
        _v(Account, "external_id"),
        ACCOUNT,
        (
            "externid",
            "externeid",
            "externalid",
            "klantnummer",
            "klantnr",
            "klantcode",
            "debiteurcode",
            "relatiecode",
            "debiteurnummer",
            "debiteurnr",
            "relatienummer",
            "customernumber",
            "customerid",
            "erpid",
        ),
        (_v(Account, "external_id"),),
    ),
    ImportField(
        "visit_street",
        _v(Account, "visit_street"),
        ACCOUNT,
        (
            "straat",
            "adres",
            "bezoekadres",
            "straatenhuisnummer",
            "straathuisnummer",
            "street",
            "address",
            "streetandnumber",
            "visitingaddress",
        ),
        (_v(Account, "visit_street"),),
    ),
    ImportField(
        "visit_postcode",
        _v(Account, "visit_postcode"),
        ACCOUNT,
        ("postcode", "zip", "zipcode", "postalcode", "postcodebezoekadres"),
        (_v(Account, "visit_postcode"),),
    ),
    ImportField(
        "visit_city",
        _v(Account, "visit_city"),
        ACCOUNT,
        ("plaats", "woonplaats", "stad", "vestigingsplaats", "city", "town", "place"),
        (_v(Account, "visit_city"),),
    ),
    ImportField(
        "visit_country",
        _v(Account, "visit_country"),
        ACCOUNT,
        ("land", "landcode", "country", "countrycode"),
        (_v(Account, "visit_country"),),
    ),
    ImportField(
        "postal_street",
        _v(Account, "postal_street"),
        ACCOUNT,
        ("postadres", "postbus", "correspondentieadres", "postaladdress", "mailingaddress"),
        (_v(Account, "postal_street"),),
    ),
    ImportField(
        "postal_postcode",
        _v(Account, "postal_postcode"),
        ACCOUNT,
        ("postcodepostadres", "postalpostcode", "postalzip", "postalzipcode"),
        (_v(Account, "postal_postcode"),),
    ),
    ImportField(
        "postal_city",
        _v(Account, "postal_city"),
        ACCOUNT,
        ("plaatspostadres", "postplaats", "postalcity"),
        (_v(Account, "postal_city"),),
    ),
    ImportField(
        "phone",
        _v(Account, "phone"),
        ACCOUNT,
        ("telefoon", "telefoonnummer", "tel", "telnr", "phone", "phonenumber", "telephone"),
        (_v(Account, "phone"),),
    ),
    ImportField(
        "email",
        _v(Account, "email"),
        ACCOUNT,
        ("email", "emailadres", "mail", "emailaddress"),
        (_v(Account, "email"),),
    ),
    ImportField(
        "website",
        _v(Account, "website"),
        ACCOUNT,
        ("website", "web", "url", "site", "homepage", "internet", "internetadres"),
        (_v(Account, "website"),),
    ),
    ImportField(
        "segment",
        _v(Account, "segment"),
        ACCOUNT,
        ("segment", "marktsegment", "branche", "sector", "industry", "market"),
        (_v(Account, "segment"),),
    ),
    ImportField(
        "tier",
        _v(Account, "tier"),
        ACCOUNT,
        ("tier", "klasse", "klantklasse", "klantcategorie", "abc", "abcklasse", "accounttier"),
        (_v(Account, "tier"),),
    ),
    ImportField(
        "status",
        _v(Account, "status"),
        ACCOUNT,
        ("status", "klantstatus", "accountstatus"),
        (_v(Account, "status"),),
    ),
    ImportField(
        "owner",
        _v(Account, "owner"),
        ACCOUNT,
        (
            "accountmanager",
            "accounthouder",
            "eigenaar",
            "verkoper",
            "beheerder",
            "owner",
            "salesrep",
            "accountowner",
        ),
        (_v(Account, "owner"),),
    ),
    ImportField(
        "notes",
        _v(Account, "notes"),
        ACCOUNT,
        ("notities", "opmerkingen", "opmerking", "toelichting", "memo", "notes", "remarks"),
        (_v(Account, "notes"),),
    ),
    ImportField(
        "contact_name",
        _("Contact: full name"),
        CONTACT,
        ("contactpersoon", "contact", "contactnaam", "naamcontactpersoon", "contactname"),
    ),
    ImportField(
        "contact_first_name",
        _contact_label(_v(Contact, "first_name")),
        CONTACT,
        ("voornaam", "contactvoornaam", "firstname", "givenname", "contactfirstname"),
        (_v(Contact, "first_name"),),
    ),
    ImportField(
        "contact_last_name",
        _contact_label(_v(Contact, "last_name")),
        CONTACT,
        (
            "achternaam",
            "familienaam",
            "contactachternaam",
            "lastname",
            "surname",
            "contactlastname",
        ),
        (_v(Contact, "last_name"),),
    ),
    ImportField(
        "contact_email",
        _contact_label(_v(Contact, "email")),
        CONTACT,
        (
            "contactemail",
            "contactemailadres",
            "contactpersoonemail",
            "emailcontactpersoon",
            "emailcontact",
        ),
    ),
    ImportField(
        "contact_phone",
        _contact_label(_v(Contact, "phone")),
        CONTACT,
        (
            "contacttelefoon",
            "contactpersoontelefoon",
            "telefooncontactpersoon",
            "contactphone",
            "phonecontact",
        ),
    ),
    ImportField(
        "contact_mobile",
        _contact_label(_v(Contact, "mobile")),
        CONTACT,
        (
            "mobiel",
            "mobielnummer",
            "gsm",
            "mobile",
            "mobilephone",
            "contactmobiel",
            "contactmobile",
        ),
        (_v(Contact, "mobile"),),
    ),
    ImportField(
        "contact_job_title",
        _contact_label(_v(Position, "job_title")),
        CONTACT,
        ("functie", "functietitel", "contactfunctie", "jobtitle", "title", "contactjobtitle"),
        (_v(Position, "job_title"),),
    ),
    ImportField(
        "contact_buying_role",
        _contact_label(_v(Position, "buying_role")),
        CONTACT,
        ("dmu", "dmurol", "rolindmu", "inkooprol", "buyingrole", "dmurole", "contactbuyingrole"),
        (_v(Position, "buying_role"),),
    ),
)
BY_KEY = {f.key: f for f in FIELDS}
ACCOUNT_KEYS = tuple(f.key for f in FIELDS if f.group == ACCOUNT)
CONTACT_KEYS = tuple(f.key for f in FIELDS if f.group == CONTACT)


def normalize_header(text: str) -> str:
    """'KvK-nummer ' -> 'kvknummer', 'Bezoekadres (straat)' -> 'bezoekadresstraat'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for f in FIELDS:
        for alias in f.aliases:
            table.setdefault(alias, f.key)
    # The field names as Koers itself writes them (export headers), in every language.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for f in FIELDS:
                for text in (*f.verbose, f.label):
                    table.setdefault(normalize_header(str(text)), f.key)
    return table


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Maps each header to the field it most likely holds; each field at most once."""
    table = _alias_table()
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        key = table.get(normalize_header(header), "")
        if key and key not in used:
            mapping[header] = key
            used.add(key)
        else:
            mapping[header] = ""
    return mapping


def field_choices() -> list[tuple[str, object]]:
    return [
        ("", _("— do not import —")),
        (str(_("Account")), [(f.key, capfirst(f.label)) for f in FIELDS if f.group == ACCOUNT]),
        (str(_("Contact")), [(f.key, capfirst(f.label)) for f in FIELDS if f.group == CONTACT]),
    ]


def mapping_matches(columns: dict[str, str], headers: list[str]) -> bool:
    """A saved mapping fits a file when it names exactly the file's columns."""
    return {normalize_header(h) for h in columns} == {normalize_header(h) for h in headers}
