"""The demo's events: a trade fair held three weeks ago with registrations (some unmatched),
attendance, a walk-in and stand duty; a seminar next month open for registration, full, with
one on the waiting list."""

from __future__ import annotations

from django.utils import timezone

from koers.campaigns.event_models import Event


def test_the_demo_has_a_trade_fair_with_attendance(demo):
    fair = Event.objects.get(campaign__name="Regiobeurs Zuid")
    rows = fair.registrations.all()

    assert fair.campaign.kind == "trade_fair" and fair.starts_at < timezone.now()
    assert rows.filter(checked_in_at__isnull=False).count() == 11
    assert rows.filter(contact__isnull=True).count() == 3
    assert rows.filter(source="walk_in").count() == 1
    assert fair.slots.count() == 4
    assert "a trade fair held with" in demo


def test_the_demo_seminar_is_open_full_and_has_one_waiting(demo):
    seminar = Event.objects.get(campaign__name="Seminar slim inkopen")
    rows = seminar.registrations.all()

    assert seminar.campaign.kind == "seminar" and seminar.registration_open
    assert rows.filter(status="registered").count() == seminar.capacity
    assert rows.filter(status="waiting").count() == 1
