"""The level mandates an installation starts with (issue 13): A 5 %/5 %/30 %, B 10 %/10 %/25 %,
C 20 %/20 %/15 %; the second ("far beyond") threshold doubles the discounts and lies 10 points
below the margin floor (docs/decisions.md, "The mandate rules"). An administrator changes them."""

from decimal import Decimal

from django.db import migrations

# level: (line %, total %, min margin %, far line %, far total %, far min margin %)
DEFAULTS = {
    "A": ("5", "5", "30", "10", "10", "20"),
    "B": ("10", "10", "25", "20", "20", "15"),
    "C": ("20", "20", "15", "40", "40", "5"),
}
FIELDS = (
    "max_line_discount",
    "max_total_discount",
    "min_margin",
    "far_line_discount",
    "far_total_discount",
    "far_min_margin",
)


def add_defaults(apps, schema_editor):
    mandate = apps.get_model("sales", "LevelMandate")
    for level, values in DEFAULTS.items():
        limits = {name: Decimal(value) for name, value in zip(FIELDS, values, strict=True)}
        mandate.objects.get_or_create(level=level, defaults=limits)


def remove_defaults(apps, schema_editor):
    apps.get_model("sales", "LevelMandate").objects.filter(level__in=DEFAULTS).delete()


class Migration(migrations.Migration):
    dependencies = [("sales", "0007_mandates")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
