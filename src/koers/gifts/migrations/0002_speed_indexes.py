# The manager's list of received gifts above the limit still to be noted, and the year's
# overview from an index alone (decision 133).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("gifts", "0001_gifts_register"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="gift",
            index=models.Index(
                fields=["person", "direction", "above_limit", "noted_at"], name="gift_flag_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="gift",
            index=models.Index(
                fields=["date", "account", "person", "direction", "status", "value"],
                name="gift_year_idx",
            ),
        ),
    ]
