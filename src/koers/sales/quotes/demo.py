"""Quotes for the demo (`manage.py demo`): for open opportunities, quotes in every status
(draft, in review, approved, sent, accepted, declined, expired), one with a revision and one
with two variants; those beyond their owner's mandate approved on their way, three of Noord
beyond it waiting for marieke's approval, and one of Midden that jeroen returned (too much
discount), then brought within the mandate and sent. The expired ones are the validity watch's
work (their day passed; the job expired them and planned the follow-up calls), and three sent
ones have an online link, one of them opened and one accepted online (its order and
confirmation made). Made through the services, so each has its history and totals; reviewed by
a colleague who may (inside sales or a manager of the account, never the owner). Its own random
stream (from the seed), so that the steps after it draw as before."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from koers.core import access
from koers.core.models import Role, User
from koers.correspondence import queries as correspondence_queries
from koers.correspondence.models import SentMailRecipient
from koers.demo.context import DemoContext
from koers.notifications.models import Notification
from koers.sales.mandate import loaders
from koers.sales.mandate.rules import Step
from koers.sales.models import OPEN_STAGES, Opportunity, QuoteLink, QuoteStatus, QuoteVersion
from koers.sales.quotes import queries, services
from koers.sales.quotes.services import CHECKLIST, LineData, online, watch_validity
from koers.sales.quotes.services.links import quote_link_make

S = QuoteStatus
# How many quotes end in each status.
SPREAD = {
    S.DRAFT: 4,
    S.IN_REVIEW: 4,
    S.APPROVED: 3,
    S.SENT: 5,
    S.ACCEPTED: 4,
    S.DECLINED: 3,
    S.EXPIRED: 2,
}
TERMS = {
    "delivery_terms": "Levering binnen 5 werkdagen na akkoord, franco vanaf € 250.",
    "payment_terms": "Betaling binnen 30 dagen na factuurdatum.",
    "introduction": "Dank voor het prettige gesprek. Hierbij ontvang je onze offerte.",
    "value_proposition": "Vaste kwaliteit, vaste prijzen per kwartaal en levering op tijd.",
}


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 11 + 3)
    deals = list(
        Opportunity.objects.filter(stage__in=OPEN_STAGES)
        .select_related("account", "owner", "branch")
        .order_by("pk")[:60]
    )
    reviewers = list(
        User.objects.filter(is_active=True, role__in=[Role.INSIDE_SALES, Role.MANAGER])
    ) + list(User.objects.filter(is_active=True, role=Role.ADMIN))
    if not deals or not reviewers:
        return
    made = 0
    for status, count in SPREAD.items():
        for _ in range(count):
            deal = _still_open(rng.choice(deals), deals)
            if deal is not None:
                _make(deal, status, rng, reviewers)
                made += 1
    _revised_and_variant([d for d in [_still_open(deals[0], deals)] if d], rng, reviewers)
    waiting = _awaiting_approval(rng, reviewers)
    online = _online(deals, rng, reviewers)
    returned = _returned(rng, reviewers)  # last: the quotes before it draw as they did
    watched = watch_validity(timezone.localdate())
    # A demo database mails no one: the quotes' notifications count as e-mailed (the task
    # that runs after the commit then finds nothing to send), as the proposals' do.
    Notification.objects.filter(kind__startswith="quote_", emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    context.summary.append(
        f"{made + 2 + waiting + returned + online} quotes ({waiting} awaiting approval, "
        f"{returned} returned by the manager, "
        f"{watched.expired} expired by the validity watch, {online} with an online link)"
    )


def _online(deals: list[Opportunity], rng: random.Random, reviewers: list[User]) -> int:
    """Three quotes marked as sent with a link made by hand for a contact of the account: the
    first left alone, the second opened, the third accepted online (its order made and its
    confirmation recorded as sent: a demo database mails no one)."""
    made = 0
    for step in range(3):
        deal = _still_open(deals[(step * 7 + 5) % len(deals)], deals)
        if deal is None:
            continue
        person = correspondence_queries.current_contacts(deal.account).exclude(email="").first()
        if person is None:
            continue
        version = _new(deal, rng)
        _bring(version, S.SENT, deal.owner, reviewers)
        version = QuoteVersion.objects.select_related("quote").get(pk=version.pk)
        if version.status != S.SENT:
            continue
        quote_link_make(actor=deal.owner, version=version, contact=person)
        link = QuoteLink.objects.select_related("quote_version__quote").get(quote_version=version)
        made += 1
        if step >= 1:
            online.link_opened(link)
        if step == 2:
            online.quote_accept_online(
                link=link, name=person.full_name, terms_accepted=True, ip="192.0.2.10"
            )
            SentMailRecipient.objects.filter(sent_at__isnull=True, email=person.email).update(
                sent_at=timezone.now(), attempts=1
            )
    return made


def _still_open(deal: Opportunity, deals: list[Opportunity]) -> Opportunity | None:
    """An accepted quote wins its deal (and makes its order): a won deal takes no new quote,
    the first of the deals still open does."""
    open_ids = set(
        Opportunity.objects.filter(pk__in=[d.pk for d in deals], stage__in=OPEN_STAGES).values_list(
            "pk", flat=True
        )
    )
    if deal.pk in open_ids:
        return deal
    return next((d for d in deals if d.pk in open_ids), None)


def _reviewer(version: QuoteVersion, reviewers: list[User]) -> User:
    for user in reviewers:
        if access.can_review(user) and queries.may_review(user, version):
            return user
    return reviewers[-1]


def _make(deal: Opportunity, status: str, rng: random.Random, reviewers: list[User]) -> None:
    _bring(_new(deal, rng), status, deal.owner, reviewers)


def _new(deal: Opportunity, rng: random.Random) -> QuoteVersion:
    """A draft with the deal's products, the demo's terms and a delivery line."""
    owner = deal.owner
    version = services.quote_create(actor=owner, opportunity=deal)
    services.quote_terms_update(
        actor=owner,
        version=version,
        expected_version=QuoteVersion.objects.get(pk=version.pk).version,
        data=services.TermsData(
            valid_until=version.valid_until,
            delivery_terms=TERMS["delivery_terms"],
            payment_terms=TERMS["payment_terms"],
            introduction=TERMS["introduction"],
            value_proposition=TERMS["value_proposition"],
            discount_percent=Decimal(rng.choice([0, 0, 2, 5])) or None,
        ),
    )
    services.quote_line_add(
        actor=owner,
        version=version,
        data=LineData(
            description="Bezorging en koeltransport",
            quantity=Decimal("1"),
            unit_price=Decimal(rng.choice([25, 45, 75])),
            cost_price=Decimal("20"),
            vat_category="high",
        ),
    )
    return version


def _bring(
    version: QuoteVersion,
    status: str,
    owner: User,
    reviewers: list[User],
    *,
    approve: bool = True,
) -> None:
    """Takes a draft to `status` as its people would; beyond the mandate it is approved on its
    way unless `approve` is false (then it stops at needs approval)."""
    version = QuoteVersion.objects.select_related("quote").get(pk=version.pk)
    if status == S.DRAFT:
        return
    version = services.quote_submit(actor=owner, version=version)
    if status == S.IN_REVIEW or version.status != S.IN_REVIEW:
        return
    version = services.quote_review_approve(
        actor=_reviewer(version, reviewers), version=version, checklist=list(CHECKLIST)
    )
    if approve:
        version = _through_approval(version, owner)
    if status == S.APPROVED or version.status != S.APPROVED:
        return
    version = services.quote_mark_sent(actor=owner, version=version)
    if status == S.ACCEPTED:
        services.quote_accept(
            actor=owner, version=version, accepted_by_name="J. de Vries", customer_reference="PO-1"
        )
    elif status == S.DECLINED:
        services.quote_decline(actor=owner, version=version, reason="Prijs te hoog")
    elif status == S.EXPIRED:
        # Its day passed: the validity watch (run at the end of `build`) expires it.
        past = timezone.localdate() - timedelta(days=3)
        QuoteVersion.objects.filter(pk=version.pk).update(valid_until=past)


def _through_approval(version: QuoteVersion, owner: User) -> QuoteVersion:
    """A version beyond its owner's mandate approved step by step by whoever may (a demo
    quote further down the road was approved on its way)."""
    for _step in range(2):
        approval = version.approvals.filter(status="pending").first()
        if version.status != S.NEEDS_APPROVAL or approval is None:
            break
        step: Step = "director" if approval.step == "director" else "manager"
        found = loaders.approvers_for(owner, step, timezone.localdate())
        if not found:
            break
        version = services.quote_approve(actor=found[0], version=version, comment="Akkoord.")
    return version


# Beyond the mandate, waiting for marieke (manager of Noord): per owner, the discount on a
# line of € 400 (cost € 200): daan (a personal mandate of 20 %) 25 %, lotte (A, 5 %) 8 %,
# sanne (C, 20 %) 45 % (far beyond: after marieke, the sales director).
AWAITING = {"daan": 25, "lotte": 8, "sanne": 45}


def _awaiting_approval(rng: random.Random, reviewers: list[User]) -> int:
    made = 0
    for username, discount in AWAITING.items():
        deal = (
            Opportunity.objects.filter(stage__in=OPEN_STAGES, owner__username=username)
            .select_related("account", "owner")
            .order_by("pk")
            .first()
        )
        if deal is None:
            continue
        version = _new(deal, rng)
        services.quote_line_add(
            actor=deal.owner,
            version=version,
            data=LineData(
                description="Jaarcontract onderhoud",
                quantity=Decimal("1"),
                unit_price=Decimal("400"),
                cost_price=Decimal("200"),
                discount_percent=Decimal(discount),
                vat_category="high",
            ),
        )
        version = QuoteVersion.objects.select_related("quote").get(pk=version.pk)
        version = services.quote_submit(actor=deal.owner, version=version)
        if version.status == S.IN_REVIEW:
            services.quote_review_approve(
                actor=_reviewer(version, reviewers), version=version, checklist=list(CHECKLIST)
            )
        made += 1
    return made


# Beyond the mandate and returned: emma (level B, 10 %) asks 18 % on a line of € 400 (cost
# € 200); jeroen (manager of Midden) returns it, and she brings it back to the 10 % she may give.
RETURNED = ("emma", 18, 10)


def _returned(rng: random.Random, reviewers: list[User]) -> int:
    """A version beyond the mandate that the manager returned: the step stays on the version
    as returned (the manager's "beyond mandate, returned"); the owner then lowers the discount
    and the same version goes through the review again, within the mandate, and is sent."""
    username, asked, allowed = RETURNED
    deal = (
        Opportunity.objects.filter(stage__in=OPEN_STAGES, owner__username=username)
        .select_related("account", "owner")
        .order_by("pk")
        .first()
    )
    if deal is None:
        return 0
    owner = deal.owner
    version = _new(deal, rng)
    line = services.quote_line_add(
        actor=owner,
        version=version,
        data=LineData(
            description="Jaarcontract onderhoud",
            quantity=Decimal("1"),
            unit_price=Decimal("400"),
            cost_price=Decimal("200"),
            discount_percent=Decimal(asked),
            vat_category="high",
        ),
    )
    _bring(version, S.APPROVED, owner, reviewers, approve=False)
    version = QuoteVersion.objects.select_related("quote").get(pk=version.pk)
    managers = loaders.approvers_for(owner, "manager", timezone.localdate())
    if version.status != S.NEEDS_APPROVAL or not managers:
        return 0
    services.quote_return(
        actor=managers[0],
        version=version,
        comment=f"{asked} % is te veel voor dit contract: ga naar {allowed} % en bied een "
        "looptijd van twee jaar aan.",
    )
    services.quote_line_update(
        actor=owner, line=line, data=LineData(discount_percent=Decimal(allowed))
    )
    _bring(version, S.SENT, owner, reviewers)
    return 1


def _revised_and_variant(
    deals: list[Opportunity], rng: random.Random, reviewers: list[User]
) -> None:
    """One sent quote revised into a draft v2; one sent quote with a variant B in review."""
    if not deals:
        return
    deal = deals[0]
    for make_variant in (False, True):
        version = _new(deal, rng)
        _bring(version, S.SENT, deal.owner, reviewers)
        version = QuoteVersion.objects.select_related("quote").get(pk=version.pk)
        if make_variant:
            variant = services.quote_add_variant(actor=deal.owner, version=version)
            _bring(variant, S.IN_REVIEW, deal.owner, reviewers)
        else:
            services.quote_revise(actor=deal.owner, version=version)
