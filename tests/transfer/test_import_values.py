"""Value mapping: each distinct unknown value of an owner, segment, tier, status, buying role,
country or language column is one decision, saved with the column mapping."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from koers.accounts.models import Account, Position, Segment
from koers.core.errors import NotAllowed
from koers.transfer import services
from koers.transfer.choices import Tables
from koers.transfer.models import ImportMapping
from tests.factories import make_segment
from tests.transfer.helpers import checked, row_errors, upload

HEADER = ["Bedrijfsnaam", "Accountmanager", "Segment", "Klasse", "Status", "Achternaam", "DMU"]
ROWS = [
    HEADER,
    ["Bakkerij Een", "Jan de Vries", "Horeca", "A", "klant", "Smit", "Beïnvloeder"],
    ["Bakkerij Twee", "jan de vries", "Horeca", "B", "Prospect", "Vos", "beslisser"],
    ["Bakkerij Drie", "Piet Pieters", "Retail", "Goud", "klant", "Bos", "Inkoper"],
    ["Bakkerij Vier", "", "", "", "", "", ""],
]


def values_of(job, key):
    return {
        e["value"]: (e["count"], e["guess"], e["chosen"]) for e in job.error_report["values"][key]
    }


def test_the_preview_lists_each_distinct_value_once_with_its_rows_and_match(people):
    retail = make_segment("Retail")
    job = checked(people.maria, ROWS)

    assert values_of(job, "owner") == {"Jan de Vries": (2, "", ""), "Piet Pieters": (1, "", "")}
    assert values_of(job, "segment") == {"Horeca": (2, "", ""), "Retail": (1, str(retail.pk), "")}
    assert values_of(job, "tier") == {"A": (1, "A", ""), "B": (1, "B", ""), "Goud": (1, "", "")}
    assert values_of(job, "status") == {
        "klant": (2, "customer", ""),
        "Prospect": (1, "prospect", ""),
    }
    assert values_of(job, "contact_buying_role") == {
        "Beïnvloeder": (1, "influencer", ""),
        "beslisser": (1, "decider", ""),
        "Inkoper": (1, "buyer", ""),
    }
    # Unknown values keep their rows out, one error per row as before.
    assert sorted(row_errors(job)) == [2, 3, 4]
    assert row_errors(job)[4]["tier"] == ["Unknown tier “Goud”: use A, B or C."]


def test_mapped_values_resolve_their_rows_and_the_import_uses_them(people):
    foodservice = make_segment("Foodservice")
    make_segment("Retail")
    job = checked(people.maria, ROWS)

    job = services.import_set_options(
        actor=people.maria,
        job=job,
        values={
            "owner": {"jandevries": str(people.alice.pk), "pietpieters": str(people.bob.pk)},
            "segment": {"horeca": str(foodservice.pk)},
            "tier": {"goud": "A"},
        },
    )
    job = services.import_check_start(actor=people.maria, job=job)
    assert job.error_report["errors"] == 0, job.error_report["rows"]
    services.import_start(actor=people.maria, job=job)

    accounts = {a.name: a for a in Account.objects.select_related("segment", "owner")}
    assert [
        (n, a.owner.username, a.segment and a.segment.name, a.tier, a.status)
        for n, a in sorted(accounts.items())
    ] == [
        ("Bakkerij Drie", "bob", "Retail", "A", "customer"),
        ("Bakkerij Een", "alice", "Foodservice", "A", "customer"),
        ("Bakkerij Twee", "alice", "Foodservice", "B", "prospect"),
        ("Bakkerij Vier", "maria", None, "C", "prospect"),
    ]
    roles = dict(Position.objects.values_list("contact__last_name", "buying_role"))
    assert roles == {"Smit": "influencer", "Vos": "decider", "Bos": "buyer"}


def test_a_value_left_unmapped_keeps_only_its_rows_out(people):
    foodservice = make_segment("Foodservice")
    job = checked(people.maria, ROWS)
    services.import_set_options(
        actor=people.maria,
        job=job,
        values={
            "owner": {"jandevries": str(people.alice.pk)},
            "segment": {"horeca": str(foodservice.pk)},
        },
    )
    job = services.import_check_start(actor=people.maria, job=job)

    assert row_errors(job) == {
        4: {
            "owner": ["Unknown account manager “Piet Pieters”."],
            "segment": ["Unknown segment “Retail”."],
            "tier": ["Unknown tier “Goud”: use A, B or C."],
        }
    }


def test_an_account_manager_may_map_owners_to_herself_only(people):
    job = checked(people.alice, ROWS)

    with pytest.raises(ValidationError) as exc:
        services.import_set_options(
            actor=people.alice, job=job, values={"owner": {"jandevries": str(people.bob.pk)}}
        )
    assert exc.value.message_dict == {"owner": ["Choose one of the values offered."]}
    job.refresh_from_db()
    assert job.options.get("values") is None

    services.import_set_options(
        actor=people.alice, job=job, values={"owner": {"jandevries": str(people.alice.pk)}}
    )
    job = services.import_check_start(actor=people.alice, job=job)
    assert "owner" not in row_errors(job).get(2, {})


def test_value_mappings_are_saved_with_the_column_mapping_and_next_file_goes_through(people):
    foodservice = make_segment("Foodservice")
    make_segment("Retail")
    job = upload(people.maria, ROWS)
    services.import_set_mapping(actor=people.maria, job=job, mapping=job.mapping, save_as="CRM")
    services.import_set_options(
        actor=people.maria,
        job=job,
        values={
            "owner": {"jandevries": str(people.alice.pk), "pietpieters": str(people.bob.pk)},
            "segment": {"horeca": str(foodservice.pk)},
            "tier": {"goud": "B"},
        },
    )
    saved = ImportMapping.objects.get(owner=people.maria)
    assert saved.values["segment"] == {"horeca": str(foodservice.pk)}

    # Next month: the same headers, other rows with the same values.
    next_month = [HEADER, ["Bakkerij Vijf", "Jan de Vries", "HORECA", "goud", "klant", "", ""]]
    job = services.import_check_start(actor=people.maria, job=upload(people.maria, next_month))

    assert job.status == "ready" and job.error_report["errors"] == 0
    services.import_start(actor=people.maria, job=job)
    account = Account.objects.get(name="Bakkerij Vijf")
    assert (account.owner, account.segment, account.tier) == (people.alice, foodservice, "B")


def test_a_manager_adds_a_missing_segment_and_its_rows_come_in(people):
    job = checked(people.maria, [HEADER[:3], ["Een", "", "Horeca"], ["Twee", "", "horeca"]])

    segment = services.import_segment_create(
        actor=people.maria, job=job, name="Horeca", value="Horeca"
    )
    job = services.import_check_start(actor=people.maria, job=job)

    assert job.error_report["errors"] == 0
    assert values_of(job, "segment") == {"Horeca": (2, str(segment.pk), str(segment.pk))}


def test_an_account_manager_may_not_add_a_segment(people):
    job = checked(people.alice, [HEADER[:3], ["Een", "", "Horeca"]])

    with pytest.raises(NotAllowed):
        services.import_segment_create(actor=people.alice, job=job, name="Horeca", value="Horeca")
    assert not Segment.objects.exists()


def test_a_segment_name_taken_in_other_capitals_is_refused(people):
    make_segment("Horeca")
    job = checked(people.maria, [HEADER[:3], ["Een", "", "horeca "]])

    with pytest.raises(ValidationError):
        services.import_segment_create(actor=people.maria, job=job, name="HORECA", value="x")
    assert Segment.objects.count() == 1


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("status", "Potentiële klant", "prospect"),
        ("status", "Bestaande klant", "customer"),
        ("status", "Oud-klant", "former"),
        ("contact_buying_role", "Budgethouder", "decider"),
        ("contact_buying_role", "Beïnvloeder", "influencer"),
        ("contact_buying_role", "Eindgebruiker", "user"),
        ("tier", "B-klant", "B"),
        ("contact_preferred_language", "Engels", "en"),
    ],
)
def test_obvious_dutch_values_are_matched_without_asking(key, value, expected):
    assert Tables().mapped(key, value) == expected


def test_country_and_language_values_are_mapped(people):
    rows = [
        ["Bedrijfsnaam", "Land", "Achternaam", "Taal"],
        ["Een", "Nederland", "Smit", "Nederlands"],
        ["Twee", "Vlaanderen", "Vos", "Frans"],
    ]
    job = checked(people.alice, rows)
    assert values_of(job, "visit_country") == {
        "Nederland": (1, "NL", ""),
        "Vlaanderen": (1, "", ""),
    }
    assert values_of(job, "contact_preferred_language") == {
        "Nederlands": (1, "nl", ""),
        "Frans": (1, "", ""),
    }
    services.import_set_options(
        actor=people.alice,
        job=job,
        values={
            "visit_country": {"vlaanderen": "BE"},
            "contact_preferred_language": {"frans": "en"},
        },
    )
    job = services.import_start(
        actor=people.alice, job=services.import_check_start(actor=people.alice, job=job)
    )

    assert job.created_count == 2
    assert Account.objects.get(name="Twee").visit_country == "BE"
    assert Position.objects.get(account__name="Twee").contact.preferred_language == "en"
