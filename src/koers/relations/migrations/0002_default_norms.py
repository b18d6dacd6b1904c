from django.db import migrations

TIER_DAYS = {"A": 28, "B": 56, "C": 182}
ROLE_DAYS = {"decider": 180, "buyer": 120}
COUNTING = ["visit", "phone_call", "video_call", "event_meeting"]


def forwards(apps, schema_editor):
    ContactNorm = apps.get_model("relations", "ContactNorm")
    RoleNorm = apps.get_model("relations", "RoleNorm")
    CountingKind = apps.get_model("relations", "CountingKind")
    for tier, days in TIER_DAYS.items():
        ContactNorm.objects.get_or_create(tier=tier, defaults={"days": days})
    for role, days in ROLE_DAYS.items():
        RoleNorm.objects.get_or_create(buying_role=role, defaults={"days": days})
    for kind in COUNTING:
        CountingKind.objects.get_or_create(kind=kind)


def backwards(apps, schema_editor):
    for name in ("ContactNorm", "RoleNorm", "CountingKind"):
        apps.get_model("relations", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("relations", "0001_activities_reports_commitments_norms")]

    operations = [migrations.RunPython(forwards, backwards)]
