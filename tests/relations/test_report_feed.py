"""The feed of visit reports: a manager reads the team's reports newest first, filters them by
author, tier and kind, and opens one to comment; nobody sees a report of an account they may not
read; the page's queries do not grow with its rows."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from koers.relations import services
from koers.relations.models import ActivityKind
from tests.factories import make_account
from tests.relations.factories import at, plan

FEED = reverse("relations:report_feed")


def reported(actor, account, discussed, day="2026-12-01", kind=ActivityKind.VISIT):
    visit = plan(actor, account, kind=kind, planned_start=at(day))
    with time_machine.travel(at(day, 17), tick=False):
        return services.report_write(actor=actor, activity=visit, data={"discussed": discussed})


def accounts_in(response) -> list[str]:
    return [r.activity.account.name for r in response.context["page_obj"].object_list]


def test_the_manager_reads_the_teams_reports_newest_first(people, client_for):
    reported(people.alice, make_account(people.alice, "Oud", tier="B"), "Prices", "2026-11-02")
    reported(people.alice, make_account(people.alice, "Nieuw", tier="A"), "Stock", "2026-12-01")
    reported(people.charlie, make_account(people.charlie, "Zuid"), "Elsewhere")

    response = client_for(people.maria).get(FEED)

    assert response.status_code == 200
    assert accounts_in(response) == ["Nieuw", "Oud"]
    html = response.content.decode()
    assert "Read and comment" in html
    assert "Elsewhere" not in html


def test_nobody_reads_a_report_of_an_account_they_may_not_read(people, client_for):
    reported(people.alice, make_account(people.alice, "Van Alice"), "Secret terms")

    for persona in (people.bob, people.charlie, people.ingrid):
        response = client_for(persona).get(FEED)
        assert accounts_in(response) == [], persona
        assert "Secret terms" not in response.content.decode()
    assert accounts_in(client_for(people.mark).get(FEED)) == ["Van Alice"]


def test_the_feed_filters_by_author_tier_and_kind(people, client_for):
    a = make_account(people.alice, "A-klant", tier="A")
    c = make_account(people.alice, "C-klant", tier="C")
    reported(people.alice, a, "Visit at A")
    reported(people.alice, c, "Video at C", kind=ActivityKind.VIDEO_CALL)
    client = client_for(people.maria)

    assert accounts_in(client.get(FEED, {"tier": "A"})) == ["A-klant"]
    assert accounts_in(client.get(FEED, {"kind": "video_call"})) == ["C-klant"]
    assert accounts_in(client.get(FEED, {"author": people.bob.pk})) == []
    partial = client.get(FEED, {"author": people.alice.pk}, HTTP_HX_REQUEST="true")
    assert partial.content.decode().lstrip().startswith('<section id="report-results"')
    assert sorted(accounts_in(partial)) == ["A-klant", "C-klant"]


def test_the_feed_page_has_a_fixed_number_of_queries(
    people, client_for, django_assert_max_num_queries
):
    account = make_account(people.alice, "Veel")
    reported(people.alice, account, "One")
    client = client_for(people.maria)
    client.get(FEED)  # warm the session
    with django_assert_max_num_queries(12) as few:
        client.get(FEED)
    for n in range(8):
        reported(people.alice, account, f"More {n}", day=f"2026-11-{n + 10}")

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(FEED)

    assert len(response.context["page_obj"].object_list) == 9


def test_the_feed_counts_its_reports_in_a_second_request_with_the_same_filters(
    people, client_for, settings
):
    settings.PAGE_SIZE = 2
    for n, tier in enumerate(["A", "A", "A", "C"]):
        account = make_account(people.alice, f"Klant {n}", tier=tier)
        reported(people.alice, account, f"Report {n}", day=f"2026-11-{n + 10}")
    client = client_for(people.maria)

    first = client.get(FEED)
    short = client.get(FEED, {"tier": "C"})
    count = client.get(reverse("relations:report_count"), {"tier": "A"}, HTTP_HX_REQUEST="true")

    assert accounts_in(first) == ["Klant 3", "Klant 2"]
    assert "Counting reports…" in first.content.decode()
    assert first.context["page_obj"].has_next()
    assert accounts_in(short) == ["Klant 3"]
    assert "1 report" in short.content.decode()
    assert "Counting reports…" not in short.content.decode()
    assert "3 reports" in count.content.decode()
