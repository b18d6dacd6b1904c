"""Guessing which field each column holds, from Dutch and English headers."""

from __future__ import annotations

from django.utils import translation

from koers.accounts.filters import ACCOUNT_COLUMNS
from koers.transfer.columns import guess_mapping, mapping_matches
from koers.transfer.exports import header_row


def test_it_guesses_dutch_headers():
    headers = [
        "Bedrijfsnaam",
        "KvK-nummer",
        "Vestigingsnummer",
        "BTW-nummer",
        "Straat",
        "Postcode",
        "Plaats",
        "Telefoon",
        "E-mail",
        "Website",
        "Segment",
        "Klasse",
        "Status",
        "Accountmanager",
        "Extern ID",
        "Voornaam",
        "Achternaam",
        "E-mail contactpersoon",
        "Functie",
        "DMU-rol",
        "Iets anders",
    ]

    assert guess_mapping(headers) == {
        "Bedrijfsnaam": "name",
        "KvK-nummer": "kvk_number",
        "Vestigingsnummer": "establishment_number",
        "BTW-nummer": "vat_number",
        "Straat": "visit_street",
        "Postcode": "visit_postcode",
        "Plaats": "visit_city",
        "Telefoon": "phone",
        "E-mail": "email",
        "Website": "website",
        "Segment": "segment",
        "Klasse": "tier",
        "Status": "status",
        "Accountmanager": "owner",
        "Extern ID": "external_id",
        "Voornaam": "contact_first_name",
        "Achternaam": "contact_last_name",
        "E-mail contactpersoon": "contact_email",
        "Functie": "contact_job_title",
        "DMU-rol": "contact_buying_role",
        "Iets anders": "",
    }


def test_it_guesses_english_headers_ignoring_case_and_punctuation():
    headers = ["NAME", "kvk", "VAT", "City", "Address", "Owner", "Tier", "contact_email"]

    assert guess_mapping(headers) == {
        "NAME": "name",
        "kvk": "kvk_number",
        "VAT": "vat_number",
        "City": "visit_city",
        "Address": "visit_street",
        "Owner": "owner",
        "Tier": "tier",
        "contact_email": "contact_email",
    }


def test_it_maps_each_field_once_the_first_column_wins():
    assert guess_mapping(["Naam", "Bedrijfsnaam"]) == {"Naam": "name", "Bedrijfsnaam": ""}


def test_it_recognises_the_headers_of_its_own_export_in_both_languages():
    for language in ("nl", "en"):
        with translation.override(language):
            headers = header_row(ACCOUNT_COLUMNS)
        mapping = guess_mapping(headers)
        unmapped = [h for h, key in mapping.items() if not key]
        # the timestamps are not imported; the parent account is (chains)
        assert len(unmapped) == 2, (language, unmapped)
        assert set(mapping.values()) >= {"name", "kvk_number", "owner", "tier", "status", "parent"}


def test_a_saved_mapping_fits_a_file_with_the_same_columns_in_any_order_or_case():
    saved = {"Naam": "name", "KvK": "kvk_number"}

    assert mapping_matches(saved, ["kvk", "NAAM"])
    assert not mapping_matches(saved, ["Naam"])
    assert not mapping_matches(saved, ["Naam", "KvK", "Plaats"])
