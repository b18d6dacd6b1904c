"""Matching a file's values to Koers's fixed choices: tier, status, buying role, country and
language by their stored value, their label in every language and common (Dutch) synonyms, and
the user's own value mappings (values.py), which win."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import translation

from koers.accounts.models import AccountStatus, BuyingRole, Tier
from koers.transfer.columns import normalize_header

_COUNTRIES = {
    "nederland": "NL",
    "netherlands": "NL",
    "thenetherlands": "NL",
    "holland": "NL",
    "belgie": "BE",
    "belgium": "BE",
    "belgique": "BE",
    "duitsland": "DE",
    "germany": "DE",
    "deutschland": "DE",
    "frankrijk": "FR",
    "france": "FR",
    "luxemburg": "LU",
    "luxembourg": "LU",
    "verenigdkoninkrijk": "GB",
    "unitedkingdom": "GB",
}
_STATUSES = {
    "prospect": AccountStatus.PROSPECT,
    "lead": AccountStatus.PROSPECT,
    "klant": AccountStatus.CUSTOMER,
    "customer": AccountStatus.CUSTOMER,
    "client": AccountStatus.CUSTOMER,
    "former": AccountStatus.FORMER,
    "formercustomer": AccountStatus.FORMER,
    "excustomer": AccountStatus.FORMER,
    "oudklant": AccountStatus.FORMER,
    "exklant": AccountStatus.FORMER,
    "voormaligeklant": AccountStatus.FORMER,
    "voormaligklant": AccountStatus.FORMER,
    "potentieel": AccountStatus.PROSPECT,
    "potentieleklant": AccountStatus.PROSPECT,
    "prospects": AccountStatus.PROSPECT,
    "klanten": AccountStatus.CUSTOMER,
    "bestaandeklant": AccountStatus.CUSTOMER,
    "actieveklant": AccountStatus.CUSTOMER,
    "verlorenklant": AccountStatus.FORMER,
}
_BUYING_ROLES = {
    "beslisser": BuyingRole.DECIDER,
    "besluitvormer": BuyingRole.DECIDER,
    "decisionmaker": BuyingRole.DECIDER,
    "beinvloeder": BuyingRole.INFLUENCER,
    "inkoper": BuyingRole.BUYER,
    "gebruiker": BuyingRole.USER,
    "poortwachter": BuyingRole.GATEKEEPER,
    "portier": BuyingRole.GATEKEEPER,
    "besluitnemer": BuyingRole.DECIDER,
    "koper": BuyingRole.BUYER,
    "inkoop": BuyingRole.BUYER,
    "eindgebruiker": BuyingRole.USER,
    "gatekeeper": BuyingRole.GATEKEEPER,
    "eindbeslisser": BuyingRole.DECIDER,
    "budgethouder": BuyingRole.DECIDER,
    "beinvloeders": BuyingRole.INFLUENCER,
    "influencer": BuyingRole.INFLUENCER,
    "inkopers": BuyingRole.BUYER,
    "gebruikers": BuyingRole.USER,
    "secretariaat": BuyingRole.GATEKEEPER,
}
_LANGUAGES = {
    "nederlands": "nl",
    "dutch": "nl",
    "vlaams": "nl",
    "engels": "en",
    "english": "en",
}


def _choice_table(choices: Any, synonyms: Mapping[str, str]) -> dict[str, str]:
    """The stored value, the label in every language, and known synonyms -> the value."""
    table = dict(synonyms)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for choice in choices:
                table[normalize_header(str(choice.label))] = choice.value
    for choice in choices:
        table[normalize_header(choice.value)] = choice.value
    return table


def _tier(value: str) -> str | None:
    norm = normalize_header(value)
    for tier in Tier:
        t = tier.value.lower()
        if norm in (t, f"{t}klant", f"{t}account", f"{t}accounts", f"{t}klasse"):
            return tier.value
    return None


def _country(value: str) -> str | None:
    norm = normalize_header(value)
    if len(norm) == 2 and norm.isalpha():
        return norm.upper()
    return _COUNTRIES.get(norm)


def value_key(value: str) -> str:
    """A file's value as the value mappings name it: "Jan de Vries" and "jan de vries" are one
    decision."""
    return normalize_header(value) or value.strip().lower()


class Tables:
    """Lookup tables for choices, built once per file (labels in every language), and the
    user's own value mappings (values.py), which win over Koers's guesses."""

    def __init__(self, values: Mapping[str, Mapping[str, str]] | None = None) -> None:
        self.values = values or {}
        self.statuses = _choice_table(AccountStatus, _STATUSES)
        self.buying_roles = _choice_table(BuyingRole, _BUYING_ROLES)
        self.languages = {code: code for code, _name in settings.LANGUAGES} | _LANGUAGES

    def guess(self, key: str, value: str) -> str | None:
        """Koers's own match for a value of a column with fixed choices, or None."""
        norm = normalize_header(value)
        if key == "tier":
            return _tier(value)
        if key == "status":
            return self.statuses.get(norm)
        if key == "contact_buying_role":
            return self.buying_roles.get(norm)
        if key == "visit_country":
            return _country(value)
        if key == "contact_preferred_language":
            return self.languages.get(norm)
        return None

    def mapped(self, key: str, value: str) -> str | None:
        """The user's mapping of this value, else Koers's guess."""
        chosen = self.values.get(key, {}).get(value_key(value))
        return chosen or self.guess(key, value)
