"""Forms with errors: a summary at the top linking to each field; messages stay at the field."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from koers.core.models import User

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    found = re.search(
        r'<div class="error-summary" role="alert" id="error-summary">(.*?)</div>', html, re.S
    )
    assert found is not None, "no error summary"
    return found.group(1)


def test_the_account_form_lists_its_errors_at_the_top_linking_to_the_fields(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("accounts:account_create"), {"name": "", "kvk_number": "12"})

    assert response.status_code == 200
    html = response.content.decode()
    summary = _summary(html)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>: ([^<]+)</li>', summary)
    assert ("id_name", "Name", "This field is required.") in links
    assert "id_kvk_number" in [target for target, _label, _message in links]
    # The summary comes before the first field, and each message is still at its field.
    assert html.index('id="error-summary"') < html.index('id="field-name"')
    assert 'id="id_name_error"' in html


def test_a_form_without_errors_has_no_summary(client, people):
    client.force_login(people.alice)
    html = client.get(reverse("accounts:account_create")).content.decode()

    assert "error-summary" not in html


def test_the_summary_speaks_dutch(client, people):
    User.objects.filter(pk=people.alice.pk).update(language="nl")
    client.force_login(people.alice)
    html = client.post(reverse("accounts:account_create"), {"name": ""}).content.decode()

    assert "Nog niet opgeslagen. Verbeter dit eerst:" in _summary(html)
