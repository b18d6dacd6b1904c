"""/api/v1/targets: the list as the pages' access allows, and the bulk upsert: idempotent (the
same payload twice changes nothing the second time; with an `Idempotency-Key` the first answer
is replayed), all rows or none."""

from __future__ import annotations

from decimal import Decimal

from koers.planning.models import Target


def _body(people, amount="10000.00"):
    return {
        "targets": [
            {
                "measure": "revenue",
                "level": "user",
                "user": people.alice.pk,
                "year": 2026,
                "period_kind": "month",
                "period": month,
                "amount": amount,
            }
            for month in range(1, 13)
        ]
        + [
            {
                "measure": "revenue",
                "level": "team",
                "team": people.alice.teams.get().pk,
                "year": 2026,
                "period_kind": "year",
                "amount": "150000",
                "stretch": "175000",
            }
        ]
    }


def test_the_bulk_upsert_twice_changes_nothing_the_second_time(people, api):
    client = api(people.maria)

    first = client.post("/targets/bulk", _body(people))
    versions = list(Target.objects.order_by("pk").values_list("version", flat=True))
    second = client.post("/targets/bulk", _body(people))

    assert first.status_code == second.status_code == 200
    assert first.json() == {"created": 13, "changed": 0, "unchanged": 0, "removed": 0}
    assert second.json() == {"created": 0, "changed": 0, "unchanged": 13, "removed": 0}
    assert list(Target.objects.order_by("pk").values_list("version", flat=True)) == versions
    team = Target.objects.get(level="team")
    assert (team.amount, team.stretch) == (Decimal("150000.00"), Decimal("175000.00"))


def test_an_idempotency_key_replays_the_first_answer(people, api):
    client = api(people.maria)
    headers = {"Idempotency-Key": "targets-2026"}

    first = client.post("/targets/bulk", _body(people), headers=headers)
    retry = client.post("/targets/bulk", _body(people), headers=headers)

    assert (
        first.json() == retry.json() == {"created": 13, "changed": 0, "unchanged": 0, "removed": 0}
    )
    assert retry["Idempotent-Replayed"] == "true"


def test_a_row_the_caller_may_not_set_saves_nothing(people, api):
    body = _body(people)
    body["targets"].append(
        {
            "measure": "revenue",
            "level": "user",
            "user": people.charlie.pk,
            "year": 2026,
            "period_kind": "year",
            "amount": "1",
        }
    )

    response = api(people.maria).post("/targets/bulk", body)

    assert response.status_code == 403
    assert not Target.objects.exists()


def test_an_account_manager_reads_their_own_targets_only(people, api):
    api(people.maria).post("/targets/bulk", _body(people))

    mine = api(people.alice).get("/targets", {"year": 2026})
    bobs = api(people.bob).get("/targets")
    marketing = api(people.mark).get("/targets", {"level": "team"})

    assert mine.json()["count"] == 12
    assert mine.json()["results"][0]["amount"] == "10000.00"
    assert bobs.json()["count"] == 0
    assert marketing.json()["count"] == 1


def test_a_bad_amount_is_a_422_naming_the_field(people, api):
    body = _body(people, amount="10.000,00")

    response = api(people.maria).post("/targets/bulk", body)

    assert response.status_code == 422
    assert "amount" in str(response.json())
    assert not Target.objects.exists()


def test_the_list_makes_a_fixed_number_of_queries(people, api, query_baseline):
    client = api(people.maria)
    client.post("/targets/bulk", _body(people))

    with query_baseline("list"):
        client.get("/targets")


def test_an_unknown_id_is_refused_like_one_the_caller_may_not_set(people, api):
    def body(**ids):
        row = {"measure": "revenue", "year": 2026, "period_kind": "year", "amount": "1", **ids}
        return {"targets": [row]}

    client = api(people.maria)
    unknown_user = client.post("/targets/bulk", body(level="user", user=999999))
    charlies = client.post("/targets/bulk", body(level="user", user=people.charlie.pk))
    unknown_team = client.post("/targets/bulk", body(level="team", team=999999))

    assert unknown_user.status_code == charlies.status_code == unknown_team.status_code == 403
    assert unknown_user.json() == charlies.json()
    assert not Target.objects.exists()
