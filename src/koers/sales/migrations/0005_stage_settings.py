"""The stages' default probability and stale period: sensible defaults an administrator changes."""

from django.db import migrations

# stage: (default probability %, days without activity before an open opportunity is stale)
DEFAULTS = {
    "prepare": (5, 14),
    "qualify": (10, 14),
    "needs": (20, 21),
    "proposal": (40, 14),
    "negotiation": (70, 7),
    "won": (100, 0),
    "lost": (0, 0),
}


def add_defaults(apps, schema_editor):
    setting = apps.get_model("sales", "StageSetting")
    for stage, (probability, days) in DEFAULTS.items():
        setting.objects.get_or_create(
            stage=stage, defaults={"probability": probability, "stale_after_days": days}
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("sales", "StageSetting").objects.filter(stage__in=DEFAULTS).delete()


class Migration(migrations.Migration):
    dependencies = [("sales", "0004_opportunities")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
