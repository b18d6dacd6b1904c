"""The user list's search ignores a NUL or another control character, as every list's search
does (core/lists.search_text); PostgreSQL refused the NUL with a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.core.administration import signed_in_admin


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1f", "\x7f"], ids=repr)
def test_a_control_character_in_the_user_search_is_ignored(people, client, char):
    admin = signed_in_admin(client, people.admin)

    response = admin.get(reverse("core:user_list"), {"q": f"ali{char}"})

    assert response.status_code == 200
    text = response.content.decode()
    assert "Alice Tester" in text
    assert "Charlie Tester" not in text
