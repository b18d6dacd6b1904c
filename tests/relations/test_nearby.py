"""On the road anyway: my day suggests the owner's accounts near a planned visit that are due
or overdue for contact, closest first."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from koers.relations.models import ActivityKind
from tests.factories import make_account
from tests.relations.factories import at, plan
from tests.relations.test_norms import NOW, log

DAY = reverse("relations:my_day")


def cold(owner, people, name, postcode, city):
    """An A account last called on 2 November: overdue on 9 December (norm 28 days)."""
    account = make_account(owner, name, tier="A", visit_postcode=postcode, visit_city=city)
    log(people, account, day="2026-11-02") if owner == people.alice else None
    return account


@time_machine.travel(NOW, tick=False)
def test_a_visit_suggests_due_accounts_nearby_closest_first(people, client_for):
    visited = make_account(people.alice, "Bezocht", visit_postcode="8011 AB", visit_city="Zwolle")
    plan(people.alice, visited, planned_start=at("2026-12-09", 14))
    cold(people.alice, people, "Zelfde wijk", "8011 CD", "Zwolle")
    cold(people.alice, people, "Zelfde stad", "8025 AA", "Zwolle")
    cold(people.alice, people, "Streek", "8071 AA", "Nunspeet")
    cold(people.alice, people, "Ver weg", "1011 AA", "Amsterdam")
    warm = make_account(people.alice, "Net bezocht", visit_postcode="8011 EF", visit_city="Zwolle")
    log(people, warm, kind=ActivityKind.VISIT, day="2026-12-08")
    make_account(people.bob, "Van Bob", tier="A", visit_postcode="8011 GH", visit_city="Zwolle")

    response = client_for(people.alice).get(DAY)

    (activity,) = response.context["activities"]
    assert [s.account.name for s in activity.nearby] == ["Zelfde stad", "Zelfde wijk", "Streek"]
    assert {s.status for s in activity.nearby} == {"overdue"}
    html = response.content.decode()
    assert f'id="nearby-{activity.pk}"' in html
    assert "Nearby and due for contact" in html


@time_machine.travel(NOW, tick=False)
def test_nothing_is_suggested_for_a_call_or_a_visit_with_nothing_due_nearby(people, client_for):
    visited = make_account(people.alice, "Bezocht", visit_postcode="8011 AB", visit_city="Zwolle")
    plan(people.alice, visited, kind=ActivityKind.PHONE_CALL, planned_start=at("2026-12-09", 9))
    plan(people.alice, visited, planned_start=at("2026-12-09", 14))
    cold(people.alice, people, "Ver weg", "1011 AA", "Amsterdam")

    response = client_for(people.alice).get(DAY)

    assert [a.nearby for a in response.context["activities"]] == [[], []]
    assert "Nearby and due for contact" not in response.content.decode()
