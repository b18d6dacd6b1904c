"""The fields a file column can be mapped to, and guessing them from the column headers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact, Position

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ACCOUNT = "account"
CONTACT = "contact"


@dataclass(frozen=True)
class ImportField:
    key: str
    label: StrOrPromise
    group: str
    aliases: tuple[str, ...] = ()
    # Plain model verbose names that also recognise this field (export headers, any language).
    verbose: tuple[StrOrPromise, ...] = field(default=())


def _v(model: type[models.Model], name: str) -> StrOrPromise:
    model_field = model._meta.get_field(name)
    assert isinstance(model_field, models.Field)
    return model_field.verbose_name


def _contact_label_now(text: StrOrPromise) -> str:
    return gettext("Contact: %(field)s") % {"field": text}


# Evaluated when shown, so the label follows the reader's language.
_contact_label = lazy(_contact_label_now, str)


# The headers (as normalize_header writes them) that name each field, besides its label and
# verbose name in every language. Where two fields share a header the first one here wins.
ACCOUNT_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
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
    "kvk_number": (
        "kvk",
        "kvknummer",
        "kvknr",
        "kvkno",
        "kvknumber",
        "coc",
        "cocnumber",
        "chamberofcommerce",
    ),
    "establishment_number": (
        "vestigingsnummer",
        "vestigingsnr",
        "establishmentnumber",
        "branchnumber",
    ),
    "vat_number": (
        "btw",
        "btwnummer",
        "btwnr",
        "btwid",
        "btwidnummer",
        "vat",
        "vatnumber",
        "vatid",
        "vatno",
    ),
    "external_id": (
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
    "visit_street": (
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
    "visit_postcode": ("postcode", "zip", "zipcode", "postalcode", "postcodebezoekadres"),
    "visit_city": ("plaats", "woonplaats", "stad", "vestigingsplaats", "city", "town", "place"),
    "visit_country": ("land", "landcode", "country", "countrycode"),
    "postal_street": (
        "postadres",
        "postbus",
        "correspondentieadres",
        "postaladdress",
        "mailingaddress",
    ),
    "postal_postcode": ("postcodepostadres", "postalpostcode", "postalzip", "postalzipcode"),
    "postal_city": ("plaatspostadres", "postplaats", "postalcity"),
    "phone": ("telefoon", "telefoonnummer", "tel", "telnr", "phone", "phonenumber", "telephone"),
    "email": ("email", "emailadres", "mail", "emailaddress"),
    "website": ("website", "web", "url", "site", "homepage", "internet", "internetadres"),
    "segment": ("segment", "marktsegment", "branche", "sector", "industry", "market"),
    "tier": ("tier", "klasse", "klantklasse", "klantcategorie", "abc", "abcklasse", "accounttier"),
    "status": ("status", "klantstatus", "accountstatus"),
    "owner": (
        "accountmanager",
        "accounthouder",
        "eigenaar",
        "verkoper",
        "beheerder",
        "owner",
        "salesrep",
        "accountowner",
    ),
    # The parent company: its name, KvK number or external id (the export writes its name).
    "parent": (
        "moederbedrijf",
        "moedermaatschappij",
        "moederonderneming",
        "moeder",
        "hoofdkantoor",
        "hoofdvestiging",
        "concern",
        "holding",
        "hoofdaccount",
        "onderdeelvan",
        "parent",
        "parentcompany",
        "parentaccount",
        "headoffice",
        "partof",
    ),
    "notes": ("notities", "opmerkingen", "opmerking", "toelichting", "memo", "notes", "remarks"),
}
# The contact's own fields and its position's, imported as `contact_<name>`.
CONTACT_ALIASES: dict[tuple[type, str], tuple[str, ...]] = {
    (Contact, "first_name"): (
        "voornaam",
        "contactvoornaam",
        "firstname",
        "givenname",
        "contactfirstname",
    ),
    (Contact, "last_name"): (
        "achternaam",
        "familienaam",
        "contactachternaam",
        "lastname",
        "surname",
        "contactlastname",
    ),
    (Contact, "email"): (
        "contactemail",
        "contactemailadres",
        "contactpersoonemail",
        "emailcontactpersoon",
        "emailcontact",
    ),
    (Contact, "phone"): (
        "contacttelefoon",
        "contactpersoontelefoon",
        "telefooncontactpersoon",
        "contactphone",
        "phonecontact",
    ),
    (Contact, "mobile"): (
        "mobiel",
        "mobielnummer",
        "gsm",
        "mobile",
        "mobilephone",
        "contactmobiel",
        "contactmobile",
    ),
    (Position, "job_title"): (
        "functie",
        "functietitel",
        "contactfunctie",
        "jobtitle",
        "title",
        "contactjobtitle",
    ),
    (Position, "buying_role"): (
        "dmu",
        "dmurol",
        "rolindmu",
        "inkooprol",
        "buyingrole",
        "dmurole",
        "contactbuyingrole",
    ),
    (Contact, "preferred_language"): (
        "taal",
        "voorkeurstaal",
        "contacttaal",
        "language",
        "preferredlanguage",
        "contactlanguage",
    ),
}


def _contact_field(model: type, name: str, aliases: tuple[str, ...]) -> ImportField:
    verbose = _v(model, name)
    return ImportField(f"contact_{name}", _contact_label(verbose), CONTACT, aliases, (verbose,))


FIELDS: tuple[ImportField, ...] = (
    # Koers's own id, as its export writes it: the row updates that account.
    ImportField("koers_id", _("Koers id"), ACCOUNT, ("koersid", "koersaccountid")),
    *(
        ImportField(name, _v(Account, name), ACCOUNT, aliases)
        for name, aliases in ACCOUNT_ALIASES.items()
    ),
    ImportField(
        "contact_name",
        _("Contact: full name"),
        CONTACT,
        ("contactpersoon", "contact", "contactnaam", "naamcontactpersoon", "contactname"),
    ),
    *(_contact_field(model, name, aliases) for (model, name), aliases in CONTACT_ALIASES.items()),
    # Koers's own id of a contact, as the contacts export writes it.
    ImportField(
        "contact_koers_id",
        _("Contact: Koers id"),
        CONTACT,
        ("koerscontactid", "contactkoersid", "koersidcontactpersoon", "koerscontactpersoonid"),
    ),
)
BY_KEY = {f.key: f for f in FIELDS}
ACCOUNT_KEYS = tuple(f.key for f in FIELDS if f.group == ACCOUNT)
CONTACT_KEYS = tuple(f.key for f in FIELDS if f.group == CONTACT)


def normalize_header(text: str) -> str:
    """'KvK-nummer ' -> 'kvknummer', 'Bezoekadres (straat)' -> 'bezoekadresstraat'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def problems_header() -> str:
    """The header of the column that the file of rows left out adds (leftout.py)."""
    return gettext("Problems found by Koers")


def _problems_headers() -> set[str]:
    """That header in every language, as normalize_header writes it: never mapped."""
    names = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            names.add(normalize_header(problems_header()))
    return names


def _alias_table(fields: tuple[ImportField, ...]) -> dict[str, str]:
    table: dict[str, str] = {}
    for f in fields:
        for alias in f.aliases:
            table.setdefault(alias, f.key)
    # The field names as Koers itself writes them (export headers), in every language.
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for f in fields:
                for text in (*f.verbose, f.label):
                    table.setdefault(normalize_header(str(text)), f.key)
    return table


def guess_mapping(headers: list[str], fields: tuple[ImportField, ...] = FIELDS) -> dict[str, str]:
    """Maps each header to the field it most likely holds; each field at most once. `fields`:
    those of another kind of import (kinds.py)."""
    table = _alias_table(fields)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        key = table.get(normalize_header(header), "")
        if key and key not in used:
            mapping[header] = key
            used.add(key)
        else:
            mapping[header] = ""
    if "contact_koers_id" in used:
        # Koers's contacts export: its e-mail and phone are the contact's.
        for header, key in mapping.items():
            if key in ("email", "phone") and f"contact_{key}" not in used:
                mapping[header] = f"contact_{key}"
    return mapping


def field_choices(fields: tuple[ImportField, ...] | None = None) -> list[tuple[str, object]]:
    if fields is not None:
        return [("", _("— do not import —")), *((f.key, capfirst(f.label)) for f in fields)]
    return [
        ("", _("— do not import —")),
        (str(_("Account")), [(f.key, capfirst(f.label)) for f in FIELDS if f.group == ACCOUNT]),
        (str(_("Contact")), [(f.key, capfirst(f.label)) for f in FIELDS if f.group == CONTACT]),
    ]


def mapping_matches(columns: dict[str, str], headers: list[str]) -> bool:
    """A saved mapping fits a file when it names exactly the file's columns (the column of
    problems that the file of rows left out adds does not count)."""
    ignored = _problems_headers()
    return {normalize_header(h) for h in columns} - ignored == {
        normalize_header(h) for h in headers
    } - ignored
