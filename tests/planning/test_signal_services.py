"""Recording and changing signals, making one from a visit report, and the competitors at an
account: the rules of the services, and who may read what (per persona)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from koers.planning import queries, services
from koers.planning.models import AccountCompetitor, MarketSignal, SignalSource
from tests.factories import make_segment
from tests.sales.factories import make_group


def _record(actor, **data):
    data.setdefault("title", "Bread prices up 5%")
    return services.signal_record(actor=actor, **data)


def test_anyone_records_a_signal_tied_to_what_it_is_about(people, account, rival):
    segment, group = make_segment("Retail"), make_group("BRD")

    signal = _record(
        people.ingrid,
        kind="price",
        source="trade_press",
        importance=3,
        accounts=[],
        segments=[segment],
        product_groups=[group],
        competitors=[rival],
    )

    signal.refresh_from_db()
    assert (signal.kind, signal.source, signal.importance, signal.recorded_by) == (
        "price",
        "trade_press",
        3,
        people.ingrid,
    )
    assert signal.date == timezone.localdate()
    assert list(signal.segments.all()) == [segment]
    assert list(signal.product_groups.all()) == [group]
    assert list(signal.competitors.all()) == [rival]


def test_a_signal_needs_a_title_and_a_date_not_in_the_future(people):
    with pytest.raises(ValidationError) as error:
        _record(people.alice, title="  ", date=timezone.localdate() + timedelta(days=5))

    assert set(error.value.message_dict) == {"title", "date"}
    assert MarketSignal.objects.count() == 0


def test_it_refuses_to_tie_a_signal_to_an_account_the_recorder_cannot_read(
    people, account, charlies
):
    with pytest.raises(ValidationError) as error:
        _record(people.alice, accounts=[account, charlies])

    assert "accounts" in error.value.message_dict
    assert MarketSignal.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "sees_alices", "sees_charlies"),
    [
        ("alice", True, False),
        ("bob", False, False),
        ("charlie", False, True),
        ("maria", True, False),
        ("ingrid", False, False),
        ("mark", True, True),
        ("admin", True, True),
    ],
)
def test_a_signal_is_read_like_its_accounts_and_a_general_one_by_all(
    people, account, charlies, persona, sees_alices, sees_charlies
):
    alices = _record(people.alice, title="About Jansen", accounts=[account])
    theirs = _record(people.charlie, title="About Charlie", accounts=[charlies])
    general = _record(people.bob, title="The market shrinks")

    readable = set(queries.signals_readable(getattr(people, persona)))

    assert general in readable
    assert (alices in readable, theirs in readable) == (sees_alices, sees_charlies)


def test_a_signal_tied_to_two_accounts_is_read_by_who_reads_either(people, account, charlies):
    both = _record(people.admin, accounts=[account, charlies])

    assert both in queries.signals_readable(people.alice)
    assert both in queries.signals_readable(people.charlie)
    assert both not in queries.signals_readable(people.bob)
    # Alice is shown only the account she may read.
    shown = queries.signals_listed(people.alice).get(pk=both.pk)
    assert shown.visible_accounts == [account]


def test_marketing_and_the_recorder_change_a_signal_others_do_not(people, account):
    signal = _record(people.alice, accounts=[account])

    changed = services.signal_update(
        actor=people.mark, signal=signal, expected_version=1, data={"importance": 3}
    )
    assert (changed.importance, changed.version) == (3, 2)
    services.signal_update(
        actor=people.alice, signal=signal, expected_version=2, data={"title": "Changed"}
    )
    with pytest.raises(PermissionDenied):
        services.signal_update(
            actor=people.maria, signal=signal, expected_version=3, data={"title": "Maria's"}
        )

    signal.refresh_from_db()
    assert (signal.title, signal.importance, signal.version) == ("Changed", 3, 3)
    assert list(signal.accounts.all()) == [account]


def test_a_stale_change_is_refused(people):
    from koers.core.errors import StaleVersionError

    signal = _record(people.mark)
    services.signal_update(actor=people.mark, signal=signal, expected_version=1, data={})

    with pytest.raises(StaleVersionError):
        services.signal_update(
            actor=people.mark, signal=signal, expected_version=1, data={"title": "Old"}
        )
    signal.refresh_from_db()
    assert signal.title == "Bread prices up 5%"


def test_a_visit_reports_market_information_becomes_a_signal_once(people, account, report, rival):
    signal = services.signal_from_report(
        actor=people.alice, report=report, kind="competitor", competitors=[rival]
    )

    assert signal.title == "Rivaal offers 10% off bread mixes"
    assert signal.text.endswith("They visit every week now.")
    assert (signal.source, signal.visit_report, signal.kind) == (
        SignalSource.VISIT_REPORT,
        report,
        "competitor",
    )
    assert list(signal.accounts.all()) == [account]
    assert list(signal.competitors.all()) == [rival]
    with pytest.raises(ValidationError):
        services.signal_from_report(actor=people.alice, report=report)
    assert MarketSignal.objects.count() == 1


def test_who_cannot_read_the_reports_account_cannot_make_it_a_signal(people, report):
    with pytest.raises(PermissionDenied):
        services.signal_from_report(actor=people.charlie, report=report)
    assert MarketSignal.objects.count() == 0


def test_a_competitor_is_recorded_at_an_account_and_changed_in_place(people, account, rival):
    services.account_competitor_set(
        actor=people.alice, account=account, competitor=rival, supplies="Flour", share=30
    )
    services.account_competitor_set(
        actor=people.maria, account=account, competitor=rival, supplies="Flour, yeast", share=40
    )

    presence = AccountCompetitor.objects.get()
    assert (presence.supplies, presence.share, presence.updated_by) == (
        "Flour, yeast",
        40,
        people.maria,
    )


@pytest.mark.parametrize("share", [-1, 101])
def test_a_share_is_a_percentage(people, account, rival, share):
    with pytest.raises(ValidationError) as error:
        services.account_competitor_set(
            actor=people.alice, account=account, competitor=rival, share=share
        )
    assert "share" in error.value.message_dict
    assert AccountCompetitor.objects.count() == 0


@pytest.mark.parametrize("persona", ["bob", "charlie", "mark"])
def test_only_who_may_change_the_account_records_or_removes_a_competitor(
    people, account, rival, persona
):
    presence = services.account_competitor_set(
        actor=people.alice, account=account, competitor=rival
    )

    with pytest.raises(PermissionDenied):
        services.account_competitor_set(
            actor=getattr(people, persona), account=account, competitor=rival, share=90
        )
    with pytest.raises(PermissionDenied):
        services.account_competitor_remove(actor=getattr(people, persona), presence=presence)

    presence.refresh_from_db()
    assert presence.share is None
