"""Dutch identifiers, checked with python-stdnum and phonenumbers (accounts, company settings)."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum import iban as stdnum_iban
from stdnum.eu import vat
from stdnum.nl import postcode as nl_postcode

_KVK = re.compile(r"^\d{8}$")
_ESTABLISHMENT = re.compile(r"^\d{12}$")


def clean_kvk_number(value: str) -> str:
    """A KvK number is 8 digits with no check digit."""
    compact = re.sub(r"[\s.-]", "", value or "")
    if compact and not _KVK.match(compact):
        raise ValidationError(_("A KvK number has exactly 8 digits."), code="kvk")
    return compact


def clean_establishment_number(value: str) -> str:
    compact = re.sub(r"[\s.-]", "", value or "")
    if compact and not _ESTABLISHMENT.match(compact):
        raise ValidationError(
            _("A KvK establishment number (vestigingsnummer) has exactly 12 digits."),
            code="establishment",
        )
    return compact


def clean_vat_number(value: str) -> str:
    if not value or not value.strip():
        return ""
    try:
        return vat.validate(value)
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(
            _("This VAT number has a wrong check digit."), code="vat_checksum"
        ) from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _("This is not a valid EU VAT number (for example NL123456789B01)."), code="vat"
        ) from exc


def clean_postcode(value: str, country: str) -> str:
    """Dutch postcodes are normalised to '1234 AB'; foreign ones are kept as typed."""
    if not value or not value.strip():
        return ""
    if (country or "NL").upper() != "NL":
        return value.strip()
    try:
        return nl_postcode.validate(value)
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(_("A Dutch postcode looks like 1234 AB."), code="postcode") from exc


def clean_phone(value: str) -> str:
    """Stores a phone number in international form; Dutch numbers may be typed locally."""
    if not value or not value.strip():
        return ""
    try:
        parsed = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("This is not a phone number."), code="phone") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("This is not a valid phone number."), code="phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        return value
    if parsed.country_code == 31:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean_iban(value: str) -> str:
    """The IBAN in its compact form, or a ValidationError saying what is wrong."""
    if not value or not value.strip():
        return ""
    try:
        return str(stdnum_iban.validate(value))
    except stdnum_exceptions.InvalidChecksum as exc:
        raise ValidationError(_("This IBAN has a wrong check digit."), code="iban") from exc
    except stdnum_exceptions.ValidationError as exc:
        raise ValidationError(
            _("This is not an IBAN (for example NL91 ABNA 0417 1643 00)."), code="iban"
        ) from exc


def format_iban(value: str) -> str:
    """In groups of four, as people read and type it."""
    return str(stdnum_iban.format(value)) if value else ""
