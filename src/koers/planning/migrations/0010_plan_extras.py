# Written by hand for the whitespace grid (docs/decisions.md, 128): schema only.

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0006_personal_data_exports"),
        ("planning", "0009_plan_progress_reviews"),
        ("sales", "0022_competitor_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WhitespaceEstimate",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=15, validators=[django.core.validators.MinValueValidator(Decimal("0"))], verbose_name="estimated potential a year")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
                ("account", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="accounts.account", verbose_name="account")),
                ("product_group", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="sales.productgroup", verbose_name="product group")),
                ("updated_by", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "verbose_name": "potential estimate",
                "verbose_name_plural": "potential estimates",
                "ordering": ["account", "product_group"],
                "constraints": [
                    models.UniqueConstraint(fields=("account", "product_group"), name="whitespace_estimate_once"),
                    models.CheckConstraint(condition=models.Q(("amount__gte", 0)), name="whitespace_estimate_not_negative"),
                ],
            },
        ),
        migrations.CreateModel(
            name="WhitespaceDeal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("opportunity", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="whitespace", to="sales.opportunity")),
                ("product_group", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="sales.productgroup", verbose_name="product group")),
            ],
            options={
                "verbose_name": "opportunity from the whitespace grid",
                "verbose_name_plural": "opportunities from the whitespace grid",
            },
        ),
    ]
