"""The mandate in the demo (`manage.py demo`): the level mandates of the data migration, a cap
on one main product group, a personal mandate in marieke's team (daan, level B, gets level C's
room for a key account) and marieke's approvals delegated to jeroen for a week from tomorrow.
Draws nothing from the generator, so the rest of the demo stays the same."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from koers.core.models import User
from koers.demo.context import DemoContext
from koers.sales.mandate import services
from koers.sales.models import ApprovalDelegation, PersonalMandate, ProductGroup

DAAN = {
    "max_line_discount": Decimal("15"),
    "max_total_discount": Decimal("15"),
    "min_margin": Decimal("20"),
    "far_line_discount": Decimal("30"),
    "far_total_discount": Decimal("30"),
    "far_min_margin": Decimal("10"),
}


def build(context: DemoContext, rng: random.Random) -> None:
    users = context.users
    admin, marieke = users.get("admin"), users.get("marieke")
    daan, jeroen = users.get("daan"), users.get("jeroen")
    if not (admin and marieke and daan and jeroen):
        return
    today = max(context.today, timezone.localdate())
    _cap(admin)
    if not PersonalMandate.objects.filter(user=daan).exists():
        services.personal_mandate_set(
            actor=marieke,
            user=daan,
            limits=DAAN,
            reason="Sleutelklant dit kwartaal: ruimer mandaat in overleg met de directie.",
            valid_from=today,
            valid_until=today + timedelta(days=90),
        )
    if not ApprovalDelegation.objects.filter(manager=marieke).exists():
        services.delegation_create(
            actor=marieke,
            delegate=jeroen,
            starts_on=today + timedelta(days=1),
            ends_on=today + timedelta(days=7),
            note="Vakantie",
        )
    context.summary.append("1 personal mandate and 1 delegation")


def _cap(admin: User) -> None:
    group = ProductGroup.objects.filter(parent__isnull=True).order_by("position", "code").first()
    if group is not None:
        services.group_cap_set(actor=admin, group=group, max_discount=Decimal("8"))
