"""Dutch identifiers that pass the app's own validators, drawn from the demo's generator."""

from __future__ import annotations

import random
import string

from stdnum.eu import vat as eu_vat

from koers.demo.words import City

# Postcode letters as the post office hands them out; SA, SD and SS are never used.
_POSTCODE_LETTERS = "ABCDEFGHJKLMNPRSTVWXZ"
_FORBIDDEN_POSTCODE_LETTERS = {"SA", "SD", "SS"}


def e164(national: str) -> str:
    """A Dutch number as stored (E.164); the generator only makes valid ones (tests check)."""
    return "+31" + national[1:]


def mobile(rng: random.Random) -> str:
    return e164(f"06{rng.randint(1, 5)}{rng.randint(0, 9_999_999):07d}")


def landline(rng: random.Random, city: City) -> str:
    digits = 10 - len(city.area_code)
    subscriber = str(rng.randint(2, 9)) + "".join(
        rng.choice(string.digits) for _ in range(digits - 1)
    )
    return e164(city.area_code + subscriber)


def postcode(rng: random.Random, city: City) -> str:
    while True:
        letters = "".join(rng.choice(_POSTCODE_LETTERS) for _ in range(2))
        if letters not in _FORBIDDEN_POSTCODE_LETTERS:
            return f"{rng.randint(city.postcode_from, city.postcode_to)} {letters}"


def vat_number(rng: random.Random) -> str:
    """NL + 9 digits passing the mod-11 check + B01."""
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        if digits[0] == 0:
            continue
        check = sum((9 - i) * d for i, d in enumerate(digits)) % 11
        if check == 10:
            continue
        number = f"NL{''.join(map(str, digits))}{check}B01"
        if eu_vat.is_valid(number):
            return number
