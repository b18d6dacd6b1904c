"""The pages of market information: the feed with its filters and export, recording a signal
(page and dialog), making a visit report a signal, the panels, the timeline, the competitor's
page, and the query counts of the lists."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.planning import services
from koers.planning.models import AccountCompetitor, MarketSignal
from koers.sales.models import LostReason, Stage
from koers.sales.opportunities import services as opportunity_services
from tests.factories import make_segment
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_competitor, make_opportunity


def _record(actor, **data):
    data.setdefault("title", "Bread prices up 5%")
    return services.signal_record(actor=actor, **data)


def _titles(page: str, names: list[str]) -> list[str]:
    return [n for n in names if n in page]


def test_the_feed_filters_by_kind_source_importance_segment_group_competitor_and_account(
    people, client_for, account, rival
):
    retail, group = make_segment("Retail"), make_group("BRD")
    other = make_competitor("Ander BV")
    _record(people.alice, title="Price war", kind="price", accounts=[account])
    _record(people.bob, title="New rules", kind="regulation", source="trade_press", importance=3)
    _record(people.mark, title="Retail shrinks", segments=[retail])
    _record(people.mark, title="Bread group", product_groups=[group])
    _record(people.mark, title="Rival's new line", competitors=[rival])
    _record(people.mark, title="Other's line", competitors=[other])
    _record(
        people.mark,
        title="Long ago",
        date=timezone.localdate() - timedelta(days=200),
    )
    names = [
        "Price war",
        "New rules",
        "Retail shrinks",
        "Bread group",
        "Rival&#x27;s new line",
        "Other&#x27;s line",
        "Long ago",
    ]
    client = client_for(people.mark)
    url = reverse("planning:signal_list")

    def found(query: str) -> list[str]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        return _titles(response.content.decode(), names)

    assert found("") == names
    assert found("kind=price") == ["Price war"]
    assert found("source=trade_press") == ["New rules"]
    assert found("importance=3") == ["New rules"]
    assert found(f"segment={retail.pk}") == ["Retail shrinks"]
    assert found(f"product_group={group.pk}") == ["Bread group"]
    assert found(f"competitor={rival.pk}") == ["Rival&#x27;s new line"]
    assert found(f"account={account.pk}") == ["Price war"]
    assert "Long ago" not in found("period=90")
    assert len(found("period=365")) == 7


def test_the_feed_is_for_marketing_and_managers(people, client_for):
    for persona, status in (("alice", 403), ("ingrid", 403), ("maria", 200), ("mark", 200)):
        response = client_for(getattr(people, persona)).get(reverse("planning:signal_list"))
        assert response.status_code == status, persona


def test_a_manager_sees_in_the_feed_only_signals_of_accounts_they_read(
    people, client_for, account, charlies
):
    _record(people.alice, title="About Jansen", accounts=[account])
    _record(people.charlie, title="About Charlie", accounts=[charlies])

    page = client_for(people.maria).get(reverse("planning:signal_list")).content.decode()

    assert "About Jansen" in page
    assert "About Charlie" not in page


def test_the_export_holds_the_filtered_signals(people, client_for, account, rival):
    _record(people.alice, title="Price war", kind="price", accounts=[account], competitors=[rival])
    _record(people.mark, title="New rules", kind="regulation")

    response = client_for(people.mark).get(reverse("planning:signal_export_csv") + "?kind=price")

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert response.status_code == 200
    assert len(rows) == 2
    assert rows[1][1] == "Price war"
    assert "Bakkerij Jansen" in rows[1]
    assert "Rivaal BV" in rows[1]


def test_recording_from_the_account_page_dialog_ties_the_account(people, client_for, account):
    client = client_for(people.alice)
    url = reverse("planning:signal_new")

    dialog = client.get(f"{url}?account={account.pk}", HTTP_HX_REQUEST="true")
    assert "<dialog open" in dialog.content.decode()
    response = client.post(
        url,
        {
            "account": account.pk,
            "accounts": [account.pk],
            "title": "Jansen opens a second shop",
            "kind": "customer",
            "source": "customer",
            "importance": "2",
            "date": timezone.localdate().isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("accounts:account_detail", args=[account.pk])
    signal = MarketSignal.objects.get()
    assert list(signal.accounts.all()) == [account]
    panel = client.get(reverse("planning:account_signals", args=[account.pk])).content.decode()
    assert "Jansen opens a second shop" in panel


def test_a_bad_signal_is_shown_again_with_the_error_at_the_field(people, client_for):
    response = client_for(people.alice).post(
        reverse("planning:signal_new"),
        {"title": "", "kind": "price", "source": "website", "importance": "2", "date": ""},
    )

    assert response.status_code == 422
    assert 'id="field-title"' in response.content.decode()
    assert MarketSignal.objects.count() == 0


def test_the_visit_page_offers_to_make_its_market_information_a_signal(
    people, client_for, account, report, rival
):
    client = client_for(people.alice)
    panel_url = reverse("planning:report_market_information", args=[report.activity_id])

    panel = client.get(panel_url).content.decode()
    assert "Rivaal offers 10% off bread mixes" in panel
    assert f"?report={report.pk}" in panel
    form = client.get(reverse("planning:signal_new") + f"?report={report.pk}").content.decode()
    assert 'value="Rivaal offers 10% off bread mixes"' in form
    response = client.post(
        reverse("planning:signal_new"),
        {
            "report": report.pk,
            "accounts": [account.pk],
            "competitors": [rival.pk],
            "title": "Rivaal offers 10% off bread mixes",
            "kind": "competitor",
            "source": "visit_report",
            "importance": "3",
            "date": timezone.localdate().isoformat(),
        },
    )

    assert response.status_code == 302
    signal = MarketSignal.objects.get()
    assert signal.visit_report == report
    assert 'id="report-signal"' in client.get(panel_url).content.decode()
    competitor_page = client.get(reverse("planning:competitor_detail", args=[rival.pk]))
    assert "Rivaal offers 10% off bread mixes" in competitor_page.content.decode()


def test_the_account_timeline_shows_its_signals(people, client_for, account):
    _record(people.alice, title="Jansen opens a second shop", accounts=[account])

    page = client_for(people.alice).get(reverse("relations:account_timeline", args=[account.pk]))

    assert "Jansen opens a second shop" in page.content.decode()


def test_the_competitor_page_shows_presence_lost_deals_and_signals(
    people, client_for, account, charlies, rival
):
    services.account_competitor_set(
        actor=people.alice, account=account, competitor=rival, supplies="Flour", share=30
    )
    services.account_competitor_set(actor=people.charlie, account=charlies, competitor=rival)
    deal = make_opportunity(people.alice, account, Stage.NEGOTIATION, title="Shop fitting")
    opportunity_services.opportunity_stage_change(
        actor=people.alice,
        opportunity=deal,
        to=Stage.LOST,
        lost_reason=LostReason.COMPETITOR,
        lost_to=rival,
    )
    _record(people.alice, title="Rivaal cuts prices", competitors=[rival], accounts=[account])

    page = client_for(people.alice).get(reverse("planning:competitor_detail", args=[rival.pk]))
    text = page.content.decode()

    assert page.status_code == 200
    assert "Bakkerij Jansen" in text and "Flour" in text and "30%" in text
    assert "Charlie BV" not in text  # charlie's account is not alice's to read
    assert "Shop fitting" in text
    assert "Rivaal cuts prices" in text


def test_marketing_keeps_the_competitor_profile(people, client_for, rival):
    url = reverse("planning:competitor_edit", args=[rival.pk])
    data = {
        "name": "Rivaal BV",
        "website": "https://rivaal.example",
        "products": "Bread mixes",
        "strengths": "Cheap",
        "weaknesses": "Slow delivery",
        "price_position": "lower",
        "active": "on",
    }

    assert client_for(people.alice).post(url, data).status_code == 403
    rival.refresh_from_db()
    assert rival.products == ""
    response = client_for(people.mark).post(url, data)

    assert response.status_code == 302
    rival.refresh_from_db()
    assert (rival.products, rival.strengths, rival.weaknesses, rival.price_position) == (
        "Bread mixes",
        "Cheap",
        "Slow delivery",
        "lower",
    )
    page = client_for(people.bob).get(reverse("planning:competitor_detail", args=[rival.pk]))
    assert "Slow delivery" in page.content.decode()
    assert "Cheaper than us" in page.content.decode()


def test_the_account_panel_records_and_removes_a_competitor(people, client_for, account, rival):
    client = client_for(people.alice)
    url = reverse("planning:account_competitors", args=[account.pk])

    response = client.post(
        url, {"competitor": rival.pk, "supplies": "Flour", "share": "25"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "Flour" in response.content.decode()
    presence = AccountCompetitor.objects.get()
    assert presence.share == 25
    removed = client.post(
        reverse("planning:account_competitor_remove", args=[account.pk, presence.pk]),
        HTTP_HX_REQUEST="true",
    )
    assert removed.status_code == 200
    assert AccountCompetitor.objects.count() == 0


@pytest.mark.parametrize("size", [2, 12])
def test_the_lists_make_a_fixed_number_of_queries(
    people, client_for, account, rival, query_baseline, size
):
    retail, group = make_segment("Retail"), make_group("BRD")
    for n in range(size):
        _record(
            people.alice,
            title=f"Signal {n}",
            accounts=[account],
            segments=[retail],
            product_groups=[group],
            competitors=[rival],
        )
        services.account_competitor_set(
            actor=people.alice,
            account=account,
            competitor=make_competitor(f"Competitor {n}"),
            share=n,
        )
    client = client_for(people.maria)
    client.get(reverse("planning:signal_list"))  # the session's first use

    with query_baseline("feed"):
        client.get(reverse("planning:signal_list"))
    with query_baseline("account signals"):
        client.get(reverse("planning:account_signals", args=[account.pk]), HTTP_HX_REQUEST="true")
    with query_baseline("account competitors"):
        client.get(
            reverse("planning:account_competitors", args=[account.pk]), HTTP_HX_REQUEST="true"
        )
    with query_baseline("competitors"):
        client.get(reverse("planning:competitor_list"))
    with query_baseline("competitor"):
        page = client.get(reverse("planning:competitor_detail", args=[rival.pk]))

    assert page.content.decode().count('id="signal-') == size
