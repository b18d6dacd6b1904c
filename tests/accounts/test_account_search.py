"""The account search through its indexes: FTS5 trigram tables on SQLite, pg_trgm on PostgreSQL.

Run on both databases (see docs/decisions.md); the SQLite-only tests check that the triggers keep
the FTS tables in step with raw SQL writes too.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from koers.accounts import services
from koers.accounts.filters import AccountFilterSet, filter_accounts
from koers.accounts.models import Account, Contact
from tests.factories import make_account, make_contact
from tests.migration_data import migration_module
from tests.transfer.helpers import HEADER, imported

URL = reverse("accounts:account_list")

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the FTS5 tables exist on SQLite only"
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigram indexes exist on PostgreSQL only"
)


def found(user, q: str, scope: str = "all") -> list[str]:
    accounts, _filterset = filter_accounts(user, {"q": q, "scope": scope})
    return [a.name for a in accounts]


@pytest.fixture
def portfolio(people):
    bakery = make_account(
        people.alice, "Bakkerij De Korenschoof", visit_city="Zwolle", kvk_number="12345678"
    )
    butcher = make_account(
        people.alice, "Slagerij Vos", visit_city="Amersfoort", kvk_number="12349999"
    )
    fishmonger = make_account(people.alice, "Visgilde", visit_city="Ede", kvk_number="87654321")
    make_contact(fishmonger, first_name="Annemarie", last_name="Hendriksen")
    make_contact(butcher, first_name="Kees", last_name="Ox")
    return bakery, butcher, fishmonger


def test_it_finds_an_account_by_part_of_its_name_in_any_case(people, portfolio):
    assert found(people.alice, "KORENSCH") == ["Bakkerij De Korenschoof"]
    assert found(people.alice, "gild") == ["Visgilde"]


def test_it_finds_an_account_by_part_of_its_city(people, portfolio):
    assert found(people.alice, "mersfo") == ["Slagerij Vos"]


def test_it_finds_accounts_by_a_kvk_prefix_only(people, portfolio):
    assert found(people.alice, "1234") == ["Bakkerij De Korenschoof", "Slagerij Vos"]
    assert found(people.alice, "123499") == ["Slagerij Vos"]
    assert found(people.alice, "12349999") == ["Slagerij Vos"]
    assert found(people.alice, "8765") == ["Visgilde"]
    # the middle of a KvK number is not a match
    assert found(people.alice, "5678") == []


def test_it_finds_an_account_by_a_current_contact_first_or_last_name(people, portfolio):
    assert found(people.alice, "marie") == ["Visgilde"]
    assert found(people.alice, "HENDRIKS") == ["Visgilde"]


def test_a_word_of_one_or_two_letters_still_matches_names_cities_and_contacts(people, portfolio):
    assert found(people.alice, "ox") == ["Slagerij Vos"]  # contact last name
    assert found(people.alice, "Ed") == ["Visgilde"]  # city
    assert found(people.alice, "kO") == ["Bakkerij De Korenschoof"]  # name
    assert found(people.alice, "12") == ["Bakkerij De Korenschoof", "Slagerij Vos"]  # KvK


def test_every_word_must_match_each_in_its_own_field(people, portfolio):
    assert found(people.alice, "bakkerij zwolle") == ["Bakkerij De Korenschoof"]
    assert found(people.alice, "visgilde hendriks 8765") == ["Visgilde"]
    assert found(people.alice, "bakkerij amersfoort") == []


def test_search_syntax_in_a_word_is_taken_literally(people, portfolio):
    make_account(people.alice, 'Bar "Het" Anker*', visit_city="Urk")

    assert found(people.alice, '"het"') == ['Bar "Het" Anker*']
    assert found(people.alice, "anker*") == ['Bar "Het" Anker*']
    assert found(people.alice, "NOT") == []
    assert found(people.alice, "name:vos") == []
    assert found(people.alice, "100%") == []


def test_a_renamed_account_is_found_by_its_new_name_only(people, portfolio):
    bakery = portfolio[0]

    services.account_update(
        actor=people.alice,
        account=bakery,
        expected_version=bakery.version,
        data={"name": "Broodhuis Zuiderzee", "visit_city": "Kampen"},
    )

    assert found(people.alice, "zuiderzee") == ["Broodhuis Zuiderzee"]
    assert found(people.alice, "kampen") == ["Broodhuis Zuiderzee"]
    assert found(people.alice, "korenschoof") == []
    assert found(people.alice, "zwolle") == []


def test_a_renamed_contact_is_found_by_the_new_name_only(people, portfolio):
    contact = Contact.objects.get(last_name="Hendriksen")

    services.contact_update(
        actor=people.alice,
        contact=contact,
        expected_version=contact.version,
        data={"first_name": "Annemarie", "last_name": "Dijkstra"},
    )

    assert found(people.alice, "dijkstra") == ["Visgilde"]
    assert found(people.alice, "hendriksen") == []


def test_a_contact_who_left_no_longer_finds_the_account(people, portfolio):
    position = Contact.objects.get(last_name="Hendriksen").positions.get()
    assert found(people.alice, "hendriksen") == ["Visgilde"]

    services.position_end(actor=people.alice, position=position, end_date="2025-01-01")

    assert found(people.alice, "hendriksen") == []
    assert found(people.alice, "He") == []


def test_a_deleted_account_and_contact_are_gone_from_the_search(people, portfolio):
    services.contact_delete(actor=people.maria, contact=Contact.objects.get(last_name="Ox"))
    services.account_delete(actor=people.maria, account=portfolio[2])

    assert found(people.alice, "Ox") == []
    assert found(people.alice, "visgilde") == []
    assert found(people.alice, "slagerij") == ["Slagerij Vos"]


def test_the_search_never_reaches_outside_the_access_scope(people, client_for, portfolio):
    make_account(people.charlie, "Bakkerij Charlie", visit_city="Zwolle", kvk_number="12340000")
    theirs = make_account(people.charlie, "Geheim BV", visit_city="Heerlen")
    make_contact(theirs, first_name="Annemarie", last_name="Hendriksen")

    for q in ["bakkerij", "zwolle", "1234", "hendriksen", "annemarie", "He", "geheim"]:
        response = client_for(people.alice).get(URL, {"q": q, "scope": "all"})
        listed = response.context["page_obj"].object_list
        assert [a.name for a in listed if a.owner_id == people.charlie.pk] == [], q
        assert b"Geheim" not in response.content, q
    assert found(people.alice, "hendriksen") == ["Visgilde"]
    assert found(people.charlie, "hendriksen") == ["Geheim BV"]


def test_my_accounts_scope_still_applies_to_the_search(people, portfolio):
    make_account(people.bob, "Bakkerij Bob", visit_city="Zwolle")
    assert found(people.maria, "zwolle") == ["Bakkerij Bob", "Bakkerij De Korenschoof"]

    assert found(people.alice, "zwolle", scope="mine") == ["Bakkerij De Korenschoof"]


def test_an_imported_and_then_updated_account_is_found_by_search(people):
    rows = [
        [*HEADER, "Voornaam", "Achternaam"],
        ["Bakkerij Importius", "10000001", "", "3511 AB", "Utrecht", "", "", "Piet", "Zuurdeeg"],
    ]
    imported(people.alice, rows)

    assert found(people.alice, "importius") == ["Bakkerij Importius"]
    assert found(people.alice, "zuurdeeg") == ["Bakkerij Importius"]
    assert found(people.alice, "utrecht") == ["Bakkerij Importius"]

    rows[1][4] = "Nieuwegein"
    job = imported(people.alice, rows)

    assert job.updated_count == 1
    assert found(people.alice, "nieuwegein") == ["Bakkerij Importius"]
    assert found(people.alice, "utrecht") == []


@sqlite_only
def test_the_fts_tables_stay_consistent_with_their_tables(people, portfolio):
    make_account(people.alice, "Nieuw")
    Account.objects.filter(name="Nieuw").update(visit_city="Kampen")
    Account.objects.bulk_create([Account(name="Bulk BV", owner=people.alice)])

    with connection.cursor() as cursor:
        for table in ("accounts_account_fts", "accounts_contact_fts"):
            # raises DatabaseError when the index differs from the content table
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")  # noqa: S608
    assert found(people.alice, "kampen") == ["Nieuw"]
    assert found(people.alice, "bulk") == ["Bulk BV"]


FTS_TRIGGERS = {
    f"accounts_{table}_fts_{event}"
    for table in ("account", "contact")
    for event in ("insert", "update", "delete")
}
TRIGRAM_INDEXES = [
    "accounts_account_name_trgm",
    "accounts_account_visit_city_trgm",
    "accounts_contact_email_trgm",
    "accounts_contact_first_name_trgm",
    "accounts_contact_last_name_trgm",
]


def sqlite_triggers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
        return {row[0] for row in cursor.fetchall()}


def trigram_indexes() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s ORDER BY 1",
            ["accounts_%_trgm"],
        )
        return dict(cursor.fetchall())


@sqlite_only
def test_the_fts_triggers_exist(db):
    assert sqlite_triggers() >= FTS_TRIGGERS


@postgresql_only
def test_the_trigram_indexes_are_on_the_expressions_the_search_compares(db):
    indexes = trigram_indexes()
    assert sorted(indexes) == TRIGRAM_INDEXES
    assert "gin (upper((name)::text) gin_trgm_ops)" in indexes["accounts_account_name_trgm"]


@pytest.mark.django_db(transaction=True)
def test_the_search_migrations_go_backwards_and_forwards(people):
    # Their own steps, not `migrate accounts 0001`, which would take every app built on
    # accounts back and forward too (minutes). That every migration runs on a new database and
    # leaves the search in place is checked by the restore drill (tests/core/restore_drill.py).
    search_indexes = migration_module("accounts", "0002_search_indexes")
    contact_search = migration_module("accounts", "0003_contact_search")
    make_account(people.alice, "Bakkerij Heen En Terug", visit_city="Zwolle")

    with connection.schema_editor() as editor:
        contact_search.backwards(apps, editor)
        search_indexes.backwards(apps, editor)
    if connection.vendor == "sqlite":
        assert not sqlite_triggers() & FTS_TRIGGERS
    else:
        assert trigram_indexes() == {}
    with connection.schema_editor() as editor:
        search_indexes.forwards(apps, editor)
        contact_search.forwards(apps, editor)

    assert found(people.alice, "terug") == ["Bakkerij Heen En Terug"]
    if connection.vendor == "sqlite":
        assert sqlite_triggers() >= FTS_TRIGGERS
    else:
        assert sorted(trigram_indexes()) == TRIGRAM_INDEXES
    make_account(people.alice, "Bakkerij Na De Migraties")
    assert found(people.alice, "na de migr") == ["Bakkerij Na De Migraties"]


def listed_names(response) -> list[str]:
    return [a.name for a in response.context["page_obj"].object_list]


def test_a_search_shows_the_exact_number_of_matches_and_pages_through_them(
    people, client_for, settings
):
    settings.PAGE_SIZE = 2
    for name in ("Bakkerij Appel", "Bakkerij Bes", "Bakkerij Citroen", "Slagerij Dadel"):
        make_account(people.alice, name)
    client = client_for(people.alice)

    first = client.get(URL, {"q": "bakkerij"})
    second = client.get(URL, {"q": "bakkerij", "page": 2})

    assert listed_names(first) == ["Bakkerij Appel", "Bakkerij Bes"]
    assert listed_names(second) == ["Bakkerij Citroen"]
    assert "3 accounts" in first.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_a_search_keeps_the_chosen_sort_order(people, client_for):
    make_account(people.alice, "Bakkerij Appel", visit_city="Zwolle")
    make_account(people.alice, "Bakkerij Bes", visit_city="Amersfoort")

    response = client_for(people.alice).get(URL, {"q": "bakkerij", "sort": "city"})
    reverse_name = client_for(people.alice).get(URL, {"q": "bakkerij", "sort": "-name"})

    assert listed_names(response) == ["Bakkerij Bes", "Bakkerij Appel"]
    assert listed_names(reverse_name) == ["Bakkerij Bes", "Bakkerij Appel"]


def test_a_search_with_too_many_matches_shows_the_first_ones_and_asks_to_narrow_it(
    people, client_for, settings, monkeypatch
):
    monkeypatch.setattr(AccountFilterSet, "search_cap", 3)
    settings.PAGE_SIZE = 2
    for name in ("Bakkerij A", "Bakkerij B", "Bakkerij C", "Bakkerij D", "Bakkerij E"):
        make_account(people.alice, name)
    client = client_for(people.alice)

    first = client.get(URL, {"q": "bakkerij"})
    last = client.get(URL, {"q": "bakkerij", "page": 2})
    narrower = client.get(URL, {"q": "bakkerij", "tier": "A"})

    content = first.content.decode()
    assert "More than 3 accounts match" in content
    assert "add a word or a filter" in content
    assert "Page 1 of 2" in content
    assert listed_names(last) == ["Bakkerij C"]
    assert "More than 3" not in narrower.content.decode()


def test_the_search_page_is_translated(people, client_for, monkeypatch):
    monkeypatch.setattr(AccountFilterSet, "search_cap", 1)
    people.alice.language = "nl"
    people.alice.save()
    make_account(people.alice, "Bakkerij A")
    make_account(people.alice, "Bakkerij B")

    response = client_for(people.alice).get(URL, {"q": "bakkerij"})

    assert "Meer dan 1 accounts" in response.content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_a_search_makes_the_same_number_of_queries_for_few_and_many_matches(
    people, client_for, query_baseline, count
):
    for i in range(count):
        make_contact(make_account(people.alice, f"Bakkerij {i:02}"), last_name="Bakker")
    client = client_for(people.alice)

    # session, user, OTP devices (2), the matching ids, the page's accounts, and the segment,
    # owner and team choices: the search itself runs once
    with query_baseline("search page"):
        response = client.get(URL, {"q": "bakker", "scope": "all"})

    assert len(listed_names(response)) == min(count, 25)
