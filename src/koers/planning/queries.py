"""Reads of market information, scoped by the access policy: a signal is read like the accounts
it is tied to (or by everyone when tied to none); a competitor's presence at an account like
the account; competitors themselves by everyone signed in."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.planning.models import AccountCompetitor, MarketSignal
from koers.sales.models import Competitor, Opportunity, Stage
from koers.sales.opportunities.queries import opportunities_readable

# The related rows a signal shows wherever it is listed (one query each, whatever the rows).
SIGNAL_PREFETCH = ("accounts", "segments", "product_groups", "competitors")


def signals_readable(user: User) -> QuerySet[MarketSignal]:
    return MarketSignal.objects.filter(access.signals_readable_filter(user))


def signals_listed(user: User) -> QuerySet[MarketSignal]:
    """Readable signals with what a list shows of them; a tied account the reader may not
    read is left out of what is shown (`visible_accounts`)."""
    accounts = Prefetch(
        "accounts",
        queryset=access.accounts_readable(user).only("pk", "name").order_by("name"),
        to_attr="visible_accounts",
    )
    return (
        signals_readable(user)
        .select_related("recorded_by")
        .prefetch_related(accounts, "segments", "product_groups", "competitors")
    )


def visible_accounts(signal: MarketSignal) -> list[Account]:
    """The tied accounts the reader may read, of a signal from `signals_listed`."""
    return list(getattr(signal, "visible_accounts", []))


def signal_for_detail(user: User, pk: int) -> MarketSignal:
    """Raises MarketSignal.DoesNotExist for one the user may not read."""
    return signals_listed(user).get(pk=pk)


def signals_of_account(user: User, account: Account) -> QuerySet[MarketSignal]:
    return signals_listed(user).filter(accounts=account)


def signals_of_competitor(user: User, competitor: Competitor) -> QuerySet[MarketSignal]:
    return signals_listed(user).filter(competitors=competitor)


def competitors_listed() -> QuerySet[Competitor]:
    """Every competitor, with how many accounts it supplies (counted in the same query)."""
    return Competitor.objects.annotate(presence_count=Count("presences", distinct=True)).order_by(
        "-active", "name"
    )


def presences_of_account(user: User, account: Account) -> QuerySet[AccountCompetitor]:
    """The competitors at `account` (already readable to `user`)."""
    return (
        AccountCompetitor.objects.filter(account=account)
        .select_related("competitor")
        .prefetch_related("earlier_shares")
    )


def presences_of_competitor(user: User, competitor: Competitor) -> QuerySet[AccountCompetitor]:
    """Where `competitor` supplies, among the accounts `user` may read."""
    rows = AccountCompetitor.objects.filter(competitor=competitor)
    return (
        access.scope_through_account(rows, user)
        .select_related("account")
        .prefetch_related("earlier_shares")
        .order_by("account__name")
    )


def deals_lost_to(user: User, competitor: Competitor) -> QuerySet[Opportunity]:
    """Opportunities lost to `competitor`, among those `user` may read, the latest first."""
    return (
        opportunities_readable(user)
        .filter(stage=Stage.LOST, lost_to=competitor)
        .select_related("account", "owner")
        .order_by("-closed_at", "-pk")
    )
