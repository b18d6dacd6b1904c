"""The account health score: each component against hand-computed values, missing data as
"not available" with the weights re-normalised, and the facts read from real records."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from koers.aftersales import services as aftersales_services
from koers.planning.portfolio import health
from koers.planning.portfolio.health import ContactFacts, Facts, SurveyFacts
from koers.relations import services as relations_services
from tests.aftersales.factories import customer, delivered, sent
from tests.complaints.factories import make_complaint

TODAY = date(2026, 12, 5)


def _by_key(result: health.Health) -> dict[str, health.Component]:
    return {c.key: c for c in result.components}


def test_a_full_data_set_gives_the_hand_computed_score():
    facts = Facts(
        as_of=TODAY,
        contact=ContactFacts(due_on=TODAY + timedelta(days=5), norm_days=30, last_contact_on=None),
        surveys=SurveyFacts(answers=2, average=8.0, promoters=1, detractors=0),
        open_complaints=1,
        recent_complaints=1,
        revenue_now=Decimal("1100"),
        revenue_before=Decimal("1000"),
    )

    result = health.health_of(facts)

    parts = _by_key(result)
    assert [c.fraction for c in result.components] == [1.0, 0.8, 0.5, pytest.approx(1.0), None]
    # No plan: plan progress is not available; 90 points of weight are re-normalised to 100.
    # (25 x 1 + 25 x 0.8 + 20 x 0.5 + 20 x 1) / 90 = 75 / 90 = 83.3
    assert result.score == 83
    assert parts["contact"].max_points == pytest.approx(100 * 25 / 90)
    assert parts["satisfaction"].points == pytest.approx(100 * 25 / 90 * 0.8)
    assert parts["plan"].points is None
    assert parts["plan"].reason == "No account plan for this year."
    assert parts["complaints"].reason == "1 open; 1 received in the last 12 months."
    assert parts["satisfaction"].reason == (
        "Survey score 8.0 of 10 on average from 2 answers (NPS 50)."
    )
    assert result.stored() == {
        "contact": 27.8,
        "satisfaction": 22.2,
        "complaints": 11.1,
        "revenue": 22.2,
        "plan": None,
    }


def test_without_any_data_the_score_is_not_available_and_nothing_fails():
    result = health.health_of(Facts(as_of=TODAY))

    assert result.score is None
    assert [c.available for c in result.components] == [False] * 5
    assert _by_key(result)["complaints"].reason == "No orders or complaints to judge by."
    assert result.stored() == dict.fromkeys(health.WEIGHTS)


def test_missing_components_re_normalise_the_weights():
    # Contact 10 days over a 20-day norm: half; revenue flat: 80 %; no surveys, no plan.
    facts = Facts(
        as_of=TODAY,
        contact=ContactFacts(due_on=TODAY - timedelta(days=10), norm_days=20, last_contact_on=None),
        revenue_now=Decimal("500"),
        revenue_before=Decimal("500"),
    )

    result = health.health_of(facts)

    # contact 25 x 0.5, complaints 20 x 1, revenue 20 x 0.8 over 65: 48.5 / 65 = 74.6
    assert result.score == 75
    parts = _by_key(result)
    assert parts["contact"].reason == "Contact is 10 days overdue; the norm is every 20 days."
    assert parts["satisfaction"].available is False
    assert sum(c.max_points for c in result.components) == pytest.approx(100)


@pytest.mark.parametrize(
    ("now", "before", "fraction"),
    [
        ("600", "1000", 0.0),  # down 40 %: nothing
        ("300", "1000", 0.0),  # worse still: still nothing, never below zero
        ("1000", "1000", 0.8),  # flat
        ("1100", "1000", 1.0),  # up 10 %
        ("5000", "1000", 1.0),  # never above the weight
        ("800", "0", 1.0),  # new revenue
    ],
)
def test_the_revenue_trend_scores_the_change(now, before, fraction):
    part = health.revenue_part(
        Facts(as_of=TODAY, revenue_now=Decimal(now), revenue_before=Decimal(before))
    )

    assert part.fraction == pytest.approx(fraction)


def test_a_contact_twice_its_norm_overdue_scores_nothing():
    facts = Facts(as_of=TODAY, contact=ContactFacts(TODAY - timedelta(days=90), 30, None))

    assert health.contact_part(facts).fraction == 0.0


def test_many_complaints_score_nothing_but_never_below_zero():
    facts = Facts(as_of=TODAY, open_complaints=3, recent_complaints=4)

    assert health.complaints_part(facts).fraction == 0.0


def _at(day: date) -> time_machine.travel:
    return time_machine.travel(timezone.make_aware(datetime(day.year, day.month, day.day, 10)))


def test_the_facts_come_from_contacts_surveys_complaints_and_orders(people):
    account, contact = customer(people.alice, people.ingrid)
    with _at(date(2025, 3, 1)):  # the 12 months before
        delivered(people.alice, account, people.ingrid)  # 2 x € 50
    with _at(date(2026, 6, 1)):  # the last 12 months
        order = delivered(people.alice, account, people.ingrid, quantity="3")  # € 150
        _survey, token = sent(people.alice, order, contact)
        aftersales_services.survey_answer(token=token, score=9)
        relations_services.activity_log(
            actor=people.alice, account=account, kind="visit", subject="Visit"
        )
        make_complaint(people.alice, account)
    with _at(date(2024, 1, 10)):  # too old to count, and solved
        make_complaint(people.alice, account, "verified")

    facts = health.facts_for([account.pk], TODAY)[account.pk]

    assert facts.revenue_now == Decimal("150.00")
    assert facts.revenue_before == Decimal("100.00")
    assert facts.surveys == SurveyFacts(answers=1, average=9.0, promoters=1, detractors=0)
    assert (facts.open_complaints, facts.recent_complaints) == (1, 1)
    assert facts.contact is not None
    assert facts.contact.last_contact_on == date(2026, 6, 1)


def test_an_account_without_records_has_no_score(people):
    account, _contact = customer(people.alice, people.ingrid)

    result = health.health_now(account.pk, TODAY)

    # A new account has a contact status (due from its creation) and nothing else.
    assert [c.key for c in result.components if c.available] == ["contact"]
