"""Campaigns in a real browser: marketing creates a campaign, builds its selection from the
customer file, sees the count with the exclusions and their reasons, and freezes it; the
selection page fits a phone; a paused mailing is cancelled only after the question page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.campaigns.models import Campaign, SelectionMember
from tests.campaigns.file import build_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_marketing_builds_a_selection_and_freezes_it(page: Page, login, people):
    build_file(people)

    login(people.mark)
    page.locator('[data-area="campaigns"]').click()
    page.get_by_role("button", name="New campaign").click()
    page.get_by_label("Name").fill("Voorjaarsmailing")
    page.get_by_label("Kind").select_option("mailing")
    page.get_by_label("From").fill("2027-03-01")
    page.get_by_label("Until").fill("2027-03-31")
    page.get_by_label("Budget (€)").fill("2500")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Voorjaarsmailing")

    page.get_by_role("button", name="Selection").click()
    page.get_by_label("Segment", exact=True).select_option(label="Retail")
    expect(page.locator("#preview-included")).to_have_text("1 contact included")
    expect(page.locator("#preview-total")).to_have_text("of 4 found")
    page.get_by_role("button", name="Save the selection").click()
    expect(page.locator("#selection-counts")).to_contain_text("1 contact included")
    expect(page.locator("#selection-counts")).to_contain_text("3 excluded")
    reasons = page.locator("#selection-reasons")
    expect(reasons).to_contain_text("Opted out: 1")
    expect(reasons).to_contain_text("No consent for mailings: 1")
    expect(reasons).to_contain_text("No e-mail address: 1")

    page.locator("#show-excluded").click()
    expect(page.locator("#selection-members tbody tr")).to_have_count(3)
    expect(page.locator("#selection-members")).to_contain_text("Excluded: Opted out")

    page.get_by_role("button", name="Freeze").click()
    expect(page.locator("#selection-state")).to_contain_text("Frozen on")
    selection = Campaign.objects.get().selection
    assert selection.frozen
    assert SelectionMember.objects.filter(selection=selection, reason="").count() == 1


def test_the_selection_page_fits_a_phone(page: Page, login, people):
    from koers.campaigns import services
    from koers.campaigns.selection import Criteria
    from tests.campaigns.test_campaign_pages import make_campaign

    file = build_file(people)
    campaign = make_campaign(people, "Een campagne met een behoorlijk lange naam")
    services.selection_save(
        actor=people.mark, campaign=campaign, criteria=Criteria(segments=[file.noord.segment_id])
    )
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.mark)
    page.goto(f"/campaigns/{campaign.pk}/selection/")
    expect(page.locator("#selection-members tbody tr")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/campaigns/")
    expect(page.locator(".campaign-table tbody tr")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_marketing_sends_a_mailing_and_a_contact_unsubscribes(page: Page, login, people, settings):
    from django.core import mail

    from koers.accounts.models import Contact
    from koers.campaigns import services
    from tests.campaigns.test_campaign_pages import make_campaign

    settings.MAILING_BATCH_SECONDS = 0
    file = build_file(people)
    people.mark.email = "mark@example.nl"
    people.mark.save(update_fields=["email"])
    campaign = make_campaign(people, "Voorjaarsmailing")
    services.selection_freeze(actor=people.mark, campaign=campaign)
    mail.outbox.clear()

    login(people.mark)
    page.goto(f"/campaigns/{campaign.pk}/")
    page.get_by_role("button", name="New mailing").click()
    page.get_by_label("Subject (Dutch)").fill("Voorjaar bij {account}")
    page.get_by_label("Text (Dutch)").fill("{salutation},\n\nOns voorjaarsaanbod.")
    page.get_by_label("Subject (English)").fill("Spring at {account}")
    page.get_by_label("Text (English)").fill("{salutation},\n\nOur spring offer.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#preview-subject")).to_have_text("Voorjaar bij Example Ltd")
    page.locator("#preview-en").click()
    expect(page.locator("#preview-text")).to_contain_text("Dear Anna,")

    page.get_by_role("button", name="Send a test to me").click()
    expect(page.locator("#mailing-tested")).to_be_visible()
    page.locator("#mailing-send").click()
    expect(page.locator("#mailing-confirm")).to_contain_text("2 contacts")
    page.get_by_role("button", name="Yes, send it").click()
    expect(page.locator("#count-sent")).to_have_text("2")
    expect(page.locator("#mailing-send-rows tbody tr")).to_have_count(2)
    expect(page.locator("#mailing-status")).to_have_text("Sent")

    copy = next(m for m in mail.outbox if "anna@example.nl" in m.to[0])
    link = copy.extra_headers["List-Unsubscribe"].strip("<>")
    page.set_viewport_size({"width": 390, "height": 844})
    page.context.clear_cookies()  # no login needed
    page.goto("/" + link.split("://", 1)[1].split("/", 1)[1])
    expect(page.locator("#unsubscribed")).to_contain_text("Je ontvangt onze mailings niet meer.")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert Contact.objects.get(pk=file.anna.pk).opted_out is True

    login(people.mark)
    page.goto(f"/mailings/{Campaign.objects.get().mailings.get().pk}/sends/")
    expect(page.locator("#count-unsubscribed")).to_have_text("1")


def test_marketing_cancels_a_paused_mailing_after_a_question(page: Page, login, people):
    from django.utils import timezone

    from koers.campaigns.models import Mailing, MailingSend, MailingStatus, SendStatus
    from tests.campaigns.mailing_helpers import ready_mailing

    file = build_file(people)
    mailing = ready_mailing(people)
    now = timezone.now()
    Mailing.objects.filter(pk=mailing.pk).update(
        status=MailingStatus.PAUSED, started_at=now, heartbeat_at=now
    )
    for contact in (file.anna, file.carl):
        MailingSend.objects.create(mailing=mailing, contact=contact, status=SendStatus.QUEUED)

    login(people.mark)
    page.goto(f"/mailings/{mailing.pk}/")
    page.locator("#mailing-cancel").click()
    expect(page.locator("#mailing-cancel-question")).to_contain_text(
        "The 2 copies not sent yet will never go."
    )
    page.get_by_role("link", name="No, keep it").click()
    expect(page.locator("#mailing-status")).to_have_text("Paused")
    page.locator("#mailing-cancel").click()
    page.get_by_role("button", name="Yes, cancel the mailing").click()
    expect(page.locator("#mailing-status")).to_have_text("Cancelled")
    assert set(MailingSend.objects.filter(mailing=mailing).values_list("status", flat=True)) == {
        SendStatus.CANCELLED
    }
