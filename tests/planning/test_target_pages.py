"""The target grid per persona, a cell saved per change (and refused to who may not set it,
leaving nothing changed), the XLSX import in the grid's layout (bad cells named, nothing
half-saved), spreading from the page, and a fixed number of queries."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.planning.models import PeriodKind, SpreadKind, Target, TargetLevel
from koers.planning.targets import services
from koers.planning.targets.services import TargetRow

D = Decimal
YEAR = 2026


def _grid(client, **params):
    query = "&".join(f"{k}={v}" for k, v in {"year": YEAR, **params}.items())
    return client.get(f"{reverse('planning:target_grid')}?{query}")


def _cell(client, **data):
    body = {"measure": "revenue", "year": YEAR, **data}
    return client.post(reverse("planning:target_cell"), body)


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("targets.xlsx", out.getvalue())


def test_the_manager_sees_the_team_grid_with_its_account_managers(people, client_for):
    team = people.alice.teams.get()
    services.target_set(
        actor=people.maria,
        row=TargetRow(
            "revenue",
            TargetLevel.USER,
            {"user": people.alice.pk},
            YEAR,
            PeriodKind.MONTH,
            3,
            D("1234.56"),
        ),
    )

    response = _grid(client_for(people.maria), view="team", team=team.pk)

    assert response.status_code == 200
    rows = [r.label for r in response.context["grid"].rows]
    assert rows == [str(people.alice), str(people.bob)]
    assert 'value="1,234.56"' in response.content.decode()


def test_an_account_manager_sees_their_own_grid_read_only(people, client_for):
    response = _grid(client_for(people.alice))

    grid = response.context["grid"]
    assert (grid.view, grid.person, grid.writable) == ("person", people.alice, False)


def test_an_account_manager_cannot_open_the_team_grid_or_a_colleagues(people, client_for):
    client = client_for(people.alice)

    assert _grid(client, view="team", team=people.alice.teams.get().pk).status_code == 404
    assert _grid(client, view="person", user=people.bob.pk).status_code == 404
    assert _grid(client, view="company").status_code == 404


def test_the_manager_saves_a_cell_in_dutch_number_format(people, client_for):
    response = _cell(
        client_for(people.maria), level="user", user=people.alice.pk, period=5, amount="12.500,50"
    )

    assert response.status_code == 200
    assert response.json() == {"amount": "12500.50"}
    target = Target.objects.get()
    assert (target.period_kind, target.period, target.amount) == ("month", 5, D("12500.50"))


def test_an_empty_cell_removes_the_target(people, client_for):
    client = client_for(people.maria)
    _cell(client, level="user", user=people.alice.pk, period=0, amount="1000")

    _cell(client, level="user", user=people.alice.pk, period=0, amount="")

    assert not Target.objects.exists()


def test_a_cell_that_is_not_a_number_is_refused_by_name(people, client_for):
    response = _cell(
        client_for(people.maria), level="user", user=people.alice.pk, period=1, amount="veel"
    )

    assert response.status_code == 400
    assert "veel" in response.json()["error"]
    assert not Target.objects.exists()


def test_an_account_manager_may_not_set_their_own_target(people, client_for):
    response = _cell(
        client_for(people.alice), level="user", user=people.alice.pk, period=1, amount="5"
    )

    assert response.status_code == 403
    assert not Target.objects.exists()


def test_a_manager_may_not_set_another_teams_target(people, client_for):
    response = _cell(
        client_for(people.maria), level="user", user=people.charlie.pk, period=1, amount="5"
    )

    assert response.status_code == 403
    assert not Target.objects.exists()


def test_the_import_fills_the_grid_from_an_xlsx_in_its_layout(people, client_for):
    team = people.alice.teams.get()
    upload = _xlsx(
        [
            [
                "",
                "jan",
                "feb",
                "mrt",
                "apr",
                "mei",
                "jun",
                "jul",
                "aug",
                "sep",
                "okt",
                "nov",
                "dec",
                "Jaar",
            ],
            [team.name, *[10000] * 12, 120000],
            [str(people.alice), *["5.000,50"] * 12, None],
        ]
    )
    url = (
        f"{reverse('planning:target_import')}?view=team&team={team.pk}&year={YEAR}&measure=revenue"
    )

    response = client_for(people.maria).post(url, {"file": upload})

    assert response.status_code == 302
    assert Target.objects.filter(level="team").count() == 13
    alice = Target.objects.filter(user=people.alice)
    assert alice.count() == 12 and {t.amount for t in alice} == {D("5000.50")}


def test_an_import_with_a_bad_cell_names_it_and_saves_nothing(people, client_for):
    team = people.alice.teams.get()
    upload = _xlsx(
        [
            ["", "jan", "feb"],
            [team.name, 1000, 2000],
            [str(people.alice), 500, "veel"],
            ["Onbekend", 1],
        ]
    )
    url = (
        f"{reverse('planning:target_import')}?view=team&team={team.pk}&year={YEAR}&measure=revenue"
    )

    response = client_for(people.maria).post(url, {"file": upload}, follow=True)

    text = response.content.decode()
    assert "Row 3, column C" in text and "Onbekend" in text
    assert not Target.objects.exists()


def test_the_manager_spreads_a_row_from_the_page(people, client_for):
    team = people.alice.teams.get()
    client = client_for(people.maria)
    _cell(client, level="team", team=team.pk, period=0, amount="1200")
    profile = services.spread_profile_save(actor=people.maria, name="Even", kind=SpreadKind.EVEN)
    url = (
        f"{reverse('planning:target_spread')}?view=team&team={team.pk}&year={YEAR}&measure=revenue"
    )

    client.post(url, {"row": f"team/team:{team.pk}", "profile": profile.pk})

    months = Target.objects.filter(level="team", period_kind="month")
    assert sorted(t.amount for t in months) == [D("100.00")] * 12


def test_the_manager_keeps_spreading_profiles(people, client_for):
    client = client_for(people.maria)
    percentages = "\t".join(["8"] * 11 + ["12"])

    response = client.post(
        reverse("planning:target_profiles"),
        {"name": "Kerst", "kind": "custom", "percentages": percentages},
    )

    assert response.status_code == 302
    assert client.get(reverse("planning:target_profiles")).context["profiles"][0].name == "Kerst"


def test_the_grid_makes_a_fixed_number_of_queries(people, client_for, query_baseline):
    team = people.alice.teams.get()
    client = client_for(people.maria)
    for period in range(1, 13):
        for user in (people.alice, people.bob):
            _cell(client, level="user", user=user.pk, period=period, amount="100")

    with query_baseline("team grid"):
        _grid(client, view="team", team=team.pk)


def test_a_number_cell_with_three_decimals_is_not_read_as_thousands(people, client_for):
    team = people.alice.teams.get()
    upload = _xlsx([["", "jan", "feb"], [team.name, 1.234, "1.234"]])
    url = (
        f"{reverse('planning:target_import')}?view=team&team={team.pk}&year={YEAR}&measure=revenue"
    )

    client_for(people.maria).post(url, {"file": upload})

    amounts = dict(Target.objects.values_list("period", "amount"))
    # A number stored as a number is one point two; a Dutch text "1.234" is thousands.
    assert amounts == {1: D("1.23"), 2: D("1234.00")}


def test_the_grid_shows_quarter_sums_and_keeps_the_stretch_beside_the_year(people, client_for):
    team = people.alice.teams.get()
    client = client_for(people.maria)
    for period, amount in ((1, "100"), (2, "200"), (3, "300"), (4, "50")):
        _cell(client, level="team", team=team.pk, period=period, amount=amount)
    _cell(client, level="team", team=team.pk, period=0, amount="10000")

    stretch = _cell(client, level="team", team=team.pk, period=0, amount="12.500", field="stretch")
    _cell(client, level="team", team=team.pk, period=0, amount="11000")
    parent = _grid(client, view="team", team=team.pk).context["grid"].parent

    assert stretch.status_code == 200
    assert parent.quarters == [D("600"), D("50"), None, None]
    year = Target.objects.get(period_kind="year")
    assert (year.amount, year.stretch) == (D("11000.00"), D("12500.00"))
    assert (parent.year, parent.stretch) == (D("11000.00"), D("12500.00"))


def test_a_stretch_without_a_year_target_is_refused(people, client_for):
    team = people.alice.teams.get()

    response = _cell(
        client_for(people.maria), level="team", team=team.pk, period=0, amount="5", field="stretch"
    )

    assert response.status_code == 400
    assert not Target.objects.exists()
