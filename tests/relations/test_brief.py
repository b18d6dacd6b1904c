"""The visit brief: each section read from its own source with exact content, the page and the
PDF per persona, user text that stays text in the PDF, and a fixed number of queries."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from koers.accounts import services as account_services
from koers.accounts.models import Position
from koers.core.pdf import money
from koers.relations import brief, services
from koers.relations.brief import changes, sections
from koers.relations.models import ActivityKind
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan

NOW = "2026-12-09 12:00 +01:00"


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def scene(people):
    """Bakkerij Jansen (A), visited on 10 November with Dirk; since then Bob called, Nina
    arrived, Uma left and the phone number changed. A visit with Dirk and Bea is planned for
    tomorrow."""
    with time_machine.travel("2026-10-01 09:00 +02:00", tick=False):
        account = make_account(
            people.alice,
            "Bakkerij Jansen",
            tier="A",
            visit_street="Markt 1",
            visit_postcode="3511 AA",
            phone="0301234567",
        )
        dirk = make_contact(
            account,
            first_name="Dirk",
            last_name="Decker",
            buying_role="decider",
            attitude="critic",
            job_title="Directeur",
            personal_interests="Zeilen; twee dochters",
        )
        bea = make_contact(
            account, first_name="Bea", last_name="Buys", buying_role="buyer", attitude="supporter"
        )
        uma = make_contact(account, first_name="Uma", last_name="Uit", buying_role="user")
        account_services.account_team_add(
            actor=people.alice, account=account, user=people.bob, role="co_account_manager"
        )
    with time_machine.travel("2026-11-10 15:00 +01:00", tick=False):
        last = plan(
            people.alice,
            account,
            subject="Najaarsbezoek",
            planned_start=at("2026-11-10", 10),
            contacts=[dirk],
        )
        report = services.report_write(
            actor=people.alice,
            activity=last,
            data={
                "discussed": "Prijzen 2027 besproken.",
                "agreements": "Offerte sturen\nProefpakket leveren",
                "next_step": "Bellen",
                "next_step_date": date(2026, 12, 15),
            },
        )
        services.commitment_make(
            actor=people.alice,
            account=account,
            direction="ours",
            description="Offerte sturen",
            due_date=date(2026, 12, 5),
            report=report,
        )
        services.commitment_make(
            actor=people.alice,
            account=account,
            direction="theirs",
            description="Cijfers aanleveren",
            due_date=date(2026, 12, 20),
            contact=bea,
        )
    with time_machine.travel("2026-11-20 11:00 +01:00", tick=False):
        call = services.activity_log(
            actor=people.bob,
            account=account,
            kind=ActivityKind.PHONE_CALL,
            subject="Levering besproken",
            outcome="Levering volgende week.",
            contacts=[bea],
        )
    with time_machine.travel("2026-11-25 11:00 +01:00", tick=False):
        nina = make_contact(account, first_name="Nina", last_name="Nieuw", buying_role="influencer")
        account_services.position_end(
            actor=people.alice,
            position=Position.objects.get(contact=uma),
            end_date=date(2026, 11, 30),
        )
    with time_machine.travel("2026-12-01 11:00 +01:00", tick=False):
        account.refresh_from_db()
        account_services.account_update(
            actor=people.alice,
            account=account,
            data={"phone": "0307654321"},
            expected_version=account.version,
        )
    with time_machine.travel(NOW, tick=False):
        visit = plan(
            people.alice,
            account,
            subject="Kerstbezoek",
            planned_start=at("2026-12-10", 10),
            contacts=[dirk, bea],
            instructions="Vraag naar de uitbreiding.",
            checklist=["Prijslijst", "Monsters"],
        )
    account.refresh_from_db()
    return SimpleNamespace(
        account=account,
        dirk=dirk,
        bea=bea,
        uma=uma,
        nina=nina,
        last=last,
        call=call,
        report=report,
        visit=visit,
    )


def ctx_for(scene, user, visit=None):
    return brief.context_for(scene.account, user, visit=visit)


# ------------------------------------------------------------------------------- sections


@time_machine.travel(NOW, tick=False)
def test_the_brief_counts_changes_from_the_last_visit(scene, people):
    ctx = ctx_for(scene, people.alice)

    assert (ctx.since, ctx.last_visit) == (date(2026, 11, 10), scene.last)


@time_machine.travel(NOW, tick=False)
def test_the_visit_section_holds_time_place_people_and_instructions(scene, people):
    from koers.relations.queries import activity_for_detail

    visit = activity_for_detail(people.alice, scene.visit.pk)

    data = sections.visit(ctx_for(scene, people.alice, visit))

    assert data["activity"] == scene.visit
    assert data["activity"].location == "Markt 1, 3511 AA Utrecht"
    assert {c.full_name for c in data["contacts"]} == {"Dirk Decker", "Bea Buys"}
    assert data["checklist"] == ["Prijslijst", "Monsters"]
    assert sections.visit(ctx_for(scene, people.alice)) is None


@time_machine.travel(NOW, tick=False)
def test_key_data_has_the_address_and_the_team(scene, people):
    data = sections.key_data(ctx_for(scene, people.alice))

    assert data["address"] == "Markt 1, 3511 AA Utrecht"
    assert [(m.user, m.role) for m in data["team"]] == [(people.bob, "co_account_manager")]


def test_the_chain_gives_the_parent_and_the_number_of_branches(people):
    top = make_account(people.alice, "Keten")
    shop = make_account(people.alice, "Keten Utrecht", parent=top)
    make_account(people.alice, "Keten Utrecht Oost", parent=shop)
    make_account(people.alice, "Keten Zeist", parent=top)

    assert sections.chain(brief.context_for(top, people.alice)) == {
        "parent": None,
        "is_branch": False,
        "branches": 2,
        "chain_branches": 3,
    }
    data = sections.chain(brief.context_for(shop, people.alice))
    assert (data["parent"], data["is_branch"], data["branches"]) == (top, True, 1)
    assert sections.chain(brief.context_for(make_account(people.alice), people.alice)) is None


@time_machine.travel(NOW, tick=False)
def test_the_contact_status_is_against_the_tiers_norm(scene, people):
    data = sections.contact_status(ctx_for(scene, people.alice))

    state = data["state"]
    assert (state.last_contact_on, state.norm_days, state.due_on) == (
        date(2026, 11, 20),
        28,
        date(2026, 12, 18),
    )
    assert (data["status"], str(data["label"])) == ("due_soon", "Due soon")


@time_machine.travel(NOW, tick=False)
def test_the_dmu_puts_the_decider_first_and_marks_the_critic_and_the_unseen(scene, people):
    rows = sections.dmu(ctx_for(scene, people.alice))

    assert [
        (r["contact"].full_name, r["decides"], r["critical"], r["last_contact_on"], r["too_long"])
        for r in rows
    ] == [
        ("Dirk Decker", True, True, date(2026, 11, 10), False),
        ("Bea Buys", False, False, date(2026, 11, 20), False),
        ("Nina Nieuw", False, False, None, False),
    ]


@time_machine.travel(NOW, tick=False)
def test_a_key_person_without_contact_is_not_seen_for_too_long(people):
    account = make_account(people.alice, tier="A")
    make_contact(account, first_name="Ben", last_name="Koper", buying_role="buyer")

    rows = sections.dmu(brief.context_for(account, people.alice))

    assert [(r["contact"].full_name, r["norm_days"], r["too_long"]) for r in rows] == [
        ("Ben Koper", 120, True)
    ]


@time_machine.travel(NOW, tick=False)
def test_interests_are_of_the_people_to_be_met(scene, people):
    from koers.relations.queries import activity_for_detail

    visit = activity_for_detail(people.alice, scene.visit.pk)
    scene.nina.personal_interests = "Wielrennen"
    scene.nina.save()

    assert sections.interests(ctx_for(scene, people.alice, visit)) == [scene.dirk]
    assert sections.interests(ctx_for(scene, people.alice)) == [scene.dirk, scene.nina]


@time_machine.travel(NOW, tick=False)
def test_open_commitments_both_ways_with_the_overdue_marked(scene, people):
    data = sections.commitments(ctx_for(scene, people.alice))

    assert [(c.description, c.overdue) for c in data["ours"]] == [("Offerte sturen", True)]
    assert [(c.description, c.overdue) for c in data["theirs"]] == [("Cijfers aanleveren", False)]
    assert (data["overdue"], data["more"]) == (1, False)


@time_machine.travel(NOW, tick=False)
def test_the_agreements_are_those_of_the_last_report(scene, people):
    data = sections.agreements(ctx_for(scene, people.alice))

    assert data["report"] == scene.report
    assert data["lines"] == ["Offerte sturen", "Proefpakket leveren"]


@time_machine.travel(NOW, tick=False)
def test_the_last_contacts_are_newest_first_with_their_summary(scene, people):
    rows = sections.recent_contacts(ctx_for(scene, people.alice))

    assert [(r["activity"], r["summary"]) for r in rows] == [
        (scene.call, "Levering volgende week."),
        (scene.last, "Prijzen 2027 besproken."),
    ]


def test_a_long_summary_is_cut_at_a_word():
    assert sections.summary("een twee drie vier", limit=9) == "een twee …"


@time_machine.travel(NOW, tick=False)
def test_what_changed_since_the_last_visit(scene, people):
    data = changes.changes(ctx_for(scene, people.alice))

    assert [p.contact for p in data["new"]] == [scene.nina]
    assert [(p.contact, p.end_date) for p in data["departed"]] == [(scene.uma, date(2026, 11, 30))]
    assert [(c["name"], c["old"], c["new"]) for e in data["account"] for c in e["changes"]] == [
        ("phone", "030 123 4567", "030 765 4321")
    ]
    assert data["colleagues"] == [scene.call]
    assert data["nothing"] is False


@time_machine.travel(NOW, tick=False)
def test_a_colleague_sees_the_account_managers_activities_as_colleagues(scene, people):
    data = changes.changes(ctx_for(scene, people.bob))

    assert data["colleagues"] == [scene.visit]


# ------------------------------------------------------------------------------ the page


@time_machine.travel(NOW, tick=False)
def test_the_account_brief_page_holds_every_section(scene, people, client_for):
    response = client_for(people.alice).get(
        reverse("relations:account_brief", args=[scene.account.pk])
    )

    assert response.status_code == 200
    assert [s.name for s in response.context["sections"]] == [
        "key-data",
        "contact-status",
        "dmu",
        "interests",
        "commitments",
        "agreements",
        "recent-contacts",
        "changes",
    ]
    html = response.content.decode()
    for text in ("Bakkerij Jansen", "Dirk Decker", "Proefpakket leveren", "Zeilen; twee dochters"):
        assert text in html
    assert "hx-get" not in html.split('id="brief"')[1]


@time_machine.travel(NOW, tick=False)
def test_the_visit_brief_starts_with_the_visit(scene, people, client_for):
    response = client_for(people.alice).get(
        reverse("relations:activity_brief", args=[scene.visit.pk])
    )

    assert response.context["sections"][0].name == "visit"
    assert "Vraag naar de uitbreiding." in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_account_and_the_visit_link_to_the_brief(scene, people, client_for):
    client = client_for(people.alice)
    account_page = client.get(reverse("accounts:account_detail", args=[scene.account.pk]))
    visit_page = client.get(reverse("relations:activity_detail", args=[scene.visit.pk]))

    assert (
        reverse("relations:account_brief", args=[scene.account.pk]) in account_page.content.decode()
    )
    assert reverse("relations:activity_brief", args=[scene.visit.pk]) in visit_page.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("alice", 200),
        ("bob", 200),
        ("maria", 200),
        ("mark", 200),
        ("charlie", 404),
        ("ingrid", 404),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_the_brief_is_for_whoever_reads_the_account(scene, people, client_for, persona, status):
    client = client_for(getattr(people, persona))

    for name, pk in [("account_brief", scene.account.pk), ("activity_brief", scene.visit.pk)]:
        assert client.get(reverse(f"relations:{name}", args=[pk])).status_code == status
        assert client.get(reverse(f"relations:{name}_pdf", args=[pk])).status_code == status


@time_machine.travel(NOW, tick=False)
def test_the_page_makes_the_same_queries_for_a_small_or_a_busy_account(people, client_for, scene):
    client = client_for(people.alice)
    quiet = make_account(people.alice, tier="A")
    make_contact(quiet, buying_role="decider")
    services.activity_log(actor=people.alice, account=quiet, kind="phone_call", subject="x")

    def count(account) -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("relations:account_brief", args=[account.pk]))
        return len(queries)

    # 24, and one for the open opportunities (sales registers its section).
    assert count(quiet) == count(scene.account) == 25


# -------------------------------------------------------------------------------- the PDF


@time_machine.travel(NOW, tick=False)
def test_the_pdf_is_a_pdf_with_the_brief_in_its_text(scene, people, client_for):
    response = client_for(people.alice).get(
        reverse("relations:activity_brief_pdf", args=[scene.visit.pk])
    )

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="visit-brief-bakkerij-jansen-2026-12-09.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for expected in (
        "Visit brief: Bakkerij Jansen",
        "Vraag naar de uitbreiding.",
        "Dirk Decker",
        "Offerte sturen",
        "overdue",
        "Proefpakket leveren",
        "2026-12-10 10:00",
    ):
        assert expected in text


@time_machine.travel(NOW, tick=False)
def test_the_pdf_speaks_the_readers_language(scene, people, client_for):
    people.alice.language = "nl"
    people.alice.save()

    response = client_for(people.alice).get(
        reverse("relations:activity_brief_pdf", args=[scene.visit.pk])
    )

    text = pdf_text(response.content)
    assert "Bezoekbriefing: Bakkerij Jansen" in text
    assert "10-12-2026 10:00" in text
    assert "te laat" in text


@time_machine.travel(NOW, tick=False)
def test_names_in_the_pdf_stay_text(people, client_for):
    account = make_account(people.alice, '#panic("boem") ] [')
    make_contact(account, first_name="#set page(width: 1cm)", last_name="$x$ *vet* \\")

    response = client_for(people.alice).get(
        reverse("relations:account_brief_pdf", args=[account.pk])
    )

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert '#panic("boem") ] [' in text
    assert "#set page(width: 1cm) $x$ *vet* \\" in text


@pytest.mark.parametrize(("language", "expected"), [("nl", "€ 1.234,56"), ("en", "€1,234.56")])
def test_amounts_are_written_in_the_readers_language(language, expected):
    with translation.override(language):
        assert money(Decimal("1234.56")) == expected


def _photo_upload(color: str):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(out, "PNG")
    return SimpleUploadedFile(f"{color}.png", out.getvalue(), content_type="image/png")


@time_machine.travel(NOW, tick=False)
def test_the_photos_of_the_last_visit_with_photos_show_on_the_page_and_in_the_pdf(
    scene, people, client_for
):
    from koers.relations.models import VisitReport
    from koers.relations.photos import prepare

    report = VisitReport.objects.filter(activity__account=scene.account).latest("pk")
    services.report_photos_add(
        actor=people.alice,
        report=report,
        photos=[prepare(_photo_upload(c)) for c in ("red", "green", "blue", "black", "white")],
    )
    client = client_for(people.alice)

    page = client.get(reverse("relations:account_brief", args=[scene.account.pk]))
    pdf = client.get(reverse("relations:account_brief_pdf", args=[scene.account.pk]))

    section = next(s for s in page.context["sections"] if s.name == "photos")
    assert [p.original_name for p in section.data["photos"]] == [
        "red.png",
        "green.png",
        "blue.png",
        "black.png",
    ]
    assert section.data["more"] is True
    html = page.content.decode()
    first = section.data["photos"][0]
    thumb = reverse("relations:photo_thumbnail", args=[report.activity_id, first.pk])
    assert f'src="{thumb}"' in html
    reader = PdfReader(io.BytesIO(pdf.content))
    assert sum(len(p.images) for p in reader.pages) == 4
    assert "More photos on the visit" in pdf_text(pdf.content)
