"""Tags whose names differ only in case become one (the oldest), before migration 0005 makes
the lowered name unique. Data only; its reverse leaves the merged tags merged."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def merge_tags(apps: Any, schema_editor: Any) -> None:
    Tag = apps.get_model("accounts", "Tag")
    Through = apps.get_model("accounts", "Account").tags.through
    kept: dict[str, Any] = {}
    for tag in Tag.objects.order_by("pk"):
        first = kept.setdefault(tag.name.lower(), tag)
        if first.pk == tag.pk:
            continue
        tagged = Through.objects.filter(tag_id=tag.pk).values_list("account_id", flat=True)
        have = set(Through.objects.filter(tag_id=first.pk).values_list("account_id", flat=True))
        Through.objects.bulk_create(
            [Through(account_id=pk, tag_id=first.pk) for pk in tagged if pk not in have]
        )
        tag.delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_contact_search")]

    operations = [migrations.RunPython(merge_tags, migrations.RunPython.noop)]
