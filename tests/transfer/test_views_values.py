"""The preview's form of values to match: selects per distinct value, adding a segment."""

from __future__ import annotations

from django.urls import reverse

from koers.accounts.models import Segment
from koers.transfer.models import ImportJob
from tests.factories import make_segment
from tests.transfer.helpers import checked, row_errors

HEADER = ["Bedrijfsnaam", "Accountmanager", "Segment"]


def rows(n: int) -> list[list[str]]:
    """n rows with n distinct owner names and n distinct segments, all unknown."""
    return [HEADER, *([f"Bedrijf {i}", f"Verkoper {i}", f"Segment {i}"] for i in range(n))]


def test_the_preview_offers_a_select_per_unknown_value(people, client_for):
    make_segment("Foodservice")
    job = checked(people.maria, [HEADER, ["Een", "Jan de Vries", "Horeca"], ["Twee", "", "Horeca"]])

    page = client_for(people.maria).get(reverse("transfer:import_job", args=[job.pk]))

    html = page.content.decode()
    assert 'name="value:owner:jandevries"' in html
    assert 'name="value:segment:horeca"' in html
    assert ">Foodservice</option>" in html
    assert ">Maria Tester</option>" in html
    # A manager may add the missing segment from here.
    assert "Add segment “Horeca”" in html


def test_posting_the_value_form_maps_the_values_and_checks_again(people, client_for):
    foodservice = make_segment("Foodservice")
    job = checked(people.maria, [HEADER, ["Een", "Jan de Vries", "Horeca"], ["Twee", "", "Horeca"]])
    assert sorted(row_errors(job)) == [2, 3]

    response = client_for(people.maria).post(
        reverse("transfer:import_options", args=[job.pk]),
        {
            "values_form": "1",
            "value:owner:jandevries": str(people.alice.pk),
            "value:segment:horeca": str(foodservice.pk),
            "save_as": "Ons CRM",
        },
    )

    assert response.status_code == 302
    job = ImportJob.objects.get(pk=job.pk)
    assert (job.status, job.error_report["errors"]) == ("ready", 0)
    assert job.owner.import_mappings.get().values == {
        "owner": {"jandevries": str(people.alice.pk)},
        "segment": {"horeca": str(foodservice.pk)},
    }


def test_a_value_that_may_not_be_chosen_is_refused_with_a_message(people, client_for):
    job = checked(people.alice, [HEADER, ["Een", "Jan de Vries", ""]])
    client = client_for(people.alice)

    response = client.post(
        reverse("transfer:import_options", args=[job.pk]),
        {"values_form": "1", "value:owner:jandevries": str(people.bob.pk)},
        follow=True,
    )

    assert "Choose one of the values offered." in response.content.decode()
    assert ImportJob.objects.get(pk=job.pk).options.get("values") is None


def test_a_manager_adds_a_segment_with_one_click_and_gets_the_checked_preview(people, client_for):
    job = checked(people.maria, [HEADER, ["Een", "", "Horeca"]])

    response = client_for(people.maria).post(
        reverse("transfer:import_segment", args=[job.pk]),
        {"name": "Horeca"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'id="job-body"' in response.content.decode()
    segment = Segment.objects.get()
    job = ImportJob.objects.get(pk=job.pk)
    assert (segment.name, job.status, job.error_report["errors"]) == ("Horeca", "ready", 0)


def test_an_account_manager_may_not_add_a_segment_and_sees_no_button(people, client_for):
    job = checked(people.alice, [HEADER, ["Een", "", "Horeca"]])
    client = client_for(people.alice)

    page = client.get(reverse("transfer:import_job", args=[job.pk]))
    response = client.post(reverse("transfer:import_segment", args=[job.pk]), {"name": "Horeca"})

    assert "Add segment" not in page.content.decode()
    assert response.status_code == 403
    assert not Segment.objects.exists()
    assert ImportJob.objects.get(pk=job.pk).options == {}


def test_the_values_on_the_preview_cost_no_query_per_value(people, client_for, query_baseline):
    client = client_for(people.maria)
    for n in (1, 40):
        job = checked(people.maria, rows(n))
        # session, user, two-factor devices (2), the job, the owners, the segments
        with query_baseline("job page with values"):
            response = client.get(reverse("transfer:import_job", args=[job.pk]))
        assert response.content.decode().count('name="value:owner:') == n


def test_a_colleague_named_in_an_account_managers_file_is_unknown_to_her(people, client_for):
    job = checked(people.alice, [HEADER[:2], ["Een", "Bob Tester"]])

    html = client_for(people.alice).get(reverse("transfer:import_job", args=[job.pk]))

    page = html.content.decode()
    assert "1 unknown" in page and "Matched:" not in page
    assert row_errors(job) == {
        2: {"owner": ["You can import accounts into your own portfolio only."]}
    }
