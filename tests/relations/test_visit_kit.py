"""During and right after a visit: the instructions and the checklist, photos of the visit, and
the recap e-mail, by service and by page, per persona."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from koers.core.errors import NotAllowed
from koers.relations import services
from koers.relations.models import Activity, ActivityKind, Recap, ReportPhoto
from koers.relations.photos import MAX_EDGE, prepare
from tests.factories import make_account, make_contact
from tests.relations.factories import plan


def png(width: int = 40, height: int = 30, color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_exif(width: int, height: int, orientation: int) -> bytes:
    image = Image.new("RGB", (width, height), "blue")
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "PhoneMaker"  # Make
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(data: bytes, name: str = "shelf.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


@pytest.fixture
def visit(people, account):
    return plan(
        people.alice,
        account,
        planned_start=timezone.now() + timedelta(days=1),
        checklist=["Price list 2027", "Ask about week 50"],
    )


def _report(people, activity: Activity, **data):
    return services.report_write(
        actor=people.alice, activity=activity, data={"discussed": "Prices", **data}
    )


# ------------------------------------------------------------------ instructions and checklist


def test_the_plan_form_takes_instructions_and_a_checklist(people, client_for, account):
    response = client_for(people.maria).post(
        reverse("relations:activity_plan") + f"?account={account.pk}",
        {
            "account": account.pk,
            "kind": "visit",
            "subject": "Shelf check",
            "day": "2026-12-08",
            "start_time": "10:00",
            "duration": "60",
            "instructions": "Ask for the buyer's name",
            "checklist": "Price list\n\n  Samples  \n",
        },
    )

    assert response.status_code == 302
    activity = Activity.objects.get(subject="Shelf check")
    assert activity.instructions == "Ask for the buyer's name"
    assert activity.checklist == [
        {"text": "Price list", "done": False},
        {"text": "Samples", "done": False},
    ]


def test_ticking_an_item_answers_with_the_list_and_keeps_it(people, client_for, visit):
    response = client_for(people.alice).post(
        reverse("relations:checklist_tick", args=[visit.pk]),
        {"line": "1", "text": "Ask about week 50", "done": "on"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert b'aria-checked="true"' in response.content
    assert b"<html" not in response.content
    visit.refresh_from_db()
    assert visit.checklist == [
        {"text": "Price list 2027", "done": False},
        {"text": "Ask about week 50", "done": True},
    ]
    assert visit.version == 1


def test_a_second_tap_of_the_same_tick_does_not_undo_it(people, visit):
    for _ in range(2):
        services.checklist_tick(
            actor=people.alice, activity=visit, line=0, text="Price list 2027", done=True
        )

    visit.refresh_from_db()
    assert visit.checklist[0] == {"text": "Price list 2027", "done": True}


def test_a_tap_on_a_list_that_changed_is_refused(people, visit):
    services.checklist_remove(actor=people.alice, activity=visit, line=0, text="Price list 2027")

    with pytest.raises(ValidationError) as refused:
        services.checklist_tick(
            actor=people.alice, activity=visit, line=0, text="Price list 2027", done=True
        )

    assert refused.value.message_dict["checklist"] == [
        "The checklist changed meanwhile: look again and tap once more."
    ]
    visit.refresh_from_db()
    assert visit.checklist == [{"text": "Ask about week 50", "done": False}]


def test_a_manager_adds_an_item_and_instructions_to_a_team_members_visit(people, visit):
    services.checklist_add(actor=people.maria, activity=visit, text="  Bring   samples ")
    services.activity_instructions_set(
        actor=people.maria, activity=visit, instructions="Meet the buyer", expected_version=2
    )

    visit.refresh_from_db()
    assert visit.checklist[-1] == {"text": "Bring samples", "done": False}
    assert visit.instructions == "Meet the buyer"
    assert visit.version == 3


@pytest.mark.parametrize("persona", ["bob", "charlie", "mark", "ingrid"])
def test_who_may_not_change_the_account_changes_no_checklist(people, visit, persona):
    with pytest.raises(NotAllowed):
        services.checklist_tick(
            actor=getattr(people, persona),
            activity=visit,
            line=0,
            text="Price list 2027",
            done=True,
        )
    with pytest.raises(NotAllowed):
        services.checklist_add(actor=getattr(people, persona), activity=visit, text="More")

    visit.refresh_from_db()
    assert visit.checklist == [
        {"text": "Price list 2027", "done": False},
        {"text": "Ask about week 50", "done": False},
    ]


def test_a_done_visits_checklist_is_ticked_but_not_changed(people, visit):
    services.activity_complete(actor=people.alice, activity=visit)
    visit.refresh_from_db()
    services.checklist_tick(
        actor=people.alice, activity=visit, line=0, text="Price list 2027", done=True
    )

    with pytest.raises(ValidationError):
        services.checklist_add(actor=people.alice, activity=visit, text="Late item")
    visit.refresh_from_db()
    assert [i["done"] for i in visit.checklist] == [True, False]


def test_the_ticks_show_on_the_report_form_and_in_the_api(people, client_for, visit):
    services.checklist_tick(
        actor=people.alice, activity=visit, line=0, text="Price list 2027", done=True
    )
    client = client_for(people.alice)

    page = client.get(reverse("relations:report_write", args=[visit.pk]))
    api = client.get(f"/api/v1/activities/{visit.pk}")

    assert "✓ Price list 2027" in page.content.decode()
    assert "○ Ask about week 50" in page.content.decode()
    assert api.json()["checklist"] == [
        {"text": "Price list 2027", "done": True},
        {"text": "Ask about week 50", "done": False},
    ]


# ------------------------------------------------------------------------------------ photos


def test_a_photo_is_turned_upright_resized_and_stripped_of_exif():
    # Orientation 6: the camera held sideways; the stored photo must stand upright.
    photo = prepare(upload(jpeg_with_exif(3200, 2000, orientation=6), "IMG_0001.jpg"))

    stored = Image.open(io.BytesIO(photo.image))
    assert (stored.format, stored.width, stored.height) == ("JPEG", 1000, MAX_EDGE)
    assert dict(stored.getexif()) == {}
    assert max(Image.open(io.BytesIO(photo.thumbnail)).size) == 320


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.4 not an image", "invoice.pdf: not an image, or a damaged one."),
        (png()[:40], "invoice.pdf: not an image, or a damaged one."),
    ],
)
def test_a_file_that_is_not_an_image_is_refused(data, message):
    with pytest.raises(ValidationError) as refused:
        prepare(upload(data, "invoice.pdf"))

    assert refused.value.messages == [message]


def test_writing_the_report_with_photos_stores_them_in_one_request(people, client_for, visit):
    response = client_for(people.alice).post(
        reverse("relations:report_write", args=[visit.pk]),
        {"discussed": "Shelves", "photos": [upload(png(), "a.png"), upload(png(), "b.png")]},
    )

    assert response.status_code == 302
    photos = list(ReportPhoto.objects.order_by("pk"))
    assert [p.original_name for p in photos] == ["a.png", "b.png"]
    assert all(default_storage.exists(p.image.name) for p in photos)
    assert all(p.image.name.startswith("visit-photos/") for p in photos)


def test_a_report_with_a_file_that_is_not_a_photo_is_refused_at_the_field(
    people, client_for, visit
):
    response = client_for(people.alice).post(
        reverse("relations:report_write", args=[visit.pk]),
        {"discussed": "Shelves", "photos": [upload(b"MZ binary", "tool.exe")]},
    )

    assert response.status_code == 422
    assert "tool.exe: not an image, or a damaged one." in response.content.decode()
    assert not ReportPhoto.objects.exists()
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_an_image_over_the_size_limit_is_refused():
    big = upload(png(), "huge.png")
    big.size = 21 * 1024 * 1024

    with pytest.raises(ValidationError) as refused:
        prepare(big)

    assert refused.value.messages == ["huge.png: larger than 20.0\xa0MB."]


@pytest.fixture
def photo(people, visit):
    report = _report(people, visit)
    (added,) = services.report_photos_add(
        actor=people.alice, report=report, photos=[prepare(upload(png()))]
    )
    return added


@pytest.mark.parametrize(
    ("persona", "status"),
    [("alice", 200), ("maria", 200), ("mark", 200), ("bob", 404), ("charlie", 404)],
)
def test_a_photo_is_served_only_to_who_may_read_the_account(
    people, client_for, photo, persona, status
):
    response = client_for(getattr(people, persona)).get(
        reverse("relations:photo", args=[photo.report.activity_id, photo.pk])
    )

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"] == "private, no-store"
        assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (40, 30)


def test_a_photo_is_not_reached_through_another_activity(people, client_for, photo, account):
    other = plan(people.alice, account)

    response = client_for(people.alice).get(reverse("relations:photo", args=[other.pk, photo.pk]))

    assert response.status_code == 404


def test_deleting_a_photo_removes_its_files_after_the_commit(
    people, client_for, photo, django_capture_on_commit_callbacks
):
    names = [photo.image.name, photo.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(people.alice).post(
            reverse("relations:photo_delete", args=[photo.report.activity_id, photo.pk])
        )

    assert response.status_code == 302
    assert not ReportPhoto.objects.exists()
    assert not any(default_storage.exists(n) for n in names)


def test_marketing_deletes_no_photo(people, client_for, photo):
    response = client_for(people.mark).post(
        reverse("relations:photo_delete", args=[photo.report.activity_id, photo.pk])
    )

    assert response.status_code == 403
    assert ReportPhoto.objects.count() == 1
    assert default_storage.exists(photo.image.name)


def test_the_activity_page_shows_the_thumbnails(people, client_for, photo):
    page = client_for(people.alice).get(
        reverse("relations:activity_detail", args=[photo.report.activity_id])
    )

    thumb = reverse("relations:photo_thumbnail", args=[photo.report.activity_id, photo.pk])
    assert f'src="{thumb}"' in page.content.decode()


# ------------------------------------------------------------------------------------- recap


@pytest.fixture
def visited(people, account):
    jan = make_contact(account, first_name="Jan", last_name="de Vries", email="jan@jansen.nl")
    kate = make_contact(
        account,
        first_name="Kate",
        last_name="Brown",
        email="kate@jansen.co.uk",
        preferred_language="en",
    )
    piet = make_contact(account, first_name="Piet", last_name="Zonder")
    activity = plan(
        people.alice,
        account,
        subject="Internal: push the price rise",
        planned_start=timezone.now() - timedelta(hours=3),
        contacts=[jan, kate, piet],
    )
    report = _report(
        people,
        activity,
        discussed="Internal notes",
        agreements="We send the price list\nThey send their volumes",
    )
    services.commitment_from_agreement(
        actor=people.alice,
        report=report,
        line=0,
        direction="ours",
        due_date=timezone.localdate() + timedelta(days=7),
    )
    services.commitment_from_agreement(
        actor=people.alice,
        report=report,
        line=1,
        direction="theirs",
        due_date=timezone.localdate() + timedelta(days=14),
    )
    plan(
        people.alice,
        account,
        kind=ActivityKind.VISIT,
        subject="Secret plan",
        planned_start=timezone.now() + timedelta(days=21),
        location="Dorpsstraat 1, Zeist",
    )
    activity.refresh_from_db()
    return activity


def test_the_recap_goes_to_each_contact_in_their_language(
    people, visited, django_capture_on_commit_callbacks
):
    people.alice.email = "alice@koers.example"
    people.alice.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.recap_send(actor=people.alice, activity=visited)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_address) == ["jan@jansen.nl", "kate@jansen.co.uk"]
    dutch, english = by_address["jan@jansen.nl"], by_address["kate@jansen.co.uk"]
    assert dutch.subject.startswith("Samenvatting van ons gesprek van ")
    assert english.subject.startswith("Recap of our meeting of ")
    assert dutch.body.startswith("Beste Jan de Vries,")
    assert english.body.startswith("Dear Kate Brown,")
    assert "- We send the price list" in english.body
    assert "What we will do:\n- We send the price list (by " in english.body
    assert "What you will do:\n- They send their volumes (by " in english.body
    assert "Our next appointment: visit on " in english.body
    assert "Dorpsstraat 1, Zeist" in english.body
    assert "Wat wij doen:" in dutch.body
    for message in mail.outbox:
        assert "Internal" not in message.body and "Secret plan" not in message.body
        assert message.reply_to == ["alice@koers.example"]


def test_the_recap_is_recorded_as_a_done_email_activity(
    people, visited, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        recap = services.recap_send(actor=people.alice, activity=visited)

    email = recap.email_activity
    assert (email.kind, email.status) == ("email", "done")
    assert email.subject == "Recap: Internal: push the price rise"
    assert sorted(c.first_name for c in email.contacts.all()) == ["Jan", "Kate"]
    assert all(r.sent_at is not None for r in recap.recipients.all())


def test_sending_the_recap_twice_is_refused(people, visited, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.recap_send(actor=people.alice, activity=visited)

    with pytest.raises(ValidationError) as refused:
        services.recap_send(actor=people.alice, activity=visited)

    assert refused.value.messages[0].startswith("The recap was sent on ")
    assert len(mail.outbox) == 2
    assert Activity.objects.filter(kind="email").count() == 1


def test_a_retry_after_a_failed_send_sends_only_what_did_not_go(
    people, visited, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.relations.failing_mail.FailForKate"
    with django_capture_on_commit_callbacks(execute=True):
        recap = services.recap_send(actor=people.alice, activity=visited)
    assert [m.to for m in mail.outbox] == [["jan@jansen.nl"]]
    kate = recap.recipients.get(email="kate@jansen.co.uk")
    assert (kate.sent_at, kate.error) == (None, "the mail server said no")

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        services.recap_send(actor=people.alice, activity=visited)

    assert [m.to for m in mail.outbox] == [["jan@jansen.nl"], ["kate@jansen.co.uk"]]
    assert Recap.objects.count() == 1
    assert Activity.objects.filter(kind="email").count() == 1


def test_the_preview_names_who_is_skipped_and_sends_nothing(people, client_for, visited):
    response = client_for(people.alice).get(reverse("relations:recap", args=[visited.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "No e-mail address, so no recap for: Piet Zonder" in page
    assert "jan@jansen.nl" in page and "kate@jansen.co.uk" in page
    assert "Send it to 2 contacts" in page
    assert mail.outbox == []
    assert not Recap.objects.exists()


def test_the_second_click_says_when_it_was_sent(
    people, client_for, visited, django_capture_on_commit_callbacks
):
    client = client_for(people.alice)
    url = reverse("relations:recap", args=[visited.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    response = client.post(url, follow=True)

    assert "The recap was sent on " in response.content.decode()
    assert len(mail.outbox) == 2


def test_no_recap_before_the_report(people, account):
    jan = make_contact(account, email="jan@jansen.nl")
    activity = plan(people.alice, account, contacts=[jan])

    with pytest.raises(ValidationError) as refused:
        services.recap_send(actor=people.alice, activity=activity)

    assert refused.value.messages == ["A recap is sent after a visit or meeting that took place."]


@pytest.mark.parametrize("persona", ["mark", "bob"])
def test_who_may_not_change_the_account_sends_no_recap(people, visited, persona):
    with pytest.raises(NotAllowed):
        services.recap_send(actor=getattr(people, persona), activity=visited)

    assert not Recap.objects.exists()


def test_the_backup_carries_the_photos(photo, settings, tmp_path):
    """The backup copies MEDIA_ROOT (core/backup.py); a photo and its thumbnail live there."""
    from pathlib import Path

    from koers.core import backup

    scratch = tmp_path / "scratch.sqlite3"
    sqlite3.connect(scratch).close()

    backup.sqlite_backup(
        database=scratch, destination=tmp_path / "saved", media_root=Path(settings.MEDIA_ROOT)
    )

    for stored in (photo.image, photo.thumbnail):
        copied = tmp_path / "saved" / "media" / stored.name
        assert copied.read_bytes() == default_storage.open(stored.name).read()


def test_the_activity_page_makes_as_many_queries_with_more_photos(people, client_for, photo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(people.alice)
    url = reverse("relations:activity_detail", args=[photo.report.activity_id])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    services.report_photos_add(
        actor=people.alice, report=photo.report, photos=[prepare(upload(png()))] * 3
    )
    assert count() == few
