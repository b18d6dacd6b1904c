"""A tag is created once, whatever the case it is typed in and however many people add it at the
same moment (issue 8, fault 6)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction

from koers.accounts import services
from koers.accounts.models import Tag
from tests.factories import make_account


def tags_of(account) -> list[str]:
    return sorted(account.tags.values_list("name", flat=True))


def test_a_tag_typed_in_another_case_is_the_same_tag(people):
    first = make_account(people.alice, "Alpha")
    second = make_account(people.alice, "Bravo")
    services.account_update(
        actor=people.alice, account=first, expected_version=1, data={}, tag_names=["Horeca"]
    )

    services.account_update(
        actor=people.alice,
        account=second,
        expected_version=1,
        data={},
        tag_names=["HORECA", "horeca", " Horeca "],
    )

    assert list(Tag.objects.values_list("name", flat=True)) == ["Horeca"]
    assert tags_of(first) == tags_of(second) == ["Horeca"]


def test_the_database_refuses_a_second_tag_differing_only_in_case(people):
    Tag.objects.create(name="Horeca")

    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(name="hOReca")

    assert Tag.objects.count() == 1


def _backend_waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a race between two connections")
def test_two_people_adding_the_same_new_tag_at_once_both_succeed(people, transactional_db):
    """Alice's save has added "Horeca" but not committed when Bob's save looks for it: Bob's
    read cannot see it, his insert waits for hers. Both saves succeed with one tag."""
    alices = make_account(people.alice, "Alpha")
    bobs = make_account(people.bob, "Bravo")
    inserted, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def alice() -> None:
        try:
            with transaction.atomic():
                services.account_update(
                    actor=people.alice,
                    account=alices,
                    expected_version=1,
                    data={},
                    tag_names=["Horeca"],
                )
                inserted.set()
                release.wait(10)
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    def bob() -> None:
        try:
            inserted.wait(10)
            services.account_update(
                actor=people.bob, account=bobs, expected_version=1, data={}, tag_names=["horeca"]
            )
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=alice), threading.Thread(target=bob)]
    for thread in threads:
        thread.start()
    inserted.wait(10)
    deadline = time.monotonic() + 10
    while not _backend_waiting_for_a_lock() and time.monotonic() < deadline:
        time.sleep(0.02)  # until Bob's insert waits for Alice's uncommitted tag
    release.set()
    for thread in threads:
        thread.join(20)

    assert errors == []
    assert list(Tag.objects.values_list("name", flat=True)) == ["Horeca"]
    assert tags_of(alices) == tags_of(bobs) == ["Horeca"]
