# Written by hand (issue 15, sales plans; docs/decisions.md, 125); checked with makemigrations --check.

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def _money(verbose_name, **kwargs):
    return models.DecimalField(
        decimal_places=2,
        max_digits=14,
        validators=[django.core.validators.MinValueValidator(Decimal('0'))],
        verbose_name=verbose_name,
        **kwargs,
    )


MEASURES = [('revenue', 'Revenue'), ('margin', 'Margin'), ('new_customers', 'New customers'), ('visits', 'Visits'), ('volume', 'Volume')]
DECISIONS = [('open', 'Awaiting a decision'), ('adopted', 'Adopted'), ('adjusted', 'Adopted with changes'), ('rejected', 'Rejected')]
STATUSES = [('draft', 'Draft'), ('submitted', 'Submitted'), ('returned', 'Returned for more'), ('decided', 'Decided')]
PERIODS = [('quarter', 'Quarter'), ('half', 'Half year'), ('year', 'Year')]


class Migration(migrations.Migration):

    dependencies = [
        ('planning', '0006_targets'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SalesAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('starts_on', models.DateField(verbose_name='starts')),
                ('ends_on', models.DateField(verbose_name='ends')),
                ('description', models.TextField(blank=True, verbose_name='description')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('product_groups', models.ManyToManyField(blank=True, related_name='+', to='sales.productgroup', verbose_name='product groups')),
                ('segment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='accounts.segment', verbose_name='segment')),
            ],
            options={
                'verbose_name': 'sales action',
                'verbose_name_plural': 'sales actions',
                'ordering': ['-starts_on', 'name'],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='sales_action_ends_after_start')],
            },
        ),
        migrations.CreateModel(
            name='SalesPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('period_kind', models.CharField(choices=PERIODS, max_length=8, verbose_name='period')),
                ('period', models.PositiveSmallIntegerField(default=1, verbose_name='period number')),
                ('status', models.CharField(choices=STATUSES, default='draft', max_length=10, verbose_name='status')),
                ('market_developments', models.TextField(blank=True, verbose_name='market developments')),
                ('branch_developments', models.TextField(blank=True, verbose_name='developments in the trade')),
                ('competitor_developments', models.TextField(blank=True, verbose_name='developments of competitors')),
                ('submitted_at', models.DateTimeField(blank=True, null=True, verbose_name='submitted')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                ('version', models.PositiveIntegerField(default=1, editable=False)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='sales_plans', to=settings.AUTH_USER_MODEL, verbose_name='account manager')),
            ],
            options={
                'verbose_name': 'sales plan',
                'verbose_name_plural': 'sales plans',
                'ordering': ['-year', 'period_kind', '-period', 'pk'],
                'indexes': [models.Index(fields=['year', 'owner'], name='sales_plan_year_owner')],
                'constraints': [
                    models.UniqueConstraint(fields=('owner', 'year', 'period_kind', 'period'), name='sales_plan_once'),
                    models.CheckConstraint(condition=models.Q(('status__in', ['draft', 'submitted', 'returned', 'decided'])), name='sales_plan_status_valid'),
                    models.CheckConstraint(condition=models.Q(models.Q(('period__gte', 1), ('period__lte', 4), ('period_kind', 'quarter')), models.Q(('period__gte', 1), ('period__lte', 2), ('period_kind', 'half')), models.Q(('period', 1), ('period_kind', 'year')), _connector='OR'), name='sales_plan_period_valid'),
                ],
            },
        ),
        migrations.CreateModel(
            name='SalesProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='proposal')),
                ('rationale', models.TextField(blank=True, verbose_name='why: the developments behind it')),
                ('expected_revenue', _money('expected revenue', default=Decimal('0'))),
                ('action_cost', _money('cost of the actions', default=Decimal('0'))),
                ('decision', models.CharField(choices=DECISIONS, default='open', max_length=10, verbose_name='decision')),
                ('adopted_revenue', _money('adopted revenue', blank=True, null=True)),
                ('decision_comment', models.TextField(blank=True, verbose_name='comment on the decision')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='decided')),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('account', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.account', verbose_name='account')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='proposals', to='planning.salesplan')),
                ('product_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='sales.productgroup', verbose_name='product group')),
                ('sales_action', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='proposals', to='planning.salesaction', verbose_name='organisation-wide action')),
            ],
            options={
                'verbose_name': 'sales proposal',
                'verbose_name_plural': 'sales proposals',
                'ordering': ['position', 'pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('decision__in', ['open', 'adopted', 'adjusted', 'rejected'])), name='sales_proposal_decision_valid')],
            },
        ),
        migrations.CreateModel(
            name='SalesPlanTarget',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('measure', models.CharField(choices=MEASURES, max_length=16, verbose_name='measure')),
                ('amount', _money('proposed target')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='targets', to='planning.salesplan')),
                ('product_group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='sales.productgroup', verbose_name='product group')),
            ],
            options={
                'verbose_name': 'proposed target',
                'verbose_name_plural': 'proposed targets',
                'ordering': ['measure', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SalesPlanAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(max_length=200, verbose_name='what')),
                ('due_on', models.DateField(verbose_name='when')),
                ('account', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.account', verbose_name='account')),
                ('activity', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sales_plan_action', to='relations.activity', verbose_name='activity')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='planning.salesplan')),
                ('proposal', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='planning.salesproposal', verbose_name='proposal')),
            ],
            options={
                'verbose_name': 'planned action',
                'verbose_name_plural': 'planned actions',
                'ordering': ['due_on', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='SalesPlanComment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('asks_more', models.BooleanField(default=False, verbose_name='asks for more')),
                ('text', models.TextField(verbose_name='comment')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='written')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='planning.salesplan')),
            ],
            options={
                'verbose_name': 'sales plan comment',
                'verbose_name_plural': 'sales plan comments',
                'ordering': ['created_at', 'pk'],
            },
        ),
    ]
