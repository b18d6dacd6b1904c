"""What a registrant's mail carries besides its text: the event as an iCalendar file (RFC 5545,
METHOD:PUBLISH, so a mail program offers "add to calendar") and the check-in QR code as a PNG.

The VEVENT reuses the calendar feed's conventions (`relations.feed`: PRODID, Europe/Amsterdam
with its VTIMEZONE, a UID on the site's host), so one event gets one UID whatever mail it came
in: a reminder updates the entry the confirmation made instead of adding a second."""

from __future__ import annotations

import io

import qrcode
from django.utils import timezone
from icalendar import Calendar, Timezone
from icalendar import Event as VEvent
from qrcode.image.pil import PilImage

from koers.campaigns.event_links import page_url
from koers.campaigns.event_models import Event
from koers.relations.feed import PRODID, ZONE, site_host


def event_uid(event: Event) -> str:
    return f"event-{event.pk}@{site_host()}"


def event_ics(event: Event) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add_component(Timezone.from_tzid(str(ZONE)))
    entry = VEvent()
    entry.add("uid", event_uid(event))
    entry.add("dtstamp", event.updated_at or timezone.now())
    entry.add("dtstart", event.starts_at.astimezone(ZONE))
    entry.add("dtend", event.ends_at.astimezone(ZONE))
    entry.add("summary", event.name)
    entry.add("location", event.location)
    if event.description:
        entry.add("description", event.description)
    entry.add("url", page_url(event.slug))
    calendar.add_component(entry)
    return calendar.to_ical()


def qr_png(url: str) -> bytes:
    """The QR code of `url` as a PNG (Pillow): mail programs show PNG, few show SVG."""
    image = qrcode.make(url, image_factory=PilImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out, kind="PNG")
    return out.getvalue()
