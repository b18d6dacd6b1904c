"""DMU coverage (decision 142): of the deciders and buyers of the key accounts (tier A), the
share contacted within the account's contact norm, today: a done activity with that contact at
that account on or after today minus the norm's days (the account's kept `ContactState`). A
figure of today, for the account's owner. Positions that ended are not counted, nor accounts
whose contact status is not known yet."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import BuyingRole, Position, Tier
from koers.core import access
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import at_least, link_to, owner_column, source
from koers.insights.periods import Period
from koers.insights.registry import PERCENT, Drill, Indicator, Part, by_owners, register
from koers.relations.models import Activity, ActivityStatus

ROLES = (BuyingRole.DECIDER, BuyingRole.BUYER)
OWNER = "account__owner"


def _readable(user: User) -> QuerySet[Position]:
    return access.scope_through_account(Position.objects.all(), user)


def key_people(user: User | None, period: Period) -> QuerySet[Position]:
    today = timezone.localdate()
    last = (
        Activity.objects.filter(
            status=ActivityStatus.DONE,
            account=OuterRef("account"),
            contacts=OuterRef("contact"),
            planned_start__lte=timezone.now(),
        )
        .order_by("-planned_start")
        .values("planned_start")[:1]
    )
    rows = source(user, Position.objects.all(), _readable, period)
    return (
        rows.filter(
            account__tier=Tier.A,
            buying_role__in=ROLES,
            account__contact_state__isnull=False,
        )
        .exclude(end_date__lt=today)
        .annotate(last_contact_at=Subquery(last), norm_days=F("account__contact_state__norm_days"))
    )


def within(position: Any) -> bool:
    """Contacted within the norm: the last done contact no longer ago than the norm's days."""
    last = position.last_contact_at
    if last is None:
        return False
    norm = timedelta(days=position.norm_days)
    return timezone.localtime(last).date() >= timezone.localdate() - norm


def _compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(key_people(user, period), owners, OWNER).values_list(
        OWNER, "last_contact_at", "norm_days"
    )
    parts: dict[int, Part] = {}
    today = timezone.localdate()
    for owner, last, norm in rows.order_by():
        hit = last is not None and timezone.localtime(last).date() >= today - timedelta(days=norm)
        before = parts.get(owner, Part(Decimal(0), Decimal(0)))
        parts[owner] = Part(before.value + (1 if hit else 0), (before.base or Decimal(0)) + 1)
    return parts


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(key_people(user, period), None if owner is None else [owner], OWNER)
    rows = rows.select_related("contact", "account", "account__owner")
    columns = (
        Column(_("contact"), lambda p: str(p.contact)),
        Column(_("account"), lambda p: p.account.name),
        owner_column(OWNER),
        Column(_("buying role"), lambda p: p.get_buying_role_display()),
        Column(_("last contact"), lambda p: p.last_contact_at),
        Column(_("days between contacts"), lambda p: p.norm_days),
        Column(
            _("within the norm"), lambda p: gettext_now("yes") if within(p) else gettext_now("no")
        ),
    )
    return Drill(
        rows.order_by("account__name", "pk"),
        columns,
        link=link_to("accounts:contact_detail", "contact_id"),
        owner=OWNER,
    )


register(
    Indicator(
        key="dmu_coverage",
        area="contacts",
        name=_("DMU coverage"),
        definition=_(
            "The share of the deciders and buyers of the key accounts contacted within the "
            "account's contact norm."
        ),
        formula=_(
            "Deciders and buyers of tier A accounts with a done activity with them at that "
            "account within the norm's days ÷ all of them x 100, today."
        ),
        source=_(
            "Contacts' positions at the accounts (buying role), done activities with the "
            "contact, and the account's contact norm."
        ),
        unit=PERCENT,
        compute=_compute,
        drill=_drill,
        light=at_least(Decimal(90), Decimal(75)),
        per_period=False,
    )
)
