"""Who hears of a new market signal: the owners and account teams of the accounts it is tied
to, marketing for news of the market or a competitor; never the recorder, never twice."""

from __future__ import annotations

from koers.accounts.models import AccountTeamMember
from koers.notifications.models import Notification
from koers.planning import services
from tests.factories import make_account


def _told(signal) -> list[str]:
    rows = Notification.objects.filter(kind="market_signal", url__endswith=f"/{signal.pk}/")
    return sorted(rows.values_list("recipient__username", flat=True))


def test_the_owner_and_the_account_team_hear_of_a_customer_signal(people, account):
    AccountTeamMember.objects.create(account=account, user=people.ingrid, role="inside_sales")
    signal = services.signal_record(
        actor=people.maria, title="Jansen opens a shop", kind="customer", accounts=[account]
    )
    assert _told(signal) == ["alice", "ingrid"]
    note = Notification.objects.get(recipient=people.alice)
    assert note.text == "Maria Tester recorded a market signal: Jansen opens a shop"
    assert note.actor == people.maria


def test_marketing_hears_of_market_and_competitor_news_but_not_the_recorder(people, account):
    signal = services.signal_record(
        actor=people.alice, title="Rivaal cuts prices", kind="competitor", accounts=[account]
    )
    assert _told(signal) == ["mark"]
    other = services.signal_record(actor=people.bob, title="Rules change", kind="regulation")
    assert _told(other) == []


def test_a_change_tells_only_the_newly_concerned_and_nobody_twice(people, account, charlies):
    signal = services.signal_record(
        actor=people.mark, title="Both expand", kind="market", accounts=[account]
    )
    assert _told(signal) == ["alice"]
    services.signal_update(
        actor=people.mark,
        signal=signal,
        expected_version=1,
        data={"title": "Both expand fast", "accounts": [account, charlies]},
    )
    # Mark recorded it (no notification for him); alice is not told again; charlie now is.
    assert _told(signal) == ["alice", "charlie"]
    assert Notification.objects.filter(recipient=people.alice).count() == 1


def test_a_changer_who_is_not_the_recorder_does_not_tell_the_recorder(people, db):
    bakker = make_account(people.bob, "Bakker Bob")
    signal = services.signal_record(actor=people.bob, title="Quiet", kind="price")
    services.signal_update(
        actor=people.mark, signal=signal, expected_version=1, data={"accounts": [bakker]}
    )
    # bob owns the account but recorded the signal himself.
    assert _told(signal) == []


def test_a_signal_from_a_visit_report_tells_marketing(people, report):
    signal = services.signal_from_report(actor=people.alice, report=report, kind="competitor")
    assert _told(signal) == ["mark"]
