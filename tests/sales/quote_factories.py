"""Quotes for tests, made through the services: from an opportunity with a catalogue line,
and brought to any status."""

from __future__ import annotations

from decimal import Decimal

from koers.accounts.models import Account, AccountTeamMember, TeamRole
from koers.core.models import User
from koers.sales.models import Product, QuoteStatus, QuoteVersion
from koers.sales.quotes import services
from koers.sales.quotes.services import CHECKLIST, LineData
from tests.sales.opportunity_factories import make_opportunity


def serve(account: Account, user: User) -> None:
    """Puts `user` (inside sales) on the account's team, so that they may review its quotes."""
    AccountTeamMember.objects.create(account=account, user=user, role=TeamRole.INSIDE_SALES)


def make_quote(
    actor: User,
    account: Account,
    product: Product | None = None,
    quantity: str = "2",
    status: str = QuoteStatus.DRAFT,
    reviewer: User | None = None,
) -> QuoteVersion:
    lines = [(product, Decimal(quantity))] if product else []
    opportunity = make_opportunity(actor, account, lines=lines)
    version = services.quote_create(actor=actor, opportunity=opportunity)
    if not product:
        services.quote_line_add(
            actor=actor,
            version=version,
            data=LineData(
                description="Installation",
                quantity=Decimal("1"),
                unit_price=Decimal("100.00"),
                vat_category="high",
            ),
        )
    return bring_to(version, status, actor, reviewer)


def through_approval(version: QuoteVersion) -> QuoteVersion:
    """A version beyond its owner's mandate (a line without a cost price is) is approved by the
    first who may decide each step, as a manager (and a director) would."""
    from django.utils import timezone

    from koers.sales.mandate.loaders import approvers_for

    while version.status == QuoteStatus.NEEDS_APPROVAL:
        step = version.approvals.get(status="pending").step
        owner = version.quote.owner
        approver = approvers_for(owner, step, timezone.localdate())[0]
        version = services.quote_approve(actor=approver, version=version, comment="Fine")
    return version


def bring_to(
    version: QuoteVersion, status: str, actor: User, reviewer: User | None = None
) -> QuoteVersion:
    S = QuoteStatus
    if status == S.DRAFT:
        return QuoteVersion.objects.get(pk=version.pk)
    version = services.quote_submit(actor=actor, version=version)
    if status == S.IN_REVIEW:
        return version
    assert reviewer is not None, "a reviewer approves it"
    version = services.quote_review_approve(
        actor=reviewer, version=version, checklist=list(CHECKLIST)
    )
    version = through_approval(version)
    if status == S.APPROVED:
        return version
    version = services.quote_mark_sent(actor=actor, version=version)
    if status == S.ACCEPTED:
        return services.quote_accept(actor=actor, version=version, accepted_by_name="Els Bos")
    if status == S.DECLINED:
        return services.quote_decline(actor=actor, version=version, reason="Too expensive")
    return version
