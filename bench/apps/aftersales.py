"""After-sales in the benchmark: a satisfaction survey for a quarter of the delivered orders
(about 110,000 at size L, in proportion to the orders the sales step makes), a little over half
of them answered, with a score, the three aspects and sometimes a comment; the scenario of the
managers' survey list with its NPS.

Dates follow the orders' (relative to the day the data is generated).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from bench.scenario import Scenario, Subjects
from koers.aftersales.models import Survey
from koers.sales.models import Order

if TYPE_CHECKING:
    from bench.generate import Generator

SURVEY_SHARE = 0.25  # of the delivered orders
ANSWERED_SHARE = 0.55
LINK_DAYS = 14
# Scores 0-10, most customers content (weights): an NPS around +20.
SCORES = {10: 14, 9: 22, 8: 24, 7: 14, 6: 8, 5: 6, 4: 4, 3: 3, 2: 2, 1: 1, 0: 2}
COMMENTS = ("", "", "", "Prima geleverd.", "Levering was een dag te laat.", "Vriendelijk contact.")


def survey_token_hash(pk: int) -> str:
    """The stored hash of a generated survey's link (the bench knows no real token)."""
    return hashlib.sha256(f"bench-survey-{pk}".encode()).hexdigest()


def surveys(g: Generator) -> int:
    rng, dt = g.rng, g.dt
    now = g.rel_now
    delivered = list(
        Order.objects.filter(delivered_on__isnull=False)
        .order_by("pk")
        .values_list("pk", "account_id", "owner_id", "delivered_on")
    )
    first = (Survey.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    scores, weights = list(SCORES), list(itertools.accumulate(SCORES.values()))
    make = g.writer.row_maker(
        Survey, ["id", "order_id", "account_id", "token_hash", "sent_at", "expires_at"]
    )
    contacts_of = getattr(g, "contacts_of", {})

    def rows() -> Iterable[tuple]:
        for order_id, account_id, owner_id, delivered_on in delivered:
            if rng.random() >= SURVEY_SHARE:
                continue
            pk = next(ids)
            sent = datetime.combine(delivered_on, time(9), tzinfo=UTC) + timedelta(
                days=rng.randint(1, 5)
            )
            if sent > now:
                continue
            answered = rng.random() < ANSWERED_SHARE
            answered_at = min(now, sent + timedelta(hours=rng.randint(1, 200)))
            score = rng.choices(scores, cum_weights=weights)[0] if answered else None
            contacts = contacts_of.get(account_id) or [None]
            yield make(
                {
                    "id": pk,
                    "order_id": order_id,
                    "account_id": account_id,
                    "contact_id": rng.choice(contacts),
                    "language": "nl",
                    "token_hash": survey_token_hash(pk),
                    "sent_by_id": owner_id,
                    "sent_at": dt(sent),
                    "expires_at": dt(sent + timedelta(days=LINK_DAYS)),
                    "answered_at": dt(answered_at) if answered else None,
                    "score": score,
                    "sales_score": _aspect(score, rng) if answered else None,
                    "delivery_score": _aspect(score, rng) if answered else None,
                    "product_score": _aspect(score, rng) if answered else None,
                    "went_wrong": answered and score is not None and score <= 4,
                    "comment": rng.choice(COMMENTS) if answered else "",
                    "answers": "[]",
                }
            )

    return g.writer.write(Survey, rows())


def _aspect(score: int | None, rng: Any) -> int | None:
    """An aspect of 1-5 near the score's half, now and then not given."""
    if score is None or rng.random() < 0.1:
        return None
    return max(1, min(5, round(score / 2) + rng.choice((-1, 0, 0, 1))))


GENERATE = [("surveys", surveys)]
CHOSEN_IDS = [Survey]


def loaded_models() -> list[Any]:
    return [Survey]


def counts() -> dict[str, int]:
    return {"surveys": Survey.objects.count()}


def subjects(s: Subjects) -> None:
    """The answered surveys of the manager's team, for the note."""
    manager = s.personas["manager"]
    s.team_answers = Survey.objects.filter(
        answered_at__isnull=False, order__owner__teams__manager=manager
    ).count()


SCENARIOS = [
    Scenario(
        "survey list with NPS, manager",
        url="/surveys/",
        persona="manager",
        note="{team_answers} answers in the team",
    ),
]
