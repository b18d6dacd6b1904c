"""The import services: dry run, import in one transaction, updates, owners, background jobs."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from koers.accounts.models import Account, Contact, Position
from koers.core.errors import NotAllowed
from koers.core.history import history_entries
from koers.core.lifecycle import TransitionRefused
from koers.transfer import services
from koers.transfer.lifecycle import job_transition
from koers.transfer.models import ImportJob, ImportMapping, ImportStatus
from tests.factories import make_account, make_contact, make_segment
from tests.transfer.helpers import BAD_VAT, HEADER, VAT, checked, imported, row_errors, upload

OWNER_HEADER = [*HEADER, "Accountmanager"]


def good_row(n: int, **overrides: str) -> list[str]:
    row = {
        "name": f"Bakkerij {n}",
        "kvk": f"{10000000 + n}",
        "vat": "",
        "postcode": "3511 AB",
        "city": "Utrecht",
        "phone": "030 234 5678",
        "segment": "Retail",
    }
    row.update(overrides)
    return list(row.values())


@pytest.fixture
def retail(db):
    return make_segment("Retail")


@pytest.fixture
def english():
    """Refusals are worded in the language of the request; outside one, Dutch is the default."""
    with translation.override("en"):
        yield


def test_the_dry_run_shows_each_bad_row_with_its_errors_and_writes_nothing(people, retail):
    existing = make_account(people.alice, "Oude Bakkerij", kvk_number="20000000")
    rows = [
        OWNER_HEADER,
        [*good_row(1, vat=VAT[0]), "alice"],
        [*good_row(2, kvk="1234"), ""],
        [*good_row(3, vat=BAD_VAT), ""],
        [*good_row(4, name=""), ""],
        [*good_row(5), "nobody"],
        [*good_row(6, segment="Ruimtevaart"), ""],
        [*good_row(7, postcode="12345"), ""],
        [*good_row(8, phone="12345"), ""],
        [*good_row(1, name="Bakkerij 1 again"), ""],
        [*good_row(9, kvk="20000000", name="Oude Bakkerij BV"), ""],
    ]

    job = checked(people.alice, rows)

    # The rows with errors are left out; the two good ones can be imported.
    assert job.status == ImportStatus.READY
    assert row_errors(job) == {
        3: {"kvk_number": ["A KvK number has exactly 8 digits."]},
        4: {"vat_number": ["This VAT number has a wrong check digit."]},
        5: {"name": ["This field is required."]},
        6: {"owner": ["Unknown account manager “nobody”."]},
        7: {"segment": ["Unknown segment “Ruimtevaart”."]},
        8: {"visit_postcode": ["A Dutch postcode looks like 1234 AB."]},
        9: {"phone": ["This is not a valid phone number."]},
    }
    report = job.error_report
    # Row 10 has the KvK number of row 2: the same account (its other name loses to row 2's).
    assert (report["ok"], report["errors"], report["create"], report["update"]) == (3, 7, 1, 1)
    assert report["rows"][8]["same_as"] == 2
    assert report["rows"][8]["conflicts"] == [
        {"field": "name", "kept": "Bakkerij 1", "other": "Bakkerij 1 again"}
    ]
    actions = {r["row"]: r["action"] for r in report["rows"]}
    assert actions[2] == "create"
    assert actions[11] == "update"
    assert job.error_count == 7
    assert Account.objects.count() == 1
    existing.refresh_from_db()
    assert (existing.name, existing.version) == ("Oude Bakkerij", 1)


def test_row_numbers_are_those_of_the_spreadsheet_even_after_blank_rows(people, retail):
    job = checked(
        people.alice, [HEADER, good_row(1), ["", "", "", "", "", "", ""], good_row(2, name="")]
    )

    assert job.total_rows == 2
    assert row_errors(job) == {4: {"name": ["This field is required."]}}


def test_a_file_that_is_too_long_is_refused_before_it_is_read_to_the_end(people, settings):
    settings.IMPORT_MAX_ROWS = 3

    with pytest.raises(ValidationError) as info:
        upload(people.alice, [HEADER, *(good_row(n) for n in range(4))])

    assert info.value.code == "too_many_rows"
    assert ImportJob.objects.count() == 0


def test_a_file_without_one_good_row_cannot_be_imported(people, retail, english):
    job = checked(people.alice, [HEADER, good_row(1, name=""), good_row(2, kvk="12")])

    with pytest.raises(TransitionRefused) as refused:
        services.import_start(actor=people.alice, job=job)

    assert refused.value.message_dict == {
        "status": ["Only a checked file with rows without errors can be imported."]
    }
    assert job.status == ImportStatus.PENDING
    job.refresh_from_db()
    assert (job.status, job.error_count) == (ImportStatus.PENDING, 2)
    assert Account.objects.count() == 0


def test_the_valid_rows_are_imported_and_the_bad_ones_left_out(people, retail):
    job = checked(people.alice, [HEADER, good_row(1), good_row(2, name=""), good_row(3)])
    assert (job.status, job.error_report["left_out"]) == (ImportStatus.READY, [3])

    job = services.import_start(actor=people.alice, job=job)

    assert (job.status, job.created_count, job.result["left_out"]) == ("done", 2, [3])
    assert sorted(Account.objects.values_list("name", flat=True)) == ["Bakkerij 1", "Bakkerij 3"]


def test_nothing_until_every_row_is_clean_refuses_a_file_with_a_bad_row(people, retail, english):
    job = checked(people.alice, [HEADER, good_row(1), good_row(2, name="")])

    with pytest.raises(ValidationError) as refused:
        services.import_start(actor=people.alice, job=job, leave_out_bad_rows=False)

    assert refused.value.message_dict == {
        "rows": [
            "Nothing was imported: 1 row has problems. Correct it in the file and upload it again."
        ]
    }
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert Account.objects.count() == 0


def test_it_refuses_a_new_mapping_for_a_done_import_and_changes_nothing(people, retail, english):
    job = imported(people.alice, [HEADER, good_row(1)])
    mapping = dict(job.mapping)

    with pytest.raises(TransitionRefused) as refused:
        services.import_set_mapping(
            actor=people.alice,
            job=job,
            mapping=dict.fromkeys(job.headers, "") | {"Bedrijfsnaam": "name"},
        )

    assert refused.value.message_dict == {"status": ["This import is already running or done."]}
    assert (job.status, job.mapping) == (ImportStatus.DONE, mapping)
    job.refresh_from_db()
    assert (job.status, job.mapping, job.created_count) == (ImportStatus.DONE, mapping, 1)
    assert Account.objects.count() == 1


def test_it_refuses_a_new_mapping_while_the_file_is_being_checked(
    people, retail, english, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    job = upload(people.alice, [HEADER, good_row(1), good_row(2)])
    with django_capture_on_commit_callbacks(execute=False):
        job = services.import_check_start(actor=people.alice, job=job)
    assert job.status == ImportStatus.VALIDATING

    with pytest.raises(TransitionRefused) as refused:
        services.import_set_mapping(actor=people.alice, job=job, mapping=dict(job.mapping))

    assert refused.value.message_dict == {
        "status": ["The file is still being checked. Wait until it is done."]
    }
    job.refresh_from_db()
    assert (job.status, job.validated) == (ImportStatus.VALIDATING, False)


def test_a_failed_import_can_be_retried_after_its_clean_check_or_with_a_new_mapping(people, retail):
    job = checked(people.alice, [HEADER, good_row(1)])
    job = job_transition(job, to=ImportStatus.RUNNING)
    job = job_transition(job, to=ImportStatus.FAILED, message="disk full")

    job = job_transition(job, to=ImportStatus.READY, message="")
    job = services.import_start(actor=people.alice, job=job)

    assert (job.status, job.created_count) == (ImportStatus.DONE, 1)

    other = checked(people.alice, [HEADER, good_row(2)])
    other = job_transition(other, to=ImportStatus.RUNNING)
    other = job_transition(other, to=ImportStatus.FAILED)
    other = services.import_set_mapping(actor=people.alice, job=other, mapping=dict(other.mapping))
    assert other.status == ImportStatus.PENDING


def test_a_failed_check_cannot_skip_to_the_import(people, retail, english, settings):
    settings.IMPORT_BACKGROUND_ROWS = 1
    job = upload(people.alice, [HEADER, good_row(1), good_row(2)])
    job = job_transition(job, to=ImportStatus.VALIDATING)
    job = job_transition(job, to=ImportStatus.FAILED)

    with pytest.raises(TransitionRefused) as refused:
        job_transition(job, to=ImportStatus.READY)

    assert refused.value.message_dict == {
        "status": ["Only a checked file with rows without errors can be imported."]
    }
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED


def test_it_imports_accounts_with_their_contacts(people, retail):
    header = [
        *OWNER_HEADER,
        "Klasse",
        "Status",
        "Website",
        "Voornaam",
        "Achternaam",
        "E-mail contactpersoon",
        "Functie",
        "DMU-rol",
    ]
    rows = [
        header,
        [
            *good_row(1, vat="nl 1000.000.09 b01", phone="030-2345678", postcode="3511ab"),
            "Alice Tester",
            "A-klant",
            "Klant",
            "bakkerij1.nl",
            "Piet",
            "de Vries",
            "piet@bakkerij1.nl",
            "Inkoper",
            "Inkoper",
        ],
        [*good_row(2), "", "", "", "", "", "", "", "", ""],
    ]

    job = imported(people.alice, rows)

    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.updated_count, job.contacts_created_count) == (2, 0, 1)
    first = Account.objects.get(name="Bakkerij 1")
    assert first.kvk_number == "10000001"
    assert first.vat_number == "NL100000009B01"
    assert first.visit_postcode == "3511 AB"
    assert first.phone == "+31302345678"
    assert (first.tier, first.status, first.segment, first.owner) == (
        "A",
        "customer",
        retail,
        people.alice,
    )
    assert first.website == "https://bakkerij1.nl"
    assert first.version == 1
    assert job.result["created"] == [first.pk, Account.objects.get(name="Bakkerij 2").pk]
    position = Position.objects.select_related("contact").get(account=first)
    assert (position.contact.first_name, position.contact.last_name) == ("Piet", "de Vries")
    assert position.contact.email == "piet@bakkerij1.nl"
    assert (position.job_title, position.buying_role) == ("Inkoper", "buyer")
    assert position.contact.created_by == people.alice
    record = first.history.get()
    assert (record.history_type, record.history_user) == ("+", people.alice)
    assert position.contact.history.get().history_user == people.alice
    assert Contact.objects.count() == 1


def test_re_importing_the_same_file_updates_instead_of_duplicating(people, retail):
    header = [*HEADER, "Voornaam", "Achternaam", "E-mail contactpersoon", "Functie"]
    rows = [
        header,
        [*good_row(1), "Piet", "de Vries", "piet@example.nl", "Inkoper"],
        [*good_row(2), "Anna", "Smit", "", ""],
    ]
    imported(people.alice, rows)
    rows[1] = [*good_row(1, city="Amersfoort"), "Piet", "de Vries", "PIET@example.nl", "Directeur"]

    # The new job title changes Piet, found by his e-mail address: the user confirms it.
    job = imported(people.alice, rows, contact_changes="update")

    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.updated_count, job.result["unchanged"]) == (0, 1, 1)
    assert Account.objects.count() == 2
    assert Contact.objects.count() == 2
    first = Account.objects.get(name="Bakkerij 1")
    assert (first.visit_city, first.version) == ("Amersfoort", 2)
    assert [h.history_type for h in first.history.order_by("history_id")] == ["+", "~"]
    entries = history_entries(Account, list(first.history.order_by("-history_id")))
    assert [(c["name"], c["old"], c["new"]) for c in entries[0]["changes"]] == [
        ("visit_city", "Utrecht", "Amersfoort")
    ]
    assert (entries[0]["by"], entries[0]["version"]) == (people.alice, 2)
    second = Account.objects.get(name="Bakkerij 2")
    assert (second.version, second.history.count()) == (1, 1)
    position = Position.objects.get(account=first)
    assert position.job_title == "Directeur"
    assert position.history.count() == 2


def test_it_matches_branches_by_establishment_number_and_accounts_by_external_id(people, retail):
    chain = make_account(people.alice, "Keten", kvk_number="30000000")
    branch = make_account(
        people.alice, "Keten Ede", kvk_number="30000000", establishment_number="000011112222"
    )
    erp = make_account(people.alice, "Debiteur", external_id="D-77")
    rows = [
        ["Naam", "KvK", "Vestigingsnummer", "Extern ID", "Plaats"],
        ["Keten Ede", "30000000", "11112222", "", "Ede"],
        ["Keten", "30000000", "", "", "Zeist"],
        ["Debiteur", "", "", "D-77", "Gouda"],
    ]

    job = imported(people.alice, rows)

    assert (job.created_count, job.updated_count) == (0, 3)
    for account, city in ((branch, "Ede"), (chain, "Zeist"), (erp, "Gouda")):
        account.refresh_from_db()
        assert (account.visit_city, account.version) == (city, 2)


def test_an_error_while_writing_rolls_back_every_row(people, retail):
    """A failure in the middle of the writes (here: the database refuses the positions, after
    accounts and contacts were written) leaves nothing behind."""
    make_account(people.alice, "Bestaand", kvk_number="10000001")
    rows = [
        [*HEADER, "Achternaam"],
        [*good_row(1, city="Zeist"), "de Vries"],
        [*good_row(2), "Smit"],
    ]
    job = checked(people.alice, rows)
    assert job.status == ImportStatus.READY
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON accounts_position "
                "BEGIN SELECT RAISE(ABORT, 'refused'); END"
            )
        else:
            cursor.execute(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON accounts_position "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )

    job = services.import_start(actor=people.alice, job=job)

    assert job.status == ImportStatus.FAILED
    assert "nothing was imported" in job.message
    assert list(Account.objects.values_list("name", "visit_city", "version")) == [
        ("Bestaand", "Utrecht", 1)
    ]
    assert Contact.objects.count() == 0
    assert Account.history.count() == 1
    assert Contact.history.count() == 0


def test_the_import_checks_again_and_writes_nothing_when_the_file_changed_meanwhile(people, retail):
    job = checked(people.alice, [HEADER, good_row(1), good_row(2)])
    retail.delete()

    job = services.import_start(actor=people.alice, job=job)

    assert job.status == ImportStatus.PENDING
    assert job.error_count == 2
    assert "Nothing was imported" in job.message
    assert Account.objects.count() == 0


def test_an_account_manager_imports_into_their_own_portfolio_only(people, retail):
    rows = [
        OWNER_HEADER,
        [*good_row(1), "bob"],
        [*good_row(2), "alice@example.com"],
        [*good_row(3), ""],
    ]
    people.alice.email = "alice@example.com"
    people.alice.save()

    job = checked(people.alice, rows)

    assert row_errors(job) == {
        2: {"owner": ["You can import accounts into your own portfolio only."]}
    }
    assert Account.objects.count() == 0


def test_a_manager_may_assign_any_owner(people, retail):
    rows = [OWNER_HEADER, [*good_row(1), "bob"], [*good_row(2), "Charlie Tester"]]

    job = imported(people.maria, rows)

    assert job.created_count == 2
    assert Account.objects.get(name="Bakkerij 1").owner == people.bob
    assert Account.objects.get(name="Bakkerij 2").owner == people.charlie


def test_it_updates_only_accounts_the_importer_may_change(people, retail):
    charlies = make_account(people.charlie, "Van Charlie", kvk_number="10000001")
    bobs = make_account(people.bob, "Van Bob", kvk_number="10000002")
    bobs.team_members.create(user=people.alice, role="co_account_manager")

    job = checked(people.alice, [OWNER_HEADER, [*good_row(1), ""], [*good_row(2), ""]])

    assert row_errors(job) == {
        2: {"kvk_number": ["This account exists already and you may not change it."]}
    }
    job = checked(people.alice, [OWNER_HEADER, [*good_row(2), "alice"]])
    assert row_errors(job) == {
        2: {"owner": ["Only a manager can move an account to another portfolio."]}
    }
    charlies.refresh_from_db()
    assert (charlies.name, charlies.version) == ("Van Charlie", 1)

    job = imported(people.alice, [OWNER_HEADER, [*good_row(2, city="Zeist"), ""]])

    bobs.refresh_from_db()
    assert (job.updated_count, bobs.visit_city, bobs.owner) == (1, "Zeist", people.bob)


@pytest.mark.parametrize("persona", ["ingrid", "mark"])
def test_inside_sales_and_marketing_may_not_import(people, persona):
    user = getattr(people, persona)

    with pytest.raises(NotAllowed):
        upload(user, [HEADER, good_row(1)])

    assert ImportJob.objects.count() == 0


def test_someone_else_may_not_run_my_import(people, retail):
    job = checked(people.alice, [HEADER, good_row(1)])

    with pytest.raises(NotAllowed):
        services.import_start(actor=people.bob, job=job)

    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert Account.objects.count() == 0


def test_it_understands_synonyms_and_excel_numbers(people, retail):
    rows = [
        ["Naam", "KvK", "Vestigingsnummer", "Tier", "Status", "Land", "DMU", "Contactpersoon"],
        [
            "Een",
            "1234567",
            "12345678",
            "b",
            "Former customer",
            "Belgium",
            "decider",
            "Jan van Dijk",
        ],
        ["Twee", "2345678", "", "C account", "oud-klant", "nl", "Beïnvloeder", "Smit"],
    ]

    imported(people.alice, rows)

    one = Account.objects.get(name="Een")
    assert (one.kvk_number, one.establishment_number) == ("01234567", "000012345678")
    assert (one.tier, one.status, one.visit_country) == ("B", "former", "BE")
    two = Account.objects.get(name="Twee")
    assert (two.tier, two.status, two.visit_country) == ("C", "former", "NL")
    jan = Position.objects.select_related("contact").get(account=one)
    assert (jan.contact.first_name, jan.contact.last_name, jan.buying_role) == (
        "Jan",
        "van Dijk",
        "decider",
    )
    smit = Position.objects.select_related("contact").get(account=two)
    assert (smit.contact.first_name, smit.contact.last_name, smit.buying_role) == (
        "",
        "Smit",
        "influencer",
    )


def test_unknown_choices_and_a_contact_without_last_name_are_row_errors(people):
    rows = [
        ["Naam", "Tier", "Status", "DMU", "Voornaam", "E-mail contactpersoon"],
        ["Een", "Z", "slapend", "koning", "Piet", "not-an-address"],
    ]

    job = checked(people.alice, rows)

    assert row_errors(job) == {
        2: {
            "tier": ["Unknown tier “Z”: use A, B or C."],
            "status": ["Unknown status “slapend”: use prospect, customer or former customer."],
            "contact_last_name": ["This field is required."],
            "contact_buying_role": ["Unknown buying role “koning”."],
            "contact_email": ["Enter a valid email address."],
        }
    }


def test_a_saved_mapping_is_offered_for_the_next_file_with_the_same_columns(people):
    headers = ["Klantcode", "Bedrijf X", "Woonplaats"]
    job = upload(people.alice, [headers, ["K1", "Een", "Ede"]])
    assert job.mapping == {"Klantcode": "external_id", "Bedrijf X": "", "Woonplaats": "visit_city"}
    mapping = {"Klantcode": "external_id", "Bedrijf X": "name", "Woonplaats": "visit_city"}
    services.import_set_mapping(actor=people.alice, job=job, mapping=mapping, save_as="ERP")

    second = upload(people.alice, [["klantcode", "Bedrijf X", "woonplaats"], ["K2", "Twee", "Epe"]])
    other_user = upload(people.bob, [headers, ["K2", "Twee", "Epe"]])

    assert ImportMapping.objects.get(owner=people.alice).name == "ERP"
    assert second.mapping == {
        "klantcode": "external_id",
        "Bedrijf X": "name",
        "woonplaats": "visit_city",
    }
    assert other_user.mapping["Bedrijf X"] == ""


def test_a_mapping_needs_a_name_column_and_each_field_once(people):
    job = upload(people.alice, [["A", "B"], ["x", "y"]])

    with pytest.raises(ValidationError) as no_name:
        services.import_set_mapping(actor=people.alice, job=job, mapping={"A": "visit_city"})
    with pytest.raises(ValidationError) as twice:
        services.import_set_mapping(actor=people.alice, job=job, mapping={"A": "name", "B": "name"})

    assert (no_name.value.code, twice.value.code) == ("no_name", "twice")
    job.refresh_from_db()
    assert job.mapping == {"A": "", "B": ""}


def test_a_large_file_is_checked_and_imported_by_background_tasks(
    people, retail, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 5
    job = upload(people.alice, [HEADER, *(good_row(n) for n in range(12))])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.import_check_start(actor=people.alice, job=job)
    job.refresh_from_db()

    assert len(callbacks) == 1
    assert (job.status, job.processed_rows, job.error_count) == (ImportStatus.READY, 12, 0)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        status_after_click = services.import_start(actor=people.alice, job=job).status
    job.refresh_from_db()

    assert status_after_click == ImportStatus.RUNNING
    assert len(callbacks) == 1
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 12, 0)
    assert job.finished_at is not None
    assert Account.objects.filter(owner=people.alice).count() == 12


def test_a_file_of_300_rows_is_written_in_batches_not_row_by_row(people, retail):
    rows = [
        [*HEADER, "Achternaam", "E-mail contactpersoon"],
        *([*good_row(n), f"Jansen{n}", f"p{n}@example.nl"] for n in range(300)),
    ]
    job = checked(people.alice, rows)

    with CaptureQueriesContext(connection) as queries:
        job = services.import_start(actor=people.alice, job=job)

    assert (job.status, job.created_count, job.contacts_created_count) == ("done", 300, 300)
    # Six tables are written; row by row that would be 1,800 inserts. SQLite takes at most 999
    # values per statement, so there it is a few dozen batches; PostgreSQL needs one per table.
    assert len(queries) < 60
    assert Account.objects.count() == 300
    assert Position.objects.count() == 300
    assert Account.history.count() == 300
    assert Contact.history.count() == 300
    assert Position.history.count() == 300


def test_an_existing_contact_at_the_account_is_found_by_name_when_it_has_no_email(people):
    account = make_account(people.alice, "Bestaand", kvk_number="10000001")
    make_contact(account, first_name="Anna", last_name="Smit", job_title="Inkoop")

    imported(
        people.alice,
        [
            ["Naam", "KvK", "Voornaam", "Achternaam", "Functie"],
            ["Bestaand", "10000001", "anna", "smit", "Hoofd inkoop"],
        ],
        contact_changes="update",
    )

    assert Contact.objects.count() == 1
    assert Position.objects.get(account=account).job_title == "Hoofd inkoop"
