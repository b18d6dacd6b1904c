"""The activities worked for a deal: an activity (relations) that belongs to one opportunity.

The link is a row in sales, not a foreign key on `Activity`: sales builds on relations (it
imports its models and services), so relations may not know opportunities, in its code nor in its
schema (docs/decisions.md, "Activities for a deal"). An activity with no row here is for the
account in general; one with a row is for that deal (at most one: the activity is the key).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.relations.models import Activity
from koers.sales.models.opportunities import Opportunity


class DealActivity(models.Model):
    activity = models.OneToOneField(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="deal_link",
    )
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="activity_links",
    )

    class Meta:
        verbose_name = _("activity for a deal")
        verbose_name_plural = _("activities for deals")

    def __str__(self) -> str:
        return f"{self.activity_id} → {self.opportunity_id}"
