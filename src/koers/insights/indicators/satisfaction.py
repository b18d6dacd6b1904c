"""Customer satisfaction (decision 148): the net promoter score of the surveys answered in the
period, and the share of complaint follow-up checks the customer answered "satisfied".

- **NPS**: percent promoters (9-10) minus percent detractors (0-6). As a part: the promoters
  less the detractors over the answers, so that a team's score is its own (all its answers
  together), not an average of its people's scores. For the order's account manager, as the
  survey list counts them.
- **Follow-up satisfied**: the answers to the follow-up check of a solved complaint (decision
  16): "satisfied" verifies the complaint, "not satisfied" reopens it. A reopening of a
  rejected complaint is no answer to a follow-up and is not counted. By the moment of the
  answer, for the account's account manager (as the other complaint figures).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.aftersales.models import LOW_SCORE, Survey
from koers.aftersales.queries import surveys_readable
from koers.complaints.models import ComplaintStep, StepKind
from koers.complaints.queries import complaints_readable
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    account_column,
    at_least,
    link_to,
    moments,
    owner_column,
    source,
)
from koers.insights.periods import Period
from koers.insights.registry import PERCENT, Drill, Indicator, Part, by_owners, grouped, register

PROMOTER = 9
SURVEY_OWNER = "order__owner"
STEP_OWNER = "account__owner"

# ------------------------------------------------------------------------------------ NPS


def answered(user: User | None, period: Period) -> QuerySet[Survey]:
    start, end = moments(period)
    return source(user, Survey.objects.all(), surveys_readable, period).filter(
        answered_at__gte=start, answered_at__lt=end
    )


def _nps(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(answered(user, period), owners, SURVEY_OWNER).order_by().values(SURVEY_OWNER)
    promoters = Count("pk", filter=Q(score__gte=PROMOTER))
    detractors = Count("pk", filter=Q(score__lte=LOW_SCORE))
    return grouped(
        rows.annotate(value=promoters - detractors, base=Count("pk")), owner=SURVEY_OWNER
    )


def nps_group(score: int | None) -> str:
    """What an answer adds to the score: +1 a promoter, -1 a detractor, 0 a passive."""
    if score is None:
        return ""
    if score >= PROMOTER:
        return gettext("promoter")
    return gettext("detractor") if score <= LOW_SCORE else gettext("passive")


def _nps_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(answered(user, period), None if owner is None else [owner], SURVEY_OWNER)
    columns = (
        Column(_("order"), lambda s: s.order.number),
        account_column(),
        owner_column(SURVEY_OWNER),
        Column(_("answered"), lambda s: s.answered_at),
        Column(_("score"), lambda s: s.score),
        Column(_("counts as"), lambda s: nps_group(s.score)),
    )
    return Drill(
        rows.select_related("order", "order__owner", "account").order_by("-answered_at", "-pk"),
        columns,
        link=link_to("aftersales:order_after_sales", "order_id"),
        owner=SURVEY_OWNER,
    )


register(
    Indicator(
        key="nps",
        area="satisfaction",
        name=_("Net promoter score"),
        definition=_(
            "How many customers would recommend us, less how many would not, from the "
            "surveys answered in the period."
        ),
        formula=_(
            "(Answers scoring 9 or 10 - answers scoring 0 to 6) ÷ all answers x 100; from -100 "
            "to 100. Green from 30, amber from 0."
        ),
        source=_(
            "Satisfaction surveys after delivery: the score (0-10) of each answered survey, by "
            "the moment it was answered; the order's account manager."
        ),
        unit=PERCENT,
        compute=_nps,
        drill=_nps_drill,
        light=at_least(Decimal(30), Decimal(0)),
    )
)


# ------------------------------------------------------------ complaint follow-up answers


def _steps_readable(user: User) -> QuerySet[ComplaintStep]:
    # Checked per step of the period, not by first listing every readable complaint.
    readable = complaints_readable(user).filter(pk=OuterRef("complaint"))
    return ComplaintStep.objects.filter(Exists(readable))


def follow_up_answers(user: User | None, period: Period) -> QuerySet[ComplaintStep]:
    """The customer's answers to a follow-up check in the period: a verification (satisfied),
    or a reopening right after the complaint was solved (not satisfied)."""
    start, end = moments(period)
    # The status move before this one (a hand-over moves no status). Steps are written in
    # order by the services, so the id orders them.
    before = (
        ComplaintStep.objects.filter(complaint=OuterRef("complaint"), pk__lt=OuterRef("pk"))
        .exclude(kind=StepKind.HANDED_OVER)
        .order_by("-pk")
        .values("kind")[:1]
    )
    rows = source(user, ComplaintStep.objects.all(), _steps_readable, period).filter(
        kind__in=(StepKind.VERIFIED, StepKind.REOPENED), at__gte=start, at__lt=end
    )
    return rows.annotate(before=Subquery(before)).filter(
        Q(kind=StepKind.VERIFIED) | Q(before=StepKind.SOLVED)
    )


def _follow_up(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(follow_up_answers(user, period), owners, STEP_OWNER)
    return grouped(
        rows.order_by()
        .values(STEP_OWNER)
        .annotate(value=Count("pk", filter=Q(kind=StepKind.VERIFIED)), base=Count("pk")),
        owner=STEP_OWNER,
    )


def satisfied(step: ComplaintStep) -> bool:
    return bool(step.kind == StepKind.VERIFIED)


def _answer(step: ComplaintStep) -> str:
    return gettext("Satisfied") if satisfied(step) else gettext("Not satisfied")


def _follow_up_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = follow_up_answers(user, period)
    rows = by_owners(rows, None if owner is None else [owner], STEP_OWNER)
    columns = (
        Column(_("complaint"), lambda s: str(s.complaint)),
        account_column(),
        owner_column(STEP_OWNER),
        Column(_("answered"), lambda s: s.at),
        Column(_("the customer's answer"), _answer),
        Column(_("note"), lambda s: s.note),
    )
    return Drill(
        rows.select_related("complaint__category", "account", "account__owner").order_by(
            "-at", "-pk"
        ),
        columns,
        link=link_to("complaints:complaint_detail", "complaint_id"),
        owner=STEP_OWNER,
    )


register(
    Indicator(
        key="complaint_follow_up_satisfied",
        area="satisfaction",
        name=_("Satisfied after a complaint"),
        definition=_(
            "Of the follow-up checks of solved complaints answered in the period, the share "
            "where the customer was satisfied."
        ),
        formula=_(
            "Answers “satisfied” ÷ all answers to a follow-up check (satisfied, or "
            "not satisfied and reopened) x 100, by the moment of the answer."
        ),
        source=_(
            "Complaints: the steps verified with the customer and reopened after being "
            "solved; the account's account manager."
        ),
        unit=PERCENT,
        compute=_follow_up,
        drill=_follow_up_drill,
        light=at_least(Decimal(90), Decimal(75)),
    )
)
