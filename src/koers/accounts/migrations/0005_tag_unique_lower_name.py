"""One tag per lowered name (issue 8, fault 6): the database refuses a second "horeca" next to
"Horeca", also when two people add it at the same moment."""

from __future__ import annotations

from django.db import migrations, models
from django.db.models.functions import Lower


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_merge_tags_differing_in_case")]

    operations = [
        migrations.AddConstraint(
            model_name="tag",
            constraint=models.UniqueConstraint(
                Lower("name"), name="accounts_tag_unique_lower_name"
            ),
        ),
    ]
