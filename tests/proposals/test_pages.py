"""The pages of proposals: from a row of the structural overview and from a complaint, the
manager's decision with a comment, what the proposer then sees, the lists and the panel."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from koers.complaints.structural import Period, row_query, structural_rows
from koers.proposals import services
from koers.proposals.models import Proposal, ProposalStatus
from tests.complaints.factories import make_category, make_complaint
from tests.factories import make_account
from tests.proposals.factories import propose
from tests.sales.factories import make_group, make_product

S = ProposalStatus


def _structural(owner, names=("A1", "A2", "A3")):
    quality = make_category("Quality")
    return [
        make_complaint(
            owner,
            make_account(owner, name),
            category=quality,
            product_name="Rookworst",
            received_at=timezone.now() - timedelta(days=3),
        )
        for name in names
    ]


def _form(**data):
    return {
        "kind": "range",
        "title": "Rookworst van een andere slager",
        "what": "Wissel van leverancier.",
        "why": "Klachten bij drie klanten.",
        "expected_effect": "Minder klachten.",
        "market_signals": "",
        "complaints": "",
        **data,
    }


def test_a_row_of_the_overview_prefills_its_complaints(people, client_for):
    complaints = _structural(people.alice)
    client = client_for(people.alice)
    (row,) = [
        r
        for r in structural_rows(people.alice, period=Period.default())
        if r.kind == "product_name"
    ]
    query = row_query(row, period=Period.default(), owner=None, team=None)

    page = client.get(f"{reverse('proposals:proposal_new')}?{query}")

    form = page.context["form"]
    assert form.initial["complaints"] == ", ".join(str(c.pk) for c in complaints)
    assert form.initial["title"] == "Rookworst"
    assert form.initial["why"] == "3 complaints at 3 accounts."


def test_a_catalogue_product_row_prefills_its_complaints_and_the_products_name(people, client_for):
    minced = make_product("RU-101", name_en="Minced beef")
    complaints = [
        make_complaint(people.alice, make_account(people.alice, name), product=minced)
        for name in ("A1", "A2", "A3")
    ]
    (row,) = [
        r for r in structural_rows(people.alice, period=Period.default()) if r.kind == "product"
    ]
    query = row_query(row, period=Period.default(), owner=None, team=None)

    page = client_for(people.alice).get(f"{reverse('proposals:proposal_new')}?{query}")

    form = page.context["form"]
    assert form.initial["complaints"] == ", ".join(str(c.pk) for c in complaints)
    assert form.initial["title"] == "Minced beef"


def test_a_product_group_row_prefills_the_groups_name(people, client_for):
    poultry = make_group("GEVO", name_en="Poultry")
    complaints = [
        make_complaint(people.alice, make_account(people.alice, name), product_group=poultry)
        for name in ("A1", "A2", "A3")
    ]
    page = client_for(people.alice).get(
        reverse("proposals:proposal_new"), {"product_group": poultry.pk}
    )

    form = page.context["form"]
    assert form.initial["complaints"] == ", ".join(str(c.pk) for c in complaints)
    assert form.initial["title"] == "Poultry"


def test_a_proposal_from_a_complaint_is_titled_with_its_product(people, client_for):
    minced = make_product("RU-101", name_en="Minced beef")
    complaint = make_complaint(people.alice, make_account(people.alice, "A1"), product=minced)

    page = client_for(people.alice).get(
        reverse("proposals:proposal_from_complaint", args=[complaint.pk])
    )

    assert page.context["form"].initial["title"] == "Minced beef"


def test_the_overview_links_each_row_to_a_new_proposal(people, client_for):
    _structural(people.alice)

    page = client_for(people.alice).get(reverse("complaints:structural")).content.decode()

    assert f'href="{reverse("proposals:proposal_new")}?category=' in page
    assert f'href="{reverse("proposals:proposal_new")}?product_name=Rookworst' in page


def test_an_account_manager_submits_a_proposal_with_its_complaints(people, client_for):
    complaints = _structural(people.alice)
    numbers = ", ".join(f"#{c.pk}" for c in complaints)

    response = client_for(people.alice).post(
        reverse("proposals:proposal_new"), _form(complaints=numbers)
    )

    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:proposal_detail", args=[proposal.pk])
    assert proposal.complaints.count() == 3
    assert proposal.accounts.count() == 3
    assert proposal.proposer == people.alice


def test_a_complaint_number_she_may_not_read_is_shown_at_the_field(people, client_for):
    other = make_complaint(people.charlie, make_account(people.charlie, "Charlie BV"))

    response = client_for(people.alice).post(
        reverse("proposals:proposal_new"), _form(complaints=str(other.pk))
    )

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "complaints": ["There is no complaint with this number."]
    }
    assert not Proposal.objects.exists()


def test_a_missing_what_is_shown_at_the_field(people, client_for):
    response = client_for(people.alice).post(reverse("proposals:proposal_new"), _form(what=""))

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["what"]


def test_a_complaint_page_offers_a_proposal_and_shows_those_linked(people, client_for):
    complaint = _structural(people.alice)[0]
    proposal = propose(people.alice, complaints=[complaint])
    client = client_for(people.alice)

    page = client.get(reverse("complaints:complaint_detail", args=[complaint.pk])).content.decode()
    panel = client.get(
        reverse("proposals:complaint_proposals", args=[complaint.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    form = client.get(reverse("proposals:proposal_from_complaint", args=[complaint.pk]))

    assert reverse("proposals:proposal_from_complaint", args=[complaint.pk]) in page
    assert reverse("proposals:complaint_proposals", args=[complaint.pk]) in page
    assert proposal.title in panel
    assert form.context["form"].initial["complaints"] == str(complaint.pk)


def test_the_manager_accepts_with_a_comment_and_the_proposer_sees_it(people, client_for):
    proposal = propose(people.alice)
    url = reverse("proposals:proposal_detail", args=[proposal.pk])
    manager = client_for(people.maria)
    assert manager.get(url).context["may_decide"] is True

    response = manager.post(
        reverse("proposals:proposal_decide", args=[proposal.pk, "accept"]),
        {"comment": "Goed plan, we starten in januari."},
    )

    assert response.status_code == 302
    page = client_for(people.alice).get(url)
    assert page.context["may_decide"] is False
    html = page.content.decode()
    assert "Goed plan, we starten in januari." in html
    assert 'id="proposal-status">Accepted<' in html


def test_a_decision_without_a_comment_is_shown_at_the_comment(people, client_for):
    proposal = propose(people.alice)

    response = client_for(people.maria).post(
        reverse("proposals:proposal_decide", args=[proposal.pk, "reject"]), {"comment": ""}
    )

    assert response.status_code == 422
    assert "comment" in response.context["decision_form"].errors
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_the_proposer_may_not_decide_on_her_own_proposal(people, client_for):
    proposal = propose(people.alice)

    response = client_for(people.alice).post(
        reverse("proposals:proposal_decide", args=[proposal.pk, "accept"]), {"comment": "Ja"}
    )

    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED


def test_the_managers_list_puts_those_awaiting_a_decision_first(people, client_for):
    decided = propose(people.alice, title="Besloten")
    parked = propose(people.bob, title="Geparkeerd")
    waiting = propose(people.alice, title="Wacht")

    services.proposal_accept(actor=people.maria, proposal=decided, comment="Ja")
    services.proposal_park(actor=people.maria, proposal=parked, comment="Later")

    response = client_for(people.maria).get(reverse("proposals:proposal_list"))

    titles = [p.title for p in response.context["page_obj"].object_list]
    assert titles == [waiting.title, parked.title, decided.title]


def test_an_account_manager_lists_her_own_proposals(people, client_for):
    mine = propose(people.alice, title="Van mij")
    propose(people.bob, title="Van bob")

    response = client_for(people.alice).get(reverse("proposals:proposal_list"))

    assert [p.pk for p in response.context["page_obj"].object_list] == [mine.pk]


def test_the_manager_sees_the_count_of_proposals_to_decide(people, client_for):
    propose(people.alice)
    propose(people.bob)

    badge = client_for(people.maria).get(
        reverse("proposals:decisions_count"), HTTP_HX_REQUEST="true"
    )

    assert ">2</span>" in badge.content.decode()


def test_the_lists_make_a_fixed_number_of_queries(people, client_for, query_baseline):
    complaints = _structural(people.alice)
    for n in range(3):
        propose(people.alice, title=f"Voorstel {n}", complaints=complaints)
    client = client_for(people.maria)
    client.get(reverse("proposals:proposal_list"))

    with query_baseline("list"):
        client.get(reverse("proposals:proposal_list"))
    with query_baseline("complaint panel"):
        client.get(
            reverse("proposals:complaint_proposals", args=[complaints[0].pk]),
            HTTP_HX_REQUEST="true",
        )
    with query_baseline("detail"):
        client.get(reverse("proposals:proposal_detail", args=[Proposal.objects.first().pk]))


def test_a_dutch_manager_reads_the_proposal_in_dutch(people, client_for):
    proposal = propose(people.alice)
    people.maria.language = "nl"
    people.maria.save()

    page = (
        client_for(people.maria)
        .get(reverse("proposals:proposal_detail", args=[proposal.pk]))
        .content.decode()
    )

    assert "Wacht op besluit" in page
    assert "Overnemen" in page
    assert "Parkeren" in page
