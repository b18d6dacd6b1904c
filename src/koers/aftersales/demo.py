"""After-sales for the demo (`manage.py demo`): satisfaction surveys with scores on delivered
orders of the past year (most answered, a few low ones with their follow-up call, one still
open), and extra questions none yet. The after-sales calls come by themselves: the orders step
delivered its recent orders through the status move, which plans them.

Rows are written directly rather than through `survey_send` / `survey_answer`: the demo mails
no one and notifies no one. Its own random stream, so the steps after it draw as before.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, time, timedelta

from django.utils import timezone

from koers.aftersales import tokens
from koers.aftersales.models import LOW_SCORE, Survey
from koers.correspondence import queries as correspondence_queries
from koers.demo.context import DemoContext
from koers.relations.models import ActivityKind
from koers.relations.services import activity_plan
from koers.sales.models import REVENUE_STATUSES, Order

SURVEYS = 60
COMMENTS = (
    "Prima geleverd, netjes op tijd.",
    "Goed advies bij de offerte, de chauffeur was vriendelijk.",
    "De levering was een dag later dan afgesproken.",
    "Product is goed, maar de factuur klopte niet meteen.",
    "",
)


def _at(day: object, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))  # type: ignore[arg-type]


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 13 + 7)
    since = context.today - timedelta(days=365)
    orders = list(
        Order.objects.filter(status__in=REVENUE_STATUSES, delivered_on__gte=since)
        .select_related("account", "owner")
        .order_by("delivered_on", "pk")[:SURVEYS]
    )
    made = 0
    for i, order in enumerate(orders):
        contact = correspondence_queries.current_contacts(order.account).exclude(email="").first()
        if contact is None or order.delivered_on is None:
            continue
        sent_on = min(order.delivered_on + timedelta(days=8), context.today)
        sent_at = _at(sent_on, 9)
        survey = Survey(
            order=order,
            account=order.account,
            contact=contact,
            language=contact.preferred_language if contact.preferred_language == "en" else "nl",
            # A token nobody knows: the demo's links are not for answering.
            token_hash=tokens.hash_of(secrets.token_urlsafe(32)),
            sent_by=order.owner,
            sent_at=sent_at,
            expires_at=sent_at + timedelta(days=30),
        )
        if i != len(orders) - 1:  # the latest stays unanswered
            _answer(survey, rng, sent_on)
        survey.save()
        made += 1
    context.summary.append(f"{made} surveys")


def _answer(survey: Survey, rng: random.Random, sent_on: object) -> None:
    survey.score = rng.choice([10, 9, 9, 8, 8, 8, 7, 7, 6, 5, 3])
    survey.sales_score = rng.randint(3, 5)
    survey.delivery_score = rng.randint(2, 5)
    survey.product_score = rng.randint(3, 5)
    survey.comment = rng.choice(COMMENTS)
    answered = sent_on + timedelta(days=rng.randint(0, 5))  # type: ignore[operator]
    survey.answered_at = _at(answered, 14)
    if survey.score <= LOW_SCORE:
        owner = survey.order.owner
        survey.follow_up = activity_plan(
            actor=owner,
            account=survey.account,
            kind=ActivityKind.PHONE_CALL,
            subject=f"Enquêtescore {survey.score} van order {survey.order.number} opvolgen",
            planned_start=_at(answered + timedelta(days=1), 10),
            duration=15,
            owner=owner,
            instructions=survey.comment or "De klant liet geen toelichting achter.",
        )
