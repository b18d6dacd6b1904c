# The complaint list's default order walks the open complaints by promised date; the
# structural overview reads a period's complaints from an index alone (decision 133).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0003_catalogue_product_and_group"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                condition=models.Q(("status__in", ("received", "in_progress"))),
                fields=["promised_on", "-received_at"],
                name="complaint_open_promised_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="complaint",
            index=models.Index(
                fields=[
                    "received_at",
                    "account",
                    "status",
                    "category",
                    "product",
                    "product_group",
                    "product_name",
                    "id",
                ],
                name="complaint_period_idx",
            ),
        ),
    ]
