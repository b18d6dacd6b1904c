"""The Dutch VAT rates in force: 21 % (high), 9 % (low), 0 % (zero). Data, not code: a change of
law is a new row from its date (docs/decisions.md)."""

from datetime import date
from decimal import Decimal

from django.db import migrations

RATES = (
    ("high", Decimal("21.00"), date(2012, 10, 1)),
    ("low", Decimal("9.00"), date(2019, 1, 1)),
    ("zero", Decimal("0.00"), date(1969, 1, 1)),
)


def seed(apps, schema_editor):
    VatRate = apps.get_model("sales", "VatRate")
    for category, percentage, valid_from in RATES:
        VatRate.objects.get_or_create(
            category=category, valid_from=valid_from, defaults={"percentage": percentage}
        )


def unseed(apps, schema_editor):
    VatRate = apps.get_model("sales", "VatRate")
    for category, _percentage, valid_from in RATES:
        VatRate.objects.filter(category=category, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_catalogue_and_prices")]

    operations = [migrations.RunPython(seed, unseed)]
