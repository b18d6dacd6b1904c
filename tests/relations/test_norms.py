"""Contact norms with exact dates: the tier's norm or the account's own, branches by their own
tier, which kinds count, key people by their role's norm; the lists of accounts going cold."""

from __future__ import annotations

import io
from datetime import date

import time_machine
from django.core.management import call_command
from django.urls import reverse

from koers.relations import services
from koers.relations.models import AccountNorm, ActivityKind, ContactState, RoleNorm
from koers.relations.norms import dmu_statuses, refresh_contact_states, status_of
from tests.factories import make_account, make_contact
from tests.relations.factories import at

NOW = "2026-12-09 12:00 +01:00"


def log(people, account, kind=ActivityKind.PHONE_CALL, day="2026-12-01", contacts=()):
    return services.activity_log(
        actor=people.alice, account=account, kind=kind, subject="x", at=at(day), contacts=contacts
    )


def state(account) -> tuple:
    s = ContactState.objects.get(account=account)
    return (s.last_contact_on, s.norm_days, s.due_on)


@time_machine.travel(NOW, tick=False)
def test_a_call_resets_the_clock_of_the_tiers_norm(people):
    a_account = make_account(people.alice, tier="A")

    log(people, a_account, day="2026-12-01")

    assert state(a_account) == (date(2026, 12, 1), 28, date(2026, 12, 29))


@time_machine.travel(NOW, tick=False)
def test_a_note_does_not_count_as_contact(people):
    account = make_account(people.alice, tier="B")
    log(people, account, day="2026-10-01")

    log(people, account, kind=ActivityKind.NOTE, day="2026-12-01")

    assert state(account) == (date(2026, 10, 1), 56, date(2026, 11, 26))
    assert status_of(date(2026, 11, 26), date(2026, 12, 9)) == "overdue"


@time_machine.travel(NOW, tick=False)
def test_an_accounts_own_norm_wins_over_its_tier(people):
    account = make_account(people.alice, tier="C")
    AccountNorm.objects.create(account=account, days=30)

    log(people, account, day="2026-12-01")

    assert state(account) == (date(2026, 12, 1), 30, date(2026, 12, 31))


@time_machine.travel(NOW, tick=False)
def test_a_branch_has_the_norm_of_its_own_tier(people):
    head = make_account(people.alice, "Chain", tier="A")
    branch = make_account(people.alice, "Branch", tier="C", parent=head)

    log(people, branch, day="2026-12-01")

    assert state(branch) == (date(2026, 12, 1), 182, date(2027, 6, 1))
    assert not ContactState.objects.filter(account=head, last_contact_on__isnull=False).exists()


@time_machine.travel(NOW, tick=False)
def test_statuses_on_track_due_soon_overdue():
    today = date(2026, 12, 9)

    assert [
        status_of(d, today) for d in (date(2026, 12, 24), date(2026, 12, 23), date(2026, 12, 8))
    ] == [
        "on_track",
        "due_soon",
        "overdue",
    ]


@time_machine.travel(NOW, tick=False)
def test_a_decider_not_seen_for_too_long_is_a_warning(people):
    account = make_account(people.alice, tier="A")
    decider = make_contact(account, last_name="Baas", buying_role="decider")
    user = make_contact(account, last_name="Gebruiker", buying_role="user")
    log(people, account, day="2026-05-01", contacts=[decider])
    log(people, account, day="2026-12-01", contacts=[user])

    statuses = dmu_statuses(account, date(2026, 12, 9))

    assert [(p.position.contact.last_name, p.last_contact_on, p.status) for p in statuses] == [
        ("Baas", date(2026, 5, 1), "overdue")
    ]
    assert RoleNorm.objects.get(buying_role="decider").days == 180


@time_machine.travel(NOW, tick=False)
def test_the_rebuild_command_gives_the_same_states(people):
    account = make_account(people.alice, tier="A")
    log(people, account, day="2026-12-01")
    kept = state(account)
    ContactState.objects.all().delete()

    call_command("contact_states", stdout=io.StringIO())

    assert state(account) == kept


@time_machine.travel(NOW, tick=False)
def test_accounts_going_cold_most_overdue_against_the_norm_first(people, client_for):
    a_late = make_account(people.alice, "A week late", tier="A")
    c_late = make_account(people.alice, "C two weeks late", tier="C")
    fine = make_account(people.alice, "Fine", tier="A")
    log(people, a_late, day="2026-11-04")  # due 2 December: 7 days over 28
    log(people, c_late, day="2026-05-25")  # due 23 November: 16 days over 182
    log(people, fine, day="2026-12-08")
    make_account(people.charlie, "Not mine")
    refresh_contact_states([a.pk for a in (a_late, c_late, fine)])

    page = client_for(people.alice).get(reverse("relations:accounts_due"))

    assert [s.account.name for s in page.context["page_obj"]] == ["A week late", "C two weeks late"]
    assert page.context["share_within"] == 33
    soon = client_for(people.alice).get(reverse("relations:accounts_due") + "?soon=1")
    assert [s.account.name for s in soon.context["page_obj"]] == []


@time_machine.travel(NOW, tick=False)
def test_the_contact_panel_shows_status_and_who_knows_whom(people, client_for):
    account = make_account(people.alice, tier="A")
    jan = make_contact(account, first_name="Jan", last_name="de Vries")
    log(people, account, day="2026-12-01", contacts=[jan])

    panel = client_for(people.alice).get(reverse("relations:account_contact", args=[account.pk]))

    assert panel.context["status"] == "on_track"
    assert [(k["colleague"], k["contact"], k["times"]) for k in panel.context["knows"]] == [
        ("Alice Tester", "Jan de Vries", 1)
    ]
