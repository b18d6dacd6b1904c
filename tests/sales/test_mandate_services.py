"""Whose mandate holds (level, personal), the caps per group, the deal's room, who approves
(with delegation by period), and the writes that set them; refusals change nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.core.errors import NotAllowed
from koers.core.models import Role
from koers.sales.mandate import loaders, services
from koers.sales.models import ApprovalDelegation, LevelMandate, PersonalMandate
from koers.sales.opportunities import services as opportunity_services
from tests.factories import make_account, make_user
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_opportunity

D = Decimal
LIMITS = {
    "max_line_discount": D("15"),
    "max_total_discount": D("12"),
    "min_margin": D("20"),
    "far_line_discount": D("30"),
    "far_total_discount": D("25"),
    "far_min_margin": D("10"),
}


def today() -> date:
    return timezone.localdate()


def test_each_level_has_its_seeded_mandate(people):
    levels = {
        m.level: (m.max_line_discount, m.max_total_discount, m.min_margin)
        for m in LevelMandate.objects.all()
    }
    assert levels == {
        "A": (D("5.0"), D("5.0"), D("30.0")),
        "B": (D("10.0"), D("10.0"), D("25.0")),
        "C": (D("20.0"), D("20.0"), D("15.0")),
    }
    assert loaders.effective_mandate(people.bob, today()).max_line_discount == D("5")
    assert loaders.effective_mandate(people.alice, today()).far_line_discount == D("20")
    charlie = loaders.effective_mandate(people.charlie, today())
    assert (charlie.level, charlie.far_min_margin) == ("C", D("5"))
    # A manager making a quote has level A's, the narrowest.
    assert loaders.effective_mandate(people.maria, today()).level == "A"


def test_a_personal_mandate_overrides_the_level_for_its_period(people):
    start = today() + timedelta(days=1)
    services.personal_mandate_set(
        actor=people.maria,
        user=people.alice,
        limits=LIMITS,
        reason="Key account Alpha this quarter",
        valid_from=start,
        valid_until=start + timedelta(days=30),
    )
    assert loaders.effective_mandate(people.alice, today()).source == "level"
    during = loaders.effective_mandate(people.alice, start)
    assert (during.source, during.max_line_discount, during.level) == ("personal", D("15"), "B")
    after = loaders.effective_mandate(people.alice, start + timedelta(days=31))
    assert after.source == "level"


def test_a_new_personal_mandate_ends_the_running_one_the_day_before(people):
    first = services.personal_mandate_set(
        actor=people.maria, user=people.alice, limits=LIMITS, reason="Q1", valid_from=today()
    )
    later = today() + timedelta(days=10)
    services.personal_mandate_set(
        actor=people.maria,
        user=people.alice,
        limits={**LIMITS, "max_line_discount": D("18")},
        reason="Q2",
        valid_from=later,
    )
    first.refresh_from_db()
    assert first.valid_until == later - timedelta(days=1)
    assert loaders.effective_mandate(people.alice, later).max_line_discount == D("18")
    assert first.history.count() == 2  # created, then ended


def test_only_a_manager_of_the_team_sets_a_personal_mandate(people):
    for actor in (people.alice, people.bob, people.ingrid, people.mark):
        with pytest.raises(NotAllowed):
            services.personal_mandate_set(
                actor=actor, user=people.alice, limits=LIMITS, reason="x", valid_from=today()
            )
    sam = make_user("sam2", role=Role.MANAGER)
    with pytest.raises(NotAllowed):
        services.personal_mandate_set(
            actor=sam, user=people.alice, limits=LIMITS, reason="x", valid_from=today()
        )
    assert not PersonalMandate.objects.exists()
    services.personal_mandate_set(
        actor=people.admin, user=people.charlie, limits=LIMITS, reason="x", valid_from=today()
    )


def test_a_second_threshold_on_the_wrong_side_is_refused_naming_the_field(people):
    with pytest.raises(ValidationError) as refused:
        services.personal_mandate_set(
            actor=people.maria,
            user=people.alice,
            limits={**LIMITS, "far_line_discount": D("5"), "far_min_margin": D("22")},
            reason="x",
            valid_from=today(),
        )
    assert set(refused.value.message_dict) == {"far_line_discount", "far_min_margin"}
    assert not PersonalMandate.objects.exists()


def test_ending_a_personal_mandate_returns_to_the_level(people):
    mandate = services.personal_mandate_set(
        actor=people.maria, user=people.alice, limits=LIMITS, reason="x", valid_from=today()
    )
    services.personal_mandate_end(actor=people.maria, mandate=mandate)
    mandate.refresh_from_db()
    assert mandate.valid_until == today()
    assert loaders.effective_mandate(people.alice, today() + timedelta(days=1)).source == "level"
    with pytest.raises(NotAllowed):
        services.personal_mandate_end(actor=people.alice, mandate=mandate)


def test_the_administrator_changes_a_level_and_it_is_in_the_history(people):
    b = LevelMandate.objects.get(level="B")
    services.level_mandate_update(
        actor=people.admin, mandate=b, limits={"max_line_discount": D("12")}
    )
    assert loaders.effective_mandate(people.alice, today()).max_line_discount == D("12")
    assert b.history.first().history_user == people.admin
    with pytest.raises(NotAllowed):
        services.level_mandate_update(
            actor=people.maria, mandate=b, limits={"max_line_discount": D("50")}
        )
    b.refresh_from_db()
    assert b.max_line_discount == D("12")


def test_a_main_groups_cap_holds_for_its_subgroups_without_their_own(people):
    main = make_group("FOOD", name_nl="Voeding")
    child = make_group("DAIRY", parent=main, name_nl="Zuivel")
    own = make_group("MEAT", parent=main, name_nl="Vlees")
    services.group_cap_set(actor=people.admin, group=main, max_discount=D("5"))
    services.group_cap_set(actor=people.admin, group=own, max_discount=D("2"))
    assert loaders.group_caps() == {main.pk: D("5"), child.pk: D("5"), own.pk: D("2")}
    services.group_cap_set(actor=people.admin, group=main, max_discount=None)
    assert loaders.group_caps() == {own.pk: D("2")}


def test_the_room_counts_once_a_manager_approved_it(people):
    deal = make_opportunity(people.alice, make_account(people.alice, "Alpha"))
    opportunity = opportunity_services.opportunity_update(
        actor=people.alice,
        opportunity=deal,
        expected_version=deal.version,
        data={"room_max_discount": D("15")},
    )
    assert loaders.room_of(opportunity) is None
    approved = opportunity_services.opportunity_room_approve(
        actor=people.maria, opportunity=opportunity
    )
    room = loaders.room_of(approved)
    assert room is not None
    assert (room.max_discount, room.approved_far) == (D("15.0"), False)


def test_the_team_manager_approves_and_the_director_far_beyond(people):
    director = make_user("dirk", role=Role.SALES_DIRECTOR)
    assert loaders.approvers_for(people.alice, "manager", today()) == [people.maria]
    assert loaders.approvers_for(people.alice, "none", today()) == []
    far = loaders.approvers_for(people.alice, "director", today())
    assert set(far) == {director, people.admin}
    assert loaders.may_approve(director, people.alice, "director", today())
    assert not loaders.may_approve(people.maria, people.alice, "director", today())
    assert not loaders.may_approve(people.bob, people.alice, "manager", today())


def test_a_delegation_holds_for_its_period_only(people):
    sam = make_user("sam2", role=Role.MANAGER)
    start = today() + timedelta(days=2)
    services.delegation_create(
        actor=people.maria, delegate=sam, starts_on=start, ends_on=start + timedelta(days=6)
    )
    assert loaders.approvers_for(people.alice, "manager", today()) == [people.maria]
    assert loaders.approvers_for(people.alice, "manager", start) == [sam]
    assert loaders.approvers_for(people.alice, "manager", start + timedelta(days=7)) == [
        people.maria
    ]
    # Back early: maria may still approve during her delegation.
    assert loaders.may_approve(people.maria, people.alice, "manager", start)
    assert loaders.may_approve(sam, people.alice, "manager", start)
    assert not loaders.may_approve(sam, people.alice, "manager", today())


def test_a_delegation_goes_to_another_manager_in_a_free_period(people):
    with pytest.raises(ValidationError) as to_self:
        services.delegation_create(
            actor=people.maria, delegate=people.maria, starts_on=today(), ends_on=today()
        )
    assert "delegate" in to_self.value.message_dict
    with pytest.raises(ValidationError) as to_seller:
        services.delegation_create(
            actor=people.maria, delegate=people.alice, starts_on=today(), ends_on=today()
        )
    assert "delegate" in to_seller.value.message_dict
    with pytest.raises(NotAllowed):
        services.delegation_create(
            actor=people.alice, delegate=people.maria, starts_on=today(), ends_on=today()
        )
    sam = make_user("sam2", role=Role.MANAGER)
    services.delegation_create(
        actor=people.maria, delegate=sam, starts_on=today(), ends_on=today() + timedelta(days=3)
    )
    with pytest.raises(ValidationError) as overlap:
        services.delegation_create(
            actor=people.maria,
            delegate=sam,
            starts_on=today() + timedelta(days=3),
            ends_on=today() + timedelta(days=5),
        )
    assert "starts_on" in overlap.value.message_dict
    assert ApprovalDelegation.objects.count() == 1


def test_ending_a_delegation_early_gives_the_approvals_back(people):
    sam = make_user("sam2", role=Role.MANAGER)
    delegation = services.delegation_create(
        actor=people.maria, delegate=sam, starts_on=today(), ends_on=today() + timedelta(days=5)
    )
    services.delegation_end(actor=people.maria, delegation=delegation)
    assert not ApprovalDelegation.objects.exists()  # it had not started before today
    assert loaders.approvers_for(people.alice, "manager", today()) == [people.maria]
