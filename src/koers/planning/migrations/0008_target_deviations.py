# Written by hand for issue 15 (plan against actual): the cause of a target's deviation.

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

CAUSES = [
    ('market', 'Market'),
    ('competitor', 'Competitor'),
    ('price', 'Price'),
    ('availability', 'Product availability'),
    ('customer_lost', 'Customer lost'),
    ('capacity', 'Own capacity'),
    ('other', 'Other'),
]


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0007_sales_plans'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='TargetDeviation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('cause', models.CharField(choices=CAUSES, max_length=16, verbose_name='cause')),
                ('comment', models.TextField(blank=True, max_length=2000, verbose_name='comment')),
                ('action', models.TextField(blank=True, max_length=2000, verbose_name='corrective action')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('for_target', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='deviation', to='planning.target', verbose_name='target')),
            ],
            options={
                'verbose_name': 'deviation',
                'verbose_name_plural': 'deviations',
                'ordering': ['for_target'],
                'constraints': [models.CheckConstraint(condition=models.Q(('cause__in', ['market', 'competitor', 'price', 'availability', 'customer_lost', 'capacity', 'other'])), name='target_deviation_cause_valid')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalTargetDeviation',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('cause', models.CharField(choices=CAUSES, max_length=16, verbose_name='cause')),
                ('comment', models.TextField(blank=True, max_length=2000, verbose_name='comment')),
                ('action', models.TextField(blank=True, max_length=2000, verbose_name='corrective action')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('for_target', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='planning.target', verbose_name='target')),
            ],
            options={
                'verbose_name': 'historical deviation',
                'verbose_name_plural': 'historical deviations',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
