"""The complaint pages: register, list (open and overdue first), detail actions, panels,
involving colleagues with notifications, and the category settings."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from koers.complaints.models import Complaint, ComplaintStatus
from koers.notifications.models import Notification
from tests.complaints.factories import make_category, make_complaint
from tests.factories import make_account, make_contact
from tests.sales.factories import make_group, make_product

S = ComplaintStatus


def test_alice_registers_a_complaint_owned_by_herself_by_default(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    category = make_category("Quality")
    client = client_for(people.alice)

    response = client.post(
        f"{reverse('complaints:complaint_new')}?account={alpha.pk}",
        {
            "category": category.pk,
            "description": "Meat too fatty",
            "severity": "high",
            "channel": "email",
            "promised_on": "2026-12-20",
            "agreed_handling": "Credit note for the batch",
        },
    )

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:complaint_detail", args=[complaint.pk])
    assert complaint.owner == people.alice
    assert complaint.status == S.RECEIVED
    assert complaint.agreed_handling == "Credit note for the batch"
    assert complaint.steps.get().kind == "received"


def test_a_missing_description_is_shown_next_to_the_field(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    category = make_category()

    response = client_for(people.alice).post(
        f"{reverse('complaints:complaint_new')}?account={alpha.pk}",
        {"category": category.pk, "description": "", "severity": "low", "channel": "phone"},
    )

    assert response.status_code == 422
    assert "This field is required." in response.context["form"].errors["description"]
    assert not Complaint.objects.exists()


def test_the_list_shows_open_and_overdue_complaints_first(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    today = timezone.localdate()
    done = make_complaint(people.alice, alpha, S.VERIFIED)
    fresh = make_complaint(people.alice, alpha, promised_on=today + timedelta(days=5))
    late = make_complaint(people.alice, alpha, S.IN_PROGRESS, promised_on=today - timedelta(1))

    response = client_for(people.alice).get(reverse("complaints:complaint_list"))

    rows = response.context["page_obj"].object_list
    assert [c.pk for c in rows] == [late.pk, fresh.pk, done.pk]
    assert rows[0].overdue is True


def test_the_list_filters_overdue(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    today = timezone.localdate()
    make_complaint(people.alice, alpha, promised_on=today + timedelta(days=5))
    late = make_complaint(people.alice, alpha, promised_on=today - timedelta(1))

    response = client_for(people.maria).get(reverse("complaints:complaint_list") + "?overdue=on")

    assert [c.pk for c in response.context["page_obj"].object_list] == [late.pk]


def test_the_list_makes_a_fixed_number_of_queries(people, client_for, query_baseline):
    alpha = make_account(people.alice, "Alpha")
    about = ({"product": make_product()}, {"product_group": make_group()}, {})
    for status, named in zip((S.RECEIVED, S.IN_PROGRESS, S.SOLVED), about, strict=True):
        make_complaint(people.alice, alpha, status, **named)
    client = client_for(people.maria)
    client.get(reverse("complaints:complaint_list"))

    with query_baseline("page"):
        client.get(reverse("complaints:complaint_list"))


def test_the_detail_offers_the_moves_of_its_status(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.SOLVED)

    response = client_for(people.alice).get(complaint_url(complaint))

    assert list(response.context["action_forms"]) == ["verify", "reopen", "follow-up"]


def test_a_reader_who_may_not_handle_sees_no_moves(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha)

    response = client_for(people.mark).get(complaint_url(complaint))

    assert response.context["action_forms"] == {}


def test_solving_without_a_solution_is_refused_at_the_field(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.IN_PROGRESS)

    response = client_for(people.alice).post(
        reverse("complaints:complaint_action", args=[complaint.pk, "solve"]),
        {"solve-solution": ""},
    )

    assert response.status_code == 422
    complaint.refresh_from_db()
    assert complaint.status == S.IN_PROGRESS


def test_the_follow_up_answer_from_the_page_verifies(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha, S.SOLVED)

    client_for(people.alice).post(
        reverse("complaints:complaint_action", args=[complaint.pk, "follow-up"]),
        {"follow-up-satisfied": "yes", "follow-up-comment": ""},
    )

    complaint.refresh_from_db()
    assert complaint.status == S.VERIFIED
    assert complaint.customer_answer == "The customer is satisfied."


def test_the_account_panel_lists_open_complaints(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    anna = make_contact(alpha, first_name="Anna")
    open_one = make_complaint(people.alice, alpha, contact=anna)
    make_complaint(people.alice, alpha, S.VERIFIED)
    client = client_for(people.alice)

    account_panel = client.get(reverse("complaints:account_complaints", args=[alpha.pk]))
    contact_panel = client.get(reverse("complaints:contact_complaints", args=[anna.pk]))

    assert [c.pk for c in account_panel.context["complaints"]] == [open_one.pk]
    assert [c.pk for c in contact_panel.context["complaints"]] == [open_one.pk]


def test_the_steps_are_on_the_accounts_timeline(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    make_complaint(people.alice, alpha, S.SOLVED)

    response = client_for(people.alice).get(
        reverse("relations:account_timeline", args=[alpha.pk]) + "?show=complaints"
    )

    kinds = [e.obj.kind for e in response.context["page"].entries]
    assert kinds == ["solved", "received"]
    assert "Ask whether the customer is satisfied" not in response.content.decode()
    assert "New pallets" in response.content.decode()


def test_involving_inside_sales_lets_her_read_and_notifies_her_once(
    people, client_for, django_capture_on_commit_callbacks
):
    alpha = make_account(people.alice, "Alpha")
    people.ingrid.email = "ingrid@example.com"
    people.ingrid.save()
    complaint = make_complaint(people.alice, alpha)
    assert client_for(people.ingrid).get(complaint_url(complaint)).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        client_for(people.alice).post(
            reverse("complaints:task_assign", args=[complaint.pk]),
            {"assignee": people.ingrid.pk, "description": "Check the delivery note"},
        )

    notification = Notification.objects.get(recipient=people.ingrid)
    assert notification.text == (
        f"Alice Tester asks you about complaint #{complaint.pk} (Alpha): Check the delivery note"
    )
    assert notification.url == complaint_url(complaint)
    assert [m.to for m in mail.outbox] == [["ingrid@example.com"]]
    assert client_for(people.ingrid).get(complaint_url(complaint)).status_code == 200


def test_the_mail_task_sends_a_notification_only_once(people):
    from koers.notifications.tasks import email_notification

    people.bob.email = "bob@example.com"
    people.bob.save()
    notification = Notification.objects.create(recipient=people.bob, kind="x", text="Hello")

    email_notification.call(notification_id=notification.pk)
    email_notification.call(notification_id=notification.pk)

    assert len(mail.outbox) == 1


def test_a_mention_notifies_the_colleague(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    complaint = make_complaint(people.alice, alpha)

    client_for(people.alice).post(
        reverse("complaints:comment_add", args=[complaint.pk]), {"text": "Can you look, @maria?"}
    )

    notification = Notification.objects.get(recipient=people.maria)
    assert notification.kind == "complaint_mention"
    assert list(complaint.comments.get().mentioned.all()) == [people.maria]


def test_the_bell_counts_unread_notifications_and_reading_clears_it(people, client_for):
    for n in range(3):
        Notification.objects.create(recipient=people.bob, kind="x", text=f"N{n}")
    client = client_for(people.bob)

    assert client.get(reverse("notifications:bell")).context["count"] == 3
    client.post(reverse("notifications:notification_read"))
    assert client.get(reverse("notifications:bell")).context["count"] == 0


def test_the_administrator_adds_and_retires_a_category(people, client_for):
    client = client_for(people.admin)
    from tests.factories import make_totp_device

    device = make_totp_device(people.admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    client.post(reverse("complaints:category_settings"), {"name": "Invoice"})
    category = make_category("Invoice")
    client.post(reverse("complaints:category_edit", args=[category.pk]), {"name": "Invoices"})

    category.refresh_from_db()
    assert (category.name, category.active) == ("Invoices", False)


def complaint_url(complaint: Complaint) -> str:
    return reverse("complaints:complaint_detail", args=[complaint.pk])
