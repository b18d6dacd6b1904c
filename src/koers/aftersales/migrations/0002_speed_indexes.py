# The figures of the survey list read only the index (decision 133).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("aftersales", "0001_after_sales_and_surveys"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="survey",
            index=models.Index(
                fields=[
                    "answered_at",
                    "account",
                    "score",
                    "sales_score",
                    "delivery_score",
                    "product_score",
                ],
                name="survey_answered_scores_idx",
            ),
        ),
    ]
