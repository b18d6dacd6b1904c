"""Contact frequency against the norm: the accounts of the portfolio by their kept contact
status (`relations.ContactState`, refreshed by every write of an activity): on track, due soon
(within `DUE_SOON_DAYS`) or overdue, and the share within the norm. Figures of the present.
Accounts whose status is not known yet (made in bulk, before the daily job) are not counted."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import at_least, link_to, owner_column, source
from koers.insights.periods import Period
from koers.insights.registry import (
    COUNT,
    PERCENT,
    Compute,
    Drill,
    DrillFor,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)
from koers.relations.norms import DUE_SOON_DAYS, STATUS_LABELS, status_of


def conditions() -> dict[str, Q]:
    today = timezone.localdate()
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return {
        "on_track": Q(contact_state__due_on__gt=soon),
        "due_soon": Q(contact_state__due_on__gte=today, contact_state__due_on__lte=soon),
        "overdue": Q(contact_state__due_on__lt=today),
        "within": Q(contact_state__due_on__gte=today),
    }


def with_state(user: User | None, period: Period) -> QuerySet[Account]:
    return source(user, Account.objects.all(), access.accounts_readable, period, "").filter(
        contact_state__isnull=False
    )


def _compute(status: str, ratio: bool) -> Compute:
    def compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
        rows = by_owners(with_state(user, period), owners).order_by().values("owner")
        value = Count("pk", filter=conditions()[status])
        if ratio:
            return grouped(rows.annotate(value=value, base=Count("pk")))
        return grouped(rows.annotate(value=value))

    return compute


def _drill(status: str) -> DrillFor:
    def drill(user: User, period: Period, owner: int | None) -> Drill:
        rows = by_owners(with_state(user, period), None if owner is None else [owner])
        if status != "all":
            rows = rows.filter(conditions()[status])
        today = timezone.localdate()
        columns = (
            Column(_("account"), lambda a: a.name),
            owner_column(),
            Column(_("tier"), lambda a: a.tier),
            Column(_("last contact"), lambda a: a.contact_state.last_contact_on),
            Column(_("contact due"), lambda a: a.contact_state.due_on),
            Column(
                _("contact status"),
                lambda a: str(STATUS_LABELS[status_of(a.contact_state.due_on, today)]),
            ),
        )
        rows = rows.select_related("owner", "contact_state")
        return Drill(
            rows.order_by("contact_state__due_on", "name", "pk"),
            columns,
            link=link_to("accounts:account_detail"),
        )

    return drill


SOURCE = _(
    "Accounts of the portfolio with their contact status, from the done visits and calls "
    "and the contact norm of the account or its tier."
)

for key, status, name, definition in (
    (
        "contact_on_track",
        "on_track",
        _("Contacts on track"),
        _("Accounts whose next contact is due later than two weeks from now."),
    ),
    (
        "contact_due_soon",
        "due_soon",
        _("Contacts due soon"),
        _("Accounts whose next contact is due within two weeks."),
    ),
    (
        "contact_overdue",
        "overdue",
        _("Contacts overdue"),
        _("Accounts not contacted within their norm."),
    ),
):
    register(
        Indicator(
            key=key,
            area="contacts",
            name=name,
            definition=definition,
            formula=_("Number of accounts of the portfolio with this contact status today."),
            source=SOURCE,
            unit=COUNT,
            compute=_compute(status, ratio=False),
            drill=_drill(status),
            per_period=False,
        )
    )

register(
    Indicator(
        key="contact_within_norm",
        area="contacts",
        name=_("Contacts within the norm"),
        definition=_("The share of the portfolio contacted within its contact norm."),
        formula=_("(On track + due soon) ÷ all accounts with a contact status x 100, today."),
        source=SOURCE,
        unit=PERCENT,
        compute=_compute("within", ratio=True),
        drill=_drill("all"),
        light=at_least(Decimal(90), Decimal(75)),
        per_period=False,
    )
)
