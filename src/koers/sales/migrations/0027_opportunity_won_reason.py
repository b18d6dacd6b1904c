# Written by hand on 2026-12-07 (the reason a deal was won, decision 155); checked with
# makemigrations --check.

from django.db import migrations, models


WON_REASONS = [
    ("price", "Price"),
    ("product_fit", "Product fit"),
    ("quality", "Quality"),
    ("relationship", "Relationship"),
    ("delivery", "Delivery time"),
    ("service", "Service"),
    ("other", "Other"),
]


class Migration(migrations.Migration):

    dependencies = [
        ('sales', '0026_opportunity_campaign'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalopportunity',
            name='won_reason',
            field=models.CharField(blank=True, choices=WON_REASONS, max_length=12, verbose_name='reason won'),
        ),
        migrations.AddField(
            model_name='historicalopportunity',
            name='won_note',
            field=models.TextField(blank=True, max_length=2000, verbose_name='why we won'),
        ),
        migrations.AddField(
            model_name='opportunity',
            name='won_reason',
            field=models.CharField(blank=True, choices=WON_REASONS, max_length=12, verbose_name='reason won'),
        ),
        migrations.AddField(
            model_name='opportunity',
            name='won_note',
            field=models.TextField(blank=True, max_length=2000, verbose_name='why we won'),
        ),
        migrations.AddConstraint(
            model_name='opportunity',
            constraint=models.CheckConstraint(condition=models.Q(('won_reason__in', ['', 'price', 'product_fit', 'quality', 'relationship', 'delivery', 'service', 'other'])), name='opp_won_reason_valid'),
        ),
    ]
