"""The calendar section of the settings page: turn the feed on, renew its address, switch off."""

from __future__ import annotations

from django.urls import reverse

from koers.relations import services
from koers.relations.models import CalendarFeed


def test_the_settings_page_loads_the_calendar_section(people, client_for):
    response = client_for(people.alice).get(reverse("core:settings"))

    assert response.status_code == 200
    assert 'hx-get="/settings/calendar/"' in response.content.decode()


def test_the_section_offers_to_switch_the_feed_on(people, client_for):
    response = client_for(people.alice).get(
        reverse("relations:calendar_settings"), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.templates[0].name == "relations/_calendar_settings.html"
    assert 'value="on"' in response.content.decode()
    assert ".ics" not in response.content.decode()


def test_switching_on_shows_the_private_address(people, client_for):
    client = client_for(people.alice)

    response = client.post(reverse("relations:calendar_feed_action"), {"action": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/settings/#calendar"
    token = CalendarFeed.objects.get(user=people.alice).token
    page = client.get(reverse("relations:calendar_settings")).content.decode()
    assert f"http://testserver/calendar/{token}.ics" in page
    assert f"webcal://testserver/calendar/{token}.ics" in page


def test_renewing_gives_a_new_address(people, client_for):
    old = services.calendar_feed_enable(actor=people.alice).token

    client_for(people.alice).post(reverse("relations:calendar_feed_action"), {"action": "renew"})

    assert CalendarFeed.objects.get(user=people.alice).token != old


def test_switching_off_removes_the_feed(people, client_for):
    services.calendar_feed_enable(actor=people.alice)

    client_for(people.alice).post(reverse("relations:calendar_feed_action"), {"action": "revoke"})

    assert not CalendarFeed.objects.filter(user=people.alice).exists()


def test_an_action_touches_only_the_users_own_feed(people, client_for):
    bobs = services.calendar_feed_enable(actor=people.bob).token

    client_for(people.alice).post(reverse("relations:calendar_feed_action"), {"action": "renew"})
    client_for(people.alice).post(reverse("relations:calendar_feed_action"), {"action": "revoke"})

    assert CalendarFeed.objects.get(user=people.bob).token == bobs


def test_an_unknown_action_is_refused(people, client_for):
    response = client_for(people.alice).post(
        reverse("relations:calendar_feed_action"), {"action": "steal"}
    )

    assert response.status_code == 400
    assert not CalendarFeed.objects.exists()
