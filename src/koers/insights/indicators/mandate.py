"""Mandate use: the quote versions that went beyond their owner's discount mandate (asked for
the manager's approval) in the period, and how many of those were approved or returned; and
the average discount on the quotes sent in the period (the matrix shows it per person, the
pipeline page per level A/B/C). For the quote's account manager."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    SUM,
    account_column,
    amount,
    link_to,
    moments,
    owner_column,
    source,
)
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
from koers.sales.models import QuoteVersion
from koers.sales.models.quote_approvals import ApprovalStatus, ApprovalStep, QuoteApproval
from koers.sales.quotes.queries import versions_readable

OWNER = "quote__owner"


def _step(status: str = "", manager_in: Period | None = None) -> Exists:
    steps = QuoteApproval.objects.filter(quote_version=OuterRef("pk"))
    if status:
        steps = steps.filter(status=status)
    if manager_in is not None:
        start, end = moments(manager_in)
        steps = steps.filter(step=ApprovalStep.MANAGER, created_at__gte=start, created_at__lt=end)
    return Exists(steps)


def beyond(user: User | None, period: Period, outcome: str) -> QuerySet[QuoteVersion]:
    """The versions whose approval (the manager's step) was asked in the period; approved:
    every step decided approved (none returned, none waiting); returned: a step returned."""
    rows = source(user, QuoteVersion.objects.all(), versions_readable, period, "quote__account")
    rows = rows.filter(_step(manager_in=period))
    if outcome == "approved":
        return (
            rows.filter(_step(ApprovalStatus.APPROVED))
            .exclude(_step(ApprovalStatus.RETURNED))
            .exclude(_step(ApprovalStatus.PENDING))
        )
    if outcome == "returned":
        return rows.filter(_step(ApprovalStatus.RETURNED))
    return rows


def _count(outcome: str) -> Compute:
    def compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
        rows = by_owners(beyond(user, period, outcome), owners, OWNER).order_by().values(OWNER)
        return grouped(rows.annotate(value=Count("pk")), owner=OWNER)

    return compute


def _versions(rows: QuerySet[QuoteVersion]) -> Drill:
    columns = (
        Column(_("number"), lambda v: v.quote.number),
        Column(_("title"), lambda v: v.quote.title),
        account_column("quote__account"),
        owner_column("quote__owner"),
        Column(_("status"), lambda v: v.get_status_display()),
        Column(_("discount"), lambda v: amount(v.total_discount)),
        Column(_("net amount"), lambda v: amount(v.net_total)),
    )
    rows = rows.select_related("quote", "quote__account", "quote__owner")
    return Drill(rows.order_by("-pk"), columns, link=link_to("sales:quote_version"), owner=OWNER)


def _drill(outcome: str) -> DrillFor:
    def drill(user: User, period: Period, owner: int | None) -> Drill:
        rows = by_owners(beyond(user, period, outcome), None if owner is None else [owner], OWNER)
        return _versions(rows)

    return drill


SOURCE = _(
    "Quote approvals: the manager's step asked in the period, and how the steps were "
    "decided; the quote's account manager."
)
for outcome, name, definition in (
    (
        "asked",
        _("Quotes beyond mandate"),
        _("Quote versions that went beyond the discount mandate and asked for approval."),
    ),
    (
        "approved",
        _("Beyond mandate, approved"),
        _("Of the quotes beyond mandate, those approved at every step."),
    ),
    (
        "returned",
        _("Beyond mandate, returned"),
        _("Of the quotes beyond mandate, those returned by the manager or sales director."),
    ),
):
    register(
        Indicator(
            key="mandate_" + outcome,
            area="quotes",
            name=name,
            definition=definition,
            formula=_(
                "Number of quote versions whose approval by the manager was asked in the "
                "period, with this outcome."
            ),
            source=SOURCE,
            unit=COUNT,
            compute=_count(outcome),
            drill=_drill(outcome),
        )
    )


# ---------------------------------------------------------------------- average discount


def sent(user: User | None, period: Period) -> QuerySet[QuoteVersion]:
    start, end = moments(period)
    rows = source(user, QuoteVersion.objects.all(), versions_readable, period, "quote__account")
    return rows.filter(sent_at__gte=start, sent_at__lt=end)


def _discount(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(sent(user, period), owners, OWNER).order_by().values(OWNER)
    return grouped(
        rows.annotate(
            value=Sum("total_discount", output_field=SUM),
            base=Sum("subtotal", output_field=SUM),
        ),
        owner=OWNER,
    )


def _discount_drill(user: User, period: Period, owner: int | None) -> Drill:
    drill = _versions(by_owners(sent(user, period), None if owner is None else [owner], OWNER))
    subtotal = Column(_("subtotal"), lambda v: amount(v.subtotal))
    return Drill(drill.rows, (*drill.columns, subtotal), link=drill.link, owner=OWNER)


def discount_by_level(
    user: User, period: Period, owners: list[int] | None
) -> list[tuple[str, Decimal | None, int]]:
    """Per level of the account manager (A, B, C, none): the average discount and quotes."""
    rows = by_owners(sent(user, period), owners, OWNER).order_by().values("quote__owner__level")
    found = rows.annotate(
        value=Sum("total_discount", output_field=SUM),
        base=Sum("subtotal", output_field=SUM),
        n=Count("pk"),
    )
    return [
        (
            r["quote__owner__level"] or "",
            (r["value"] * 100 / r["base"]).quantize(Decimal("0.1")) if r["base"] else None,
            r["n"],
        )
        for r in sorted(found, key=lambda r: r["quote__owner__level"] or "Z")
    ]


register(
    Indicator(
        key="quote_discount",
        area="quotes",
        name=_("Average discount"),
        definition=_("The discount given on the quotes sent in the period, on their subtotal."),
        formula=_(
            "Sum of the discounts ÷ sum of the subtotals (before discount) x 100, over the "
            "quote versions sent in the period."
        ),
        source=_("Quote versions: their totals and the moment they were sent; the quote's owner."),
        unit=PERCENT,
        compute=_discount,
        drill=_discount_drill,
    )
)
