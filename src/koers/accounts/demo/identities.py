"""Names, registry numbers, addresses and phone numbers for the demo's accounts, unique within
one run and reproducible from the seed."""

from __future__ import annotations

from django.utils.text import slugify

from koers.demo import dutch
from koers.demo import words as data
from koers.demo.context import DemoContext


class Identities:
    def __init__(self, context: DemoContext) -> None:
        self.rng = context.rng
        self.fake = context.fake
        self.today = context.today
        self.used_names: set[str] = set()
        self.used_kvk: set[str] = set()
        self.used_establishment: set[str] = set()
        self.used_vat: set[str] = set()
        self.used_external = 10000

    # -- identifiers and addresses -----------------------------------------------------------

    def _kvk(self) -> str:
        while True:
            value = str(self.rng.randint(10_000_000, 99_999_999))
            if value not in self.used_kvk:
                self.used_kvk.add(value)
                return value

    def _establishment(self) -> str:
        while True:
            value = f"0000{self.rng.randint(10_000_000, 99_999_999)}"
            if value not in self.used_establishment:
                self.used_establishment.add(value)
                return value

    def _vat(self) -> str:
        while True:
            value = dutch.vat_number(self.rng)
            if value not in self.used_vat:
                self.used_vat.add(value)
                return value

    def _postcode(self, city: data.City) -> str:
        return dutch.postcode(self.rng, city)

    def _street(self) -> str:
        name = (
            self.rng.choice(data.BUSINESS_STREETS)
            if self.rng.random() < 0.7
            else self.fake.street_name()
        )
        number = str(self.rng.randint(1, 240))
        roll = self.rng.random()
        if roll < 0.1:
            number += self.rng.choice("abc")
        elif roll < 0.15:
            number += f"-{self.rng.randint(1, 12)}"
        return f"{name} {number}"

    def _landline(self, city: data.City) -> str:
        return dutch.landline(self.rng, city)

    def _mobile(self) -> str:
        return dutch.mobile(self.rng)

    # -- names -------------------------------------------------------------------------------

    def _surname(self) -> str:
        return self.fake.last_name()

    def _fill(self, pattern: str, city: data.City) -> str:
        name = pattern.format(
            ln=self._surname(),
            ln2=self._surname(),
            noun=self.rng.choice(data.NOUNS),
            city=city.name,
            water=self.rng.choice(data.WATERS),
            prov=self.rng.choice(data.PROVINCES),
        )
        return name[0].upper() + name[1:]

    def _unique_name(self, patterns: tuple[str, ...], city: data.City) -> str:
        for _attempt in range(6):
            name = self._fill(self.rng.choice(patterns), city)
            if name not in self.used_names:
                self.used_names.add(name)
                return name
        name = f"{self._fill(self.rng.choice(patterns), city)} {city.name}"
        while name in self.used_names:
            name = f"{name} {self.rng.randint(2, 99)}"
        self.used_names.add(name)
        return name

    @staticmethod
    def _base_name(name: str) -> str:
        for suffix in data.LEGAL_SUFFIXES:
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return name

    def _domain(self, name: str) -> str:
        return slugify(self._base_name(name).replace("&", " en ")) + ".nl"
