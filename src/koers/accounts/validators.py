"""Dutch identifiers: the checks live in `koers.core.validators` (the company settings use them
too, and core imports no app); the customer file's code keeps importing them from here."""

from koers.core.validators import (
    clean_establishment_number,
    clean_iban,
    clean_kvk_number,
    clean_phone,
    clean_postcode,
    clean_vat_number,
    format_iban,
    format_phone,
)

__all__ = [
    "clean_establishment_number",
    "clean_iban",
    "clean_kvk_number",
    "clean_phone",
    "clean_postcode",
    "clean_vat_number",
    "format_iban",
    "format_phone",
]
