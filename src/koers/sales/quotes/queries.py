"""Reads of quotes, scoped by the access policy: a quote is readable and changeable like its
account (`access.through_account`). Reviewing is for inside sales (and managers, admins) who
may read the account, never the quote's owner."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from koers.core import access
from koers.core.models import Role, User
from koers.sales.figures import QuoteFigures
from koers.sales.models import (
    Opportunity,
    Quote,
    QuoteEvent,
    QuoteLine,
    QuoteLineGroup,
    QuoteReviewSnapshot,
    QuoteSettings,
    QuoteStatus,
    QuoteVersion,
)


def quotes_readable(user: User) -> QuerySet[Quote]:
    return access.scope_through_account(Quote.objects.all(), user)


def versions_readable(user: User) -> QuerySet[QuoteVersion]:
    return access.scope_through_account(QuoteVersion.objects.all(), user, path="quote__account")


def versions_readable_for_page(user: User) -> QuerySet[QuoteVersion]:
    """The same versions, for walking a list in order: each row's account is checked against
    hashed lists (`access.through_account_per_row`), not arrays scanned per row."""
    return QuoteVersion.objects.filter(access.through_account_per_row(user, "quote__account"))


def versions_readable_for_count(user: User) -> QuerySet[QuoteVersion]:
    """The same versions, for counting a list to its cap. A manager's teams read about a fifth
    of the accounts: checking versions one by one reaches 1,001 soonest (60 against 190 ms at
    size L). An account manager reads 2 %: starting from their accounts is shorter (50 against
    300 ms); decision 135."""
    if user.role == Role.MANAGER:
        return versions_readable_for_page(user)
    return versions_readable(user)


def versions_writable(user: User) -> QuerySet[QuoteVersion]:
    return access.scope_through_account(
        QuoteVersion.objects.all(), user, path="quote__account", write=True
    )


def may_change(user: User, version: QuoteVersion) -> bool:
    return versions_writable(user).filter(pk=version.pk).exists()


def may_quote(user: User, opportunity: Opportunity) -> bool:
    """A quote is made by whoever may change the opportunity's account."""
    return access.can_change_account(user, opportunity.account)


def may_review(user: User, version: QuoteVersion) -> bool:
    """Inside sales (managers, administrators) who may read it; never its owner."""
    return (
        access.can_review(user)
        and version.quote.owner_id != user.pk
        and versions_readable(user).filter(pk=version.pk).exists()
    )


def settings() -> QuoteSettings:
    """The administrator's settings (the defaults until they are first saved)."""
    return QuoteSettings.objects.filter(pk=1).first() or QuoteSettings(pk=1)


def version_for_detail(user: User | None, pk: int) -> QuoteVersion:
    """Raises QuoteVersion.DoesNotExist for one the user may not read; the groups, lines and
    the quote's other versions and history are taken with it. (`None`: unscoped, for a caller
    that checked the access otherwise: an approver of its pending step.)"""
    rows = QuoteVersion.objects.all() if user is None else versions_readable(user)
    return (
        rows.select_related(
            "quote",
            "quote__account",
            "quote__owner",
            "quote__opportunity",
            "reviewed_by",
            "revised_from",
            "document__general_terms",
        )
        .prefetch_related(
            Prefetch(
                "groups",
                QuoteLineGroup.objects.prefetch_related(
                    Prefetch("lines", QuoteLine.objects.select_related("product"))
                ),
            ),
            Prefetch("quote__versions", QuoteVersion.objects.order_by("number", "variant")),
            Prefetch("quote__events", QuoteEvent.objects.select_related("by", "quote_version")),
            "orders",
        )
        .get(pk=pk)
    )


def current_version(quote: Quote) -> QuoteVersion:
    """The newest version that nothing replaced (the first variant of the newest number)."""
    rows = quote.versions.filter(superseded_by__isnull=True).order_by("-number", "variant")
    return rows.first() or quote.versions.order_by("-number", "variant").first()  # type: ignore[return-value]


def lines_of(version: QuoteVersion) -> list[QuoteLine]:
    return list(
        QuoteLine.objects.filter(group__quote_version=version)
        .select_related("product", "group")
        .order_by("group__position", "group_id", "position", "pk")
    )


def figures_of(version: QuoteVersion) -> QuoteFigures:
    """What the mandate judges of a version as it is stored now (`sales/figures.py`)."""
    from koers.sales.quotes.services.common import totals_of
    from koers.sales.quotes.totals import figures

    totals = totals_of(
        version,
        lines_of(version),
        discount_percent=version.discount_percent,
        discount_amount=version.discount_amount,
    )
    return figures(totals)


def review_queue(user: User) -> QuerySet[QuoteVersion]:
    """Versions waiting for a review that `user` may do: the oldest request first, never the
    user's own quotes."""
    if not access.can_review(user):
        return QuoteVersion.objects.none()
    return (
        versions_readable(user)
        .filter(status=QuoteStatus.IN_REVIEW)
        .exclude(quote__owner=user)
        .select_related("quote", "quote__account", "quote__owner")
        .order_by("submitted_at", "pk")
    )


def opportunity_quotes(user: User, opportunity: Opportunity) -> list[QuoteVersion]:
    """The current versions of the opportunity's quotes, for its page."""
    return list(
        versions_readable(user)
        .filter(quote__opportunity=opportunity, superseded_by__isnull=True)
        .select_related("quote")
        .order_by("-quote__created_at", "variant")[:20]
    )


def last_review(version: QuoteVersion) -> QuoteReviewSnapshot | None:
    """What inside sales saw the last time they reviewed this version, or the version it was
    revised from: a re-review compares against it."""
    ids = [version.pk] + ([version.revised_from_id] if version.revised_from_id else [])
    return (
        QuoteReviewSnapshot.objects.filter(quote_version_id__in=ids)
        .select_related("reviewed_by")
        .order_by("-taken_at", "-pk")
        .first()
    )
