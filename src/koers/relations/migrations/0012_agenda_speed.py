from django.db import migrations, models


def analyze(apps, schema_editor):
    """SQLite keeps planner statistics per index: a new index without them looks perfectly
    selective (see 0009_bench_indexes). PostgreSQL's statistics are per column."""
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("ANALYZE relations_activity")


class Migration(migrations.Migration):
    dependencies = [
        ("relations", "0011_follow_ups_by_hand"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="activity",
            index=models.Index(
                fields=["owner", "status", "kind", "-planned_start"],
                name="activity_owner_day_idx",
            ),
        ),
        migrations.RunPython(analyze, migrations.RunPython.noop, elidable=True),
    ]
