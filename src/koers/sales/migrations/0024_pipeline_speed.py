# Indexes of the pipeline's board, forecast and list (docs/decisions.md, 134).

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_personal_data_exports'),
        ('sales', '0023_quotes13'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='opportunity',
            name='opp_open_close_idx',
        ),
        migrations.AddIndex(
            model_name='opportunity',
            index=models.Index(fields=['owner', 'stage', 'closed_at', 'close_on', 'won_on', 'amount', 'probability', 'account'], name='opp_pipeline_idx'),
        ),
        migrations.AddIndex(
            model_name='opportunity',
            index=models.Index(fields=['stage', 'closed_at'], name='opp_stage_closed_idx'),
        ),
        migrations.AddIndex(
            model_name='opportunity',
            index=models.Index(condition=models.Q(('stage__in', ('prepare', 'qualify', 'needs', 'proposal', 'negotiation'))), fields=['close_on', 'id', 'account'], name='opp_open_list_idx'),
        ),
    ]
