"""The history of a competitor's share at an account: a changed estimate keeps the old value
with its day, and the account's panel and the competitor's page show the trend."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from koers.planning import services
from koers.planning.models import AccountCompetitor, ShareEstimate


def _set(people, account, rival, share, on, supplies="Flour"):
    with time_machine.travel(on, tick=False):
        return services.account_competitor_set(
            actor=people.alice, account=account, competitor=rival, supplies=supplies, share=share
        )


def test_a_changed_share_keeps_the_old_one_with_its_day(people, account, rival):
    _set(people, account, rival, 40, date(2026, 3, 1))
    _set(people, account, rival, 40, date(2026, 4, 1), supplies="Flour and yeast")  # same share
    _set(people, account, rival, 30, date(2026, 6, 1))
    presence = _set(people, account, rival, 25, date(2026, 9, 1))
    assert list(
        ShareEstimate.objects.order_by("estimated_on").values_list(
            "share", "estimated_on", "replaced_on"
        )
    ) == [(40, date(2026, 3, 1), date(2026, 6, 1)), (30, date(2026, 6, 1), date(2026, 9, 1))]
    presence = AccountCompetitor.objects.get(pk=presence.pk)
    assert presence.share_points() == [
        (date(2026, 3, 1), 40),
        (date(2026, 6, 1), 30),
        (date(2026, 9, 1), 25),
    ]
    assert presence.share_change() == -5


def test_two_changes_on_one_day_keep_only_the_estimate_of_the_day_before(people, account, rival):
    _set(people, account, rival, 40, date(2026, 3, 1))
    _set(people, account, rival, 35, date(2026, 5, 2))
    presence = _set(people, account, rival, 30, date(2026, 5, 2))
    assert presence.share_points() == [(date(2026, 3, 1), 40), (date(2026, 5, 2), 30)]


def test_a_first_estimate_has_no_trend(people, account, rival):
    presence = _set(people, account, rival, 40, date(2026, 3, 1))
    assert presence.share_change() is None
    assert ShareEstimate.objects.count() == 0


def test_the_panel_and_the_competitor_page_show_the_trend(people, client_for, account, rival):
    _set(people, account, rival, 40, date(2026, 3, 1))
    _set(people, account, rival, 55, date(2026, 6, 1))
    client = client_for(people.alice)
    panel = client.get(
        reverse("planning:account_competitors", args=[account.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    page = client.get(reverse("planning:competitor_detail", args=[rival.pk])).content.decode()
    for html in (panel, page):
        assert "▲ +15" in html
        assert "earlier: 40% (2026-03-01)" in html
