"""Administration: administrators list, add, rename and delete segments (only unused ones)."""

from __future__ import annotations

import pytest

from koers.accounts import services
from koers.accounts.models import Segment
from koers.core.errors import NotAllowed
from tests.core.administration import NON_ADMINS, signed_in_admin
from tests.factories import make_account, make_segment

LIST = "/settings/segments/"
NEW = "/settings/segments/new/"


def _edit(segment: Segment) -> str:
    return f"/settings/segments/{segment.pk}/"


def _delete(segment: Segment) -> str:
    return f"/settings/segments/{segment.pk}/delete/"


def _names():
    return list(Segment.objects.order_by("name").values_list("name", flat=True))


@pytest.fixture
def admin(client, people):
    return signed_in_admin(client, people.admin)


@pytest.fixture
def retail(people):
    segment = make_segment("Retail")
    make_account(people.alice, segment=segment)
    return segment


def test_the_list_shows_each_segment_with_its_number_of_accounts(admin, retail):
    make_segment("Food service")

    response = admin.get(LIST)

    assert response.status_code == 200
    rows = [(s.name, s.account_count) for s in response.context["page"]]
    assert rows == [("Food service", 0), ("Retail", 1)]
    assert response.context["nav"] == "administration"


def test_an_administrator_adds_a_segment(admin):
    response = admin.post(NEW, {"name": "  Horeca "})

    assert response.status_code == 302
    assert _names() == ["Horeca"]


def test_a_name_in_use_in_other_capitals_is_reported_at_its_field(admin, retail):
    response = admin.post(NEW, {"name": "retail"})

    assert response.context["form"].errors["name"] == ["A segment with this name already exists."]
    assert _names() == ["Retail"]


def test_an_administrator_renames_a_segment(admin, retail):
    response = admin.post(_edit(retail), {"name": "Retail chains"})

    assert response.status_code == 302
    assert _names() == ["Retail chains"]
    assert retail.accounts.count() == 1


def test_an_unused_segment_is_deleted(admin):
    horeca = make_segment("Horeca")

    response = admin.post(_delete(horeca))

    assert response.status_code == 302
    assert _names() == []


def test_a_segment_in_use_is_not_deleted_and_the_page_says_why(admin, retail):
    response = admin.post(_delete(retail), follow=True)

    assert _names() == ["Retail"]
    html = response.content.decode()
    assert "“Retail” is the segment of 1 account. Give that account another segment first." in html
    assert "This segment is used by 1 account, so it cannot be deleted." in html


@pytest.mark.parametrize("persona", NON_ADMINS)
@pytest.mark.parametrize("page", ["list", "new", "edit", "delete"])
def test_it_refuses_the_segment_pages_to_everyone_but_administrators(
    client_for, people, horeca_segment, persona, page
):
    segment = horeca_segment
    url = {"list": LIST, "new": NEW, "edit": _edit(segment), "delete": _delete(segment)}
    client = client_for(getattr(people, persona))

    shown = client.get(url[page])
    posted = client.post(url[page], {"name": "Mine"})

    assert shown.status_code == (405 if page == "delete" else 403)
    assert posted.status_code == 403
    assert _names() == ["Horeca"]


@pytest.fixture
def horeca_segment(db):
    return make_segment("Horeca")


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_the_segment_services_refuse_everyone_but_administrators(people, horeca_segment, persona):
    actor = getattr(people, persona)

    with pytest.raises(NotAllowed):
        services.segment_create(actor=actor, name="Mine")
    with pytest.raises(NotAllowed):
        services.segment_update(actor=actor, segment=horeca_segment, name="Mine")
    with pytest.raises(NotAllowed):
        services.segment_delete(actor=actor, segment=horeca_segment)

    assert _names() == ["Horeca"]
