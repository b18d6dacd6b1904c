# Account plans' progress, deviations, reviews and deadlines (docs/decisions.md, 127).

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_statutory_name_and_general_terms'),
        ('planning', '0008_target_deviations'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='planningsettings',
            name='deviation_margin',
            field=models.PositiveSmallIntegerField(default=10, help_text='A goal is behind when its actual is more than this below its pro-rata part.', validators=[django.core.validators.MaxValueValidator(100)], verbose_name='margin before a goal counts as behind (%)'),
        ),
        migrations.AddField(
            model_name='accountplan',
            name='next_review_on',
            field=models.DateField(blank=True, null=True, verbose_name='next review'),
        ),
        migrations.AddIndex(
            model_name='accountplan',
            index=models.Index(fields=['owner', 'next_review_on'], name='account_plan_owner_review'),
        ),
        migrations.CreateModel(
            name='PlanDeviation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('as_of', models.DateField(verbose_name='as of')),
                ('cause', models.CharField(choices=[('market', 'Market'), ('competitor', 'Competitor'), ('price', 'Price'), ('availability', 'Product availability'), ('customer_lost', 'Customer lost'), ('capacity', 'Own capacity'), ('other', 'Other')], max_length=16, verbose_name='cause')),
                ('comment', models.TextField(blank=True, verbose_name='comment')),
                ('corrective_action', models.TextField(verbose_name='corrective action')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('goal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deviations', to='planning.plangoal', verbose_name='goal')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
            ],
            options={
                'verbose_name': 'deviation',
                'verbose_name_plural': 'deviations',
                'ordering': ['-as_of', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('cause__in', ['market', 'competitor', 'price', 'availability', 'customer_lost', 'capacity', 'other'])), name='plan_deviation_cause_valid')],
            },
        ),
        migrations.CreateModel(
            name='PlanReview',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('held_on', models.DateField(verbose_name='held on')),
                ('goals_still_right', models.BooleanField(default=False, verbose_name='the goals are still right')),
                ('actions_on_track', models.BooleanField(default=False, verbose_name='the actions are on track')),
                ('deviations_explained', models.BooleanField(default=False, verbose_name='the deviations are explained')),
                ('customer_spoken', models.BooleanField(default=False, verbose_name='the customer was spoken to')),
                ('outcome', models.TextField(verbose_name='outcome')),
                ('next_review_on', models.DateField(blank=True, null=True, verbose_name='next review')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='recorded')),
                ('held_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='held by')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reviews', to='planning.accountplan', verbose_name='plan')),
            ],
            options={
                'verbose_name': 'plan review',
                'verbose_name_plural': 'plan reviews',
                'ordering': ['-held_on', '-pk'],
            },
        ),
        migrations.CreateModel(
            name='PlanDeadline',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2199)], verbose_name='year')),
                ('submit_by', models.DateField(verbose_name='submit by')),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan_deadlines', to='core.team', verbose_name='team')),
            ],
            options={
                'verbose_name': 'plan deadline',
                'verbose_name_plural': 'plan deadlines',
                'constraints': [models.UniqueConstraint(fields=('team', 'year'), name='plan_deadline_once_a_year')],
            },
        ),
    ]
