"""Stand duty (decision 147): a colleague is never on two slots at once, at one fair or two (a
refusal next to the colleague field); a slot over a planned appointment of theirs is a warning
that the planner confirms with a tick."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from koers.campaigns import stand_duty
from koers.campaigns.event_models import StandSlot
from koers.relations.models import ActivityStatus
from tests.campaigns.event_helpers import make_event
from tests.relations.factories import plan

HOUR = timedelta(hours=1)


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def _add(people, event, start, end, **kwargs):
    return stand_duty.slot_add(
        actor=people.mark, event=event, user=people.alice, starts_at=start, ends_at=end, **kwargs
    )


def test_a_colleague_is_not_planned_on_two_overlapping_slots_at_two_fairs(people, file):
    fair = make_event(people, kind="trade_fair")
    other = make_event(people, kind="trade_fair", name="Horecabeurs")
    start = fair.starts_at
    _add(people, fair, start, start + 2 * HOUR)

    with pytest.raises(ValidationError) as refused:
        _add(people, other, start + HOUR, start + 3 * HOUR)

    (error,) = refused.value.error_dict["user"]
    assert error.code == "overlap"
    assert "is on stand duty at Seminar inkoop from" in error.message
    assert StandSlot.objects.count() == 1


def test_slots_that_only_touch_are_fine(people, file):
    event = make_event(people, kind="trade_fair")
    start = event.starts_at

    _add(people, event, start, start + HOUR)
    _add(people, event, start + HOUR, start + 2 * HOUR)

    assert StandSlot.objects.filter(user=people.alice).count() == 2


def test_an_appointment_in_the_agenda_warns_until_the_planner_confirms(people, file):
    event = make_event(people, kind="trade_fair")
    start = event.starts_at
    plan(people.alice, file.noord, subject="Visit Noord", planned_start=start - HOUR, duration=90)

    with pytest.raises(ValidationError) as warned:
        _add(people, event, start, start + 2 * HOUR)
    slot = _add(people, event, start, start + 2 * HOUR, despite_agenda=True)

    (error,) = warned.value.error_dict["despite_agenda"]
    assert error.code == "agenda"
    assert "Visit Noord" in error.message
    assert slot.pk and StandSlot.objects.count() == 1


def test_only_planned_appointments_with_a_duration_that_overlap_warn(people, file):
    event = make_event(people, kind="trade_fair")
    start = event.starts_at
    plan(people.alice, file.noord, subject="Before", planned_start=start - HOUR, duration=60)
    plan(people.alice, file.noord, subject="Mail", kind="email", planned_start=start, duration=0)
    done = plan(people.alice, file.noord, subject="Done", planned_start=start, duration=60)
    type(done).objects.filter(pk=done.pk).update(status=ActivityStatus.DONE)
    plan(people.charlie, file.zuid, subject="Charlie's", planned_start=start, duration=60)

    _add(people, event, start, start + 2 * HOUR)

    assert StandSlot.objects.count() == 1


def test_an_appointment_joined_as_colleague_warns_too(people, file):
    event = make_event(people, kind="trade_fair")
    start = event.starts_at
    plan(
        people.charlie,
        file.zuid,
        subject="Together",
        planned_start=start + HOUR,
        colleagues=[people.alice],
    )

    with pytest.raises(ValidationError):
        _add(people, event, start, start + 2 * HOUR)


def test_the_form_names_the_clash_next_to_the_field_and_offers_the_tick(people, file, client_for):
    event = make_event(people, kind="trade_fair")
    start = event.starts_at
    _add(people, event, start, start + HOUR)
    plan(people.alice, file.noord, subject="Visit Noord", planned_start=start + 2 * HOUR)
    client = client_for(people.mark)
    url = reverse("campaigns:event_slot_add", args=[event.pk])
    form = {"user": people.alice.pk, "starts_at": _moment(start), "ends_at": _moment(start + HOUR)}

    overlap = client.post(url, form)
    form |= {"starts_at": _moment(start + 2 * HOUR), "ends_at": _moment(start + 3 * HOUR)}
    warned = client.post(url, form)
    confirmed = client.post(url, form | {"despite_agenda": "on"})

    assert overlap.status_code == 422
    page = overlap.content.decode()
    field = page[page.index('id="field-user"') :]
    assert "is on stand duty at" in field[: field.index("</div>")]
    assert 'name="despite_agenda"' not in page
    assert warned.status_code == 422
    page = warned.content.decode()
    field = page[page.index('id="field-despite_agenda"') :]
    assert "Visit Noord" in field[: field.index("</div>")]
    assert confirmed.status_code == 302
    assert StandSlot.objects.filter(user=people.alice).count() == 2
