"""The validity watch (decision 111): the daily job reminds the owner before a sent quote's
validity ends (once per version and date), expires it after the end of its validity day in
Amsterdam, and plans a follow-up call for the owner on the deal, once; a second run, or a retry
after a failure, does nothing twice. Extending: a later date with a reason, on a sent or just
expired version that no newer version replaced, on the page and in the API."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from koers.core.errors import NotAllowed
from koers.core.schedule import DAILY, run_now
from koers.notifications.models import Notification
from koers.relations.models import Activity, ActivityKind
from koers.sales.models import (
    DealActivity,
    QuoteEvent,
    QuoteExpiryReminder,
    QuoteFollowUp,
    QuoteSettings,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.quotes import services
from koers.sales.quotes.services.validity import watch_validity
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus
AMS = ZoneInfo("Europe/Amsterdam")
TODAY = date(2026, 6, 15)  # the sales tests' frozen day (a Monday)


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


@pytest.fixture
def product(db):
    return make_product(list_price=D("10.00"), cost_price=D("6.00"), vat_category="high")


def sent_until(people, account, product, valid_until: date) -> QuoteVersion:
    version = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    QuoteVersion.objects.filter(pk=version.pk).update(valid_until=valid_until)
    version.refresh_from_db()
    return version


def reminders() -> list[tuple[int, str]]:
    return list(
        Notification.objects.filter(kind="quote_expiring").values_list("recipient_id", "text")
    )


def test_the_owner_is_reminded_three_days_before_once_per_version(people, account, product):
    due = sent_until(people, account, product, TODAY + timedelta(days=3))
    later = sent_until(people, account, product, TODAY + timedelta(days=4))
    result = watch_validity(TODAY)
    assert result.reminded == 1
    number = f"{due.quote.number} v1"
    assert reminders() == [
        (people.alice.pk, f"Quote {number} for Bakkerij Bos is valid until 2026-06-18")
    ]
    assert watch_validity(TODAY).reminded == 0
    assert watch_validity(TODAY + timedelta(days=1)).reminded == 1  # the next one, only
    assert len(reminders()) == 2
    assert QuoteExpiryReminder.objects.filter(quote_version=later).count() == 1


def test_an_extension_gets_its_own_reminder_and_zero_days_reminds_nobody(people, account, product):
    version = sent_until(people, account, product, TODAY + timedelta(days=2))
    watch_validity(TODAY)
    services.quote_extend(
        actor=people.alice, version=version, valid_until=TODAY + timedelta(days=3), reason="Asked"
    )
    assert watch_validity(TODAY).reminded == 1
    assert len(reminders()) == 2
    QuoteSettings.objects.update_or_create(pk=1, defaults={"remind_days": 0})
    sent_until(people, account, product, TODAY + timedelta(days=1))
    assert watch_validity(TODAY).reminded == 0


def test_a_version_in_any_other_status_is_neither_reminded_nor_expired(people, account, product):
    approved = make_quote(people.alice, account, product, status=S.APPROVED, reviewer=people.ingrid)
    QuoteVersion.objects.filter(pk=approved.pk).update(valid_until=TODAY - timedelta(days=1))
    draft = make_quote(people.alice, account, product)
    QuoteVersion.objects.filter(pk=draft.pk).update(valid_until=TODAY + timedelta(days=1))
    assert watch_validity(TODAY) == type(watch_validity(TODAY))()
    assert QuoteVersion.objects.get(pk=approved.pk).status == S.APPROVED


@pytest.mark.parametrize(
    ("moment", "expired"),
    [
        (datetime(2026, 6, 20, 23, 59, 59, tzinfo=AMS), False),  # 21:59:59 UTC: still the day
        (datetime(2026, 6, 21, 0, 0, 1, tzinfo=AMS), True),  # 22:00:01 UTC: the next day
    ],
)
def test_a_quote_expires_at_the_end_of_its_validity_day_in_amsterdam(
    people, account, product, time_machine, moment, expired
):
    version = sent_until(people, account, product, date(2026, 6, 20))
    time_machine.move_to(moment, tick=False)
    result = watch_validity(timezone.localdate())
    version.refresh_from_db()
    assert (version.status == S.EXPIRED, result.expired) == (expired, int(expired))


def test_an_expired_quote_gets_one_follow_up_call_on_its_deal(people, account, product):
    version = sent_until(people, account, product, TODAY - timedelta(days=1))
    result = watch_validity(TODAY)
    assert (result.expired, result.followed_up, result.failed) == (1, 1, 0)
    version.refresh_from_db()
    assert version.status == S.EXPIRED
    follow_up = QuoteFollowUp.objects.get(quote_version=version)
    call = follow_up.activity
    assert (call.kind, call.owner, call.account) == (ActivityKind.PHONE_CALL, people.alice, account)
    assert timezone.localtime(call.planned_start) == datetime(2026, 6, 15, 10, 0, tzinfo=AMS)
    assert call.subject == f"Follow up the expired quote {version.quote.number} v1"
    link = DealActivity.objects.get(activity=call)
    assert link.opportunity_id == version.quote.opportunity_id
    kinds = list(QuoteEvent.objects.filter(quote_version=version).values_list("kind", flat=True))
    assert kinds[-2:] == ["expired", "follow_up"]
    assert Notification.objects.filter(kind="quote_expired", recipient=people.alice).count() == 1
    # A second run, the next day's and a retry: nothing twice.
    before = (Activity.objects.count(), QuoteEvent.objects.count(), Notification.objects.count())
    watch_validity(TODAY)
    run_now("quote_validity", TODAY + timedelta(days=1))
    after = (Activity.objects.count(), QuoteEvent.objects.count(), Notification.objects.count())
    assert after == before


def test_no_second_call_when_the_owner_has_one_planned_for_the_deal(people, account, product):
    from koers.relations.services.activities import activity_plan

    version = sent_until(people, account, product, TODAY - timedelta(days=1))
    planned = activity_plan(
        actor=people.alice,
        account=account,
        kind=ActivityKind.VISIT,
        subject="Talk about the offer",
        planned_start=datetime(2026, 6, 17, 9, 0, tzinfo=AMS),
        links={"opportunity": version.quote.opportunity_id},
    )
    watch_validity(TODAY)
    assert QuoteFollowUp.objects.get(quote_version=version).activity == planned
    assert Activity.objects.count() == 1


def test_a_failed_follow_up_is_retried_by_a_later_run(people, account, product, monkeypatch):
    from koers.sales.quotes.services import validity

    version = sent_until(people, account, product, TODAY - timedelta(days=1))

    def broken(*args, **kwargs):
        raise ValidationError({"owner": "down"})

    monkeypatch.setattr(validity, "activity_plan", broken)
    result = watch_validity(TODAY)
    assert (result.expired, result.followed_up, result.failed) == (1, 0, 1)
    assert not QuoteFollowUp.objects.exists()
    assert not QuoteEvent.objects.filter(kind="follow_up").exists()
    monkeypatch.undo()
    result = watch_validity(TODAY + timedelta(days=2))
    assert (result.expired, result.followed_up, result.failed) == (0, 1, 0)
    assert QuoteFollowUp.objects.get(quote_version=version).activity is not None


def test_the_job_is_registered_for_the_night(db):
    job = DAILY["quote_validity"]
    assert (job.task, job.hour) == ("koers.sales.quotes.tasks.watch_quote_validity", 1)


# --------------------------------------------------------------------------------- extending


def test_the_owner_extends_an_expired_quote_and_it_is_sent_again(people, account, product):
    version = sent_until(people, account, product, TODAY - timedelta(days=1))
    watch_validity(TODAY)
    version = services.quote_extend(
        actor=people.alice,
        version=version,
        valid_until=TODAY + timedelta(days=14),
        reason="The customer decides next week",
    )
    version.refresh_from_db()
    assert (version.status, version.valid_until) == (S.SENT, date(2026, 6, 29))
    event = QuoteEvent.objects.filter(quote_version=version).latest("pk")
    assert (event.kind, event.by) == ("extended", people.alice)
    assert event.note == ("Valid until 2026-06-14 → 2026-06-29: The customer decides next week")


@pytest.mark.parametrize(
    ("valid_until", "reason", "fields"),
    [
        (TODAY - timedelta(days=1), "Asked", ["valid_until"]),
        (TODAY + timedelta(days=5), "Asked", ["valid_until"]),  # not later than it was
        (None, "", ["reason", "valid_until"]),
        (TODAY + timedelta(days=40), "  ", ["reason"]),
    ],
)
def test_extending_needs_a_later_date_and_a_reason(
    people, account, product, valid_until, reason, fields
):
    version = sent_until(people, account, product, TODAY + timedelta(days=5))
    events = QuoteEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.quote_extend(
            actor=people.alice, version=version, valid_until=valid_until, reason=reason
        )
    assert sorted(refused.value.message_dict) == fields
    version.refresh_from_db()
    assert (version.valid_until, QuoteEvent.objects.count()) == (date(2026, 6, 20), events)


def test_a_superseded_or_draft_version_is_not_extended(people, account, product):
    version = sent_until(people, account, product, TODAY - timedelta(days=1))
    watch_validity(TODAY)
    services.quote_revise(actor=people.alice, version=version)
    draft = make_quote(people.alice, account, product)
    for target in (version, draft):
        with pytest.raises(ValidationError) as refused:
            services.quote_extend(
                actor=people.alice, version=target, valid_until=date(2026, 7, 30), reason="x"
            )
        assert list(refused.value.message_dict) == ["status"]


def test_someone_who_may_not_change_the_quote_cannot_extend_it(people, account, product):
    version = sent_until(people, account, product, TODAY + timedelta(days=1))
    with pytest.raises(NotAllowed):
        services.quote_extend(
            actor=people.charlie, version=version, valid_until=date(2026, 7, 30), reason="x"
        )
    version.refresh_from_db()
    assert version.valid_until == TODAY + timedelta(days=1)


def test_extending_on_the_page(people, account, product, client_for):
    version = sent_until(people, account, product, TODAY - timedelta(days=1))
    watch_validity(TODAY)
    client = client_for(people.alice)
    url = reverse("sales:quote_version", args=[version.pk])
    page = client.get(url).content.decode()
    assert 'id="quote-expired"' in page and "Follow-up call planned on 2026-06-15" in page
    extend = reverse("sales:quote_extend", args=[version.pk])
    refused = client.post(extend, {"extend-valid_until": "2026-06-01", "extend-reason": ""})
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "The new validity date lies in the past." in text
    assert "Say why the quote is extended." in text
    done = client.post(
        extend, {"extend-valid_until": "2026-07-01", "extend-reason": "Budget round"}
    )
    assert done.status_code == 302
    page = client.get(url).content.decode()
    assert "Validity extended" in page and 'id="quote-expired"' not in page
    listed = client.get(reverse("sales:quote_list"), {"status": "expired"}).content.decode()
    assert f'id="quote-{version.pk}"' not in listed


def test_an_expired_quote_is_marked_on_the_list(people, account, product, client_for):
    version = sent_until(people, account, product, TODAY - timedelta(days=1))
    watch_validity(TODAY)
    client = client_for(people.alice)
    listed = client.get(reverse("sales:quote_list"), {"status": "expired"}).content.decode()
    row = listed[listed.index(f'id="quote-{version.pk}"') :]
    assert '<span class="badge danger">Expired</span>' in row[: row.index("</tr>")]


def test_extending_in_the_api(people, account, product, api):
    version = sent_until(people, account, product, TODAY + timedelta(days=1))
    client = api(people.alice)
    path = f"/quote-versions/{version.pk}/extend"
    past = client.post(path, {"valid_until": "2026-06-01", "reason": "Asked"})
    assert past.status_code == 422
    assert [e["field"] for e in past.json()["errors"]] == ["valid_until"]
    no_reason = client.post(path, {"valid_until": "2026-07-01"})
    assert no_reason.status_code == 422
    assert [e["field"] for e in no_reason.json()["errors"]] == ["reason"]
    done = client.post(path, {"valid_until": "2026-07-01", "reason": "Asked"})
    assert done.status_code == 200, done.json()
    assert (done.json()["valid_until"], done.json()["status"]) == ("2026-07-01", "sent")
    stranger = api(people.charlie).post(path, {"valid_until": "2026-07-02", "reason": "x"})
    assert stranger.status_code == 404  # charlie does not read alice's account
