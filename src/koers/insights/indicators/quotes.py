"""The quote hit rate: of the quotes decided in the period (accepted, declined or expired), the
share accepted. Counted per quote version that was decided, for the quote's account manager."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    account_column,
    amount,
    link_to,
    moments,
    owner_column,
    source,
)
from koers.insights.periods import Period
from koers.insights.registry import PERCENT, Drill, Indicator, Part, by_owners, grouped, register
from koers.sales.models import QuoteStatus, QuoteVersion
from koers.sales.quotes.queries import versions_readable

DECIDED = (QuoteStatus.ACCEPTED, QuoteStatus.DECLINED, QuoteStatus.EXPIRED)


def decided(user: User | None, period: Period) -> QuerySet[QuoteVersion]:
    start, end = moments(period)
    return source(
        user, QuoteVersion.objects.all(), versions_readable, period, "quote__account"
    ).filter(status__in=DECIDED, decided_at__gte=start, decided_at__lt=end)


def _compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(decided(user, period), owners, "quote__owner")
    return grouped(
        rows.order_by()
        .values("quote__owner")
        .annotate(value=Count("pk", filter=Q(status=QuoteStatus.ACCEPTED)), base=Count("pk")),
        owner="quote__owner",
    )


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(decided(user, period), None if owner is None else [owner], "quote__owner")
    rows = rows.select_related("quote", "quote__account", "quote__owner")
    columns = (
        Column(_("number"), lambda v: v.quote.number),
        Column(_("title"), lambda v: v.quote.title),
        account_column("quote__account"),
        owner_column("quote__owner"),
        Column(_("status"), lambda v: v.get_status_display()),
        Column(_("decided"), lambda v: v.decided_at),
        Column(_("net amount"), lambda v: amount(v.net_total)),
    )
    return Drill(
        rows.order_by("-decided_at", "-pk"),
        columns,
        link=link_to("sales:quote_version"),
        owner="quote__owner",
    )


register(
    Indicator(
        key="quote_hit_rate",
        area="quotes",
        name=_("Quote hit rate"),
        definition=_("Of the quotes decided in the period, the share the customer accepted."),
        formula=_(
            "Accepted ÷ (accepted + declined + expired) x 100, over the quote versions "
            "decided in the period."
        ),
        source=_(
            "Quotes: each version's status and the moment it was decided; the quote's "
            "account manager."
        ),
        unit=PERCENT,
        compute=_compute,
        drill=_drill,
    )
)
