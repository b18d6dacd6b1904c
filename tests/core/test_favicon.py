"""Koers's own favicon: an SVG served by WhiteNoise from our static files, linked by every page."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_links_the_favicon_and_it_is_served_as_svg(client):
    login_page = client.get("/login/").content.decode()
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', login_page)
    assert link is not None
    assert link.group(1) == "/static/koers/favicon.svg"

    response = client.get(link.group(1))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = ElementTree.fromstring(b"".join(response.streaming_content))  # noqa: S314 (our file)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    # Our own drawing: it refers to nothing outside itself (CSP allows only our own origin).
    values = [value for el in svg.iter() for key, value in el.attrib.items()]
    keys = [key for el in svg.iter() for key in el.attrib]
    assert not [k for k in keys if k.endswith("href")]
    assert not [v for v in values if "url(" in v or "://" in v]


def test_a_signed_in_page_links_the_favicon(client, people):
    client.force_login(people.alice)
    page = client.get("/accounts/").content.decode()
    assert '<link rel="icon" href="/static/koers/favicon.svg" type="image/svg+xml">' in page
