"""The pages of account analyses: making one with two years through the form, the ratios on
its page, figures pasted from a spreadsheet, the panel on the account page, the comparison, and
a bounded number of queries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from koers.planning.models import AccountAnalysis
from tests.planning.analysis_factories import YEAR_2024, make_analysis


def _form(**data):
    figures = {
        "figures-year_0": "2024",
        "figures-revenue_0": "2000000",
        "figures-purchases_0": "1300000",
        "figures-current_assets_0": "600000",
        "figures-current_liabilities_0": "500000",
        "figures-year_1": "2025",
        "figures-revenue_1": "2400000",
        "figures-purchases_1": "1500000",
        "figures-current_assets_1": "700000",
        "figures-inventory_1": "250000",
        "figures-current_liabilities_1": "400000",
        "figures-equity_1": "480000",
        "figures-total_assets_1": "1200000",
        "figures-employees_1": "12",
        "figures-year_2": "",
        "columns": "3",
    }
    return {"analysed_on": "2026-12-05", "hourly_cost": "75", "verdict": "worth", **figures, **data}


def test_an_account_manager_analyses_an_account_with_two_years(people, client_for, account):
    client = client_for(people.alice)

    response = client.post(
        reverse("planning:analysis_new", args=[account.pk]),
        _form(strengths="Strong brand\nMany branches", fit_needs="2", fit_volume="1"),
    )

    analysis = AccountAnalysis.objects.get()
    assert response.status_code == 302
    assert list(analysis.years.values_list("year", "current_assets")) == [
        (2024, D("600000.00")),
        (2025, D("700000.00")),
    ]
    assert (analysis.fit_score, analysis.verdict) == (3, "worth")
    page = client.get(response["Location"]).content.decode()
    # Current ratio 1.20 and 1.75; quick ratio of 2024 not available (no inventory); solvency
    # 40.0 % in 2025; value added per employee 900,000 / 12 = 75,000.
    assert "1.20" in page and "1.75" in page
    assert "Not available: inventory not filled in." in page
    assert "40.0 %" in page
    assert "€ 75,000" in page
    assert "Strong brand" in page and "Score: 3 of 10" in page


def test_a_dutch_user_types_figures_the_dutch_way(people, client_for, account):
    people.alice.language = "nl"
    people.alice.save()

    client_for(people.alice).post(
        reverse("planning:analysis_new", args=[account.pk]),
        _form(**{"figures-revenue_1": "2.400.000,50", "analysed_on": "05-12-2026"}),
    )

    assert AccountAnalysis.objects.get().years.get(year=2025).revenue == D("2400000.50")


def test_figures_without_a_year_are_refused_next_to_the_column(people, client_for, account):
    response = client_for(people.alice).post(
        reverse("planning:analysis_new", args=[account.pk]),
        _form(**{"figures-revenue_2": "100"}),
    )

    assert response.status_code == 200
    assert "Give the financial year of these figures." in response.content.decode()
    assert AccountAnalysis.objects.count() == 0


def test_pasted_figures_fill_the_columns_without_saving(people, client_for, account):
    pasted = "Jaar\t2024\t2025\nOmzet\t€ 2.000.000\t2.400.000\nEquity\t300,000\t480,000\nFoo\t1\t2"

    response = client_for(people.alice).post(
        reverse("planning:analysis_new", args=[account.pk]),
        {**_form(advice="Keep this"), "paste": "1", "pasted": pasted},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert AccountAnalysis.objects.count() == 0
    assert 'name="figures-year_0" value="2024"' in page
    # The Dutch label and the English one are both known; the numbers as either writes them.
    assert 'name="figures-revenue_1" value="2,400,000"' in page
    assert 'name="figures-equity_0" value="300,000"' in page
    assert "Rows not recognised: Foo" in page
    assert "Keep this" in page


def test_a_new_analysis_starts_from_the_latest(people, client_for, account):
    make_analysis(people.alice, account, advice="Visit monthly")

    page = client_for(people.alice).get(reverse("planning:analysis_new", args=[account.pk]))

    text = page.content.decode()
    assert "Visit monthly" in text
    assert 'name="figures-year_1" value="2025"' in text


def test_the_account_page_shows_the_latest_analysis(people, client_for, account):
    make_analysis(people.alice, account, analysed_on=date(2025, 11, 1), years=[YEAR_2024])
    make_analysis(people.alice, account, verdict="worth")

    page = client_for(people.maria).get(
        reverse("planning:account_analysis", args=[account.pk]), HTTP_HX_REQUEST="true"
    )

    text = page.content.decode()
    assert "Analysis of 2026-11-30" in text and "figures of 2025" in text
    assert 'id="panel-current_ratio">1.75<' in text
    assert "Worth the investment" in text


def test_the_panel_invites_an_analysis_when_there_is_none(people, client_for, account):
    text = (
        client_for(people.alice)
        .get(reverse("planning:account_analysis", args=[account.pk]))
        .content.decode()
    )

    assert 'id="analysis-new"' in text
    assert "No analysis of this account yet" in text


def test_marketing_reads_but_does_not_get_the_form(people, client_for, account):
    analysis = make_analysis(people.alice, account)
    client = client_for(people.mark)

    assert client.get(reverse("planning:analysis_detail", args=[analysis.pk])).status_code == 200
    assert client.get(reverse("planning:analysis_new", args=[account.pk])).status_code == 403
    response = client.post(reverse("planning:analysis_edit", args=[analysis.pk]), _form())
    assert response.status_code == 403
    assert AccountAnalysis.objects.get().version == 1


def test_a_stale_save_shows_the_conflict_and_changes_nothing(people, client_for, account):
    analysis = make_analysis(people.alice, account, culture="Open")
    client = client_for(people.alice)
    client.post(
        reverse("planning:analysis_edit", args=[analysis.pk]),
        _form(version="1", culture="Informal"),
    )

    response = client.post(
        reverse("planning:analysis_edit", args=[analysis.pk]),
        _form(version="1", culture="Formal"),
    )

    assert response.status_code == 200
    assert AccountAnalysis.objects.get().culture == "Informal"


def test_two_analyses_side_by_side_mark_the_differences(people, client_for, account):
    older = make_analysis(people.alice, account, analysed_on=date(2025, 11, 1), years=[YEAR_2024])
    newer = make_analysis(people.alice, account)
    url = reverse("planning:analysis_compare", args=[account.pk])

    page = client_for(people.alice).get(url, {"left": newer.pk, "right": older.pk})

    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="compare-current_ratio" class="changed"' in text
    # 1.75 - 1.20: the older is put on the left whichever way they are asked.
    assert "0.55" in text


def test_comparing_with_an_analysis_of_another_account_is_not_found(people, client_for, account):
    from tests.factories import make_account

    other = make_analysis(people.alice, make_account(people.alice, "Beta"))
    mine = make_analysis(people.alice, account)
    url = reverse("planning:analysis_compare", args=[account.pk])

    assert (
        client_for(people.alice).get(url, {"left": mine.pk, "right": other.pk}).status_code == 404
    )


@pytest.mark.parametrize("analyses", [1, 4])
def test_the_pages_make_a_fixed_number_of_queries(
    people, client_for, account, anna, query_baseline, analyses
):
    for i in range(analyses):
        latest = make_analysis(people.alice, account, analysed_on=date(2026, 1 + i, 1))
    client = client_for(people.maria)

    with query_baseline("list"):
        client.get(reverse("planning:analysis_list", args=[account.pk]))
    with query_baseline("panel"):
        client.get(reverse("planning:account_analysis", args=[account.pk]), HTTP_HX_REQUEST="true")
    with query_baseline("detail"):
        client.get(reverse("planning:analysis_detail", args=[latest.pk]))


def test_a_dutch_user_reads_the_ratios_in_dutch(people, client_for, account):
    people.alice.language = "nl"
    people.alice.save()
    analysis = make_analysis(people.alice, account)

    page = client_for(people.alice).get(reverse("planning:analysis_detail", args=[analysis.pk]))

    text = page.content.decode()
    assert "Kengetallen" in text and "Solvabiliteit" in text
    assert "1,75" in text and "40,0 %" in text and "€ 75.000" in text
    assert "Niet beschikbaar: aantal medewerkers niet ingevuld." in text
