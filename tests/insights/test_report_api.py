"""The accountability reports in the API: the same rules as the pages, field-level 422s."""

from __future__ import annotations

import json

from koers.insights.reports.models import AccountabilityReport
from koers.planning.models.targets import Target


def _call(client, method, path, body=None):
    return getattr(client, method)(
        f"/api/v1{path}", data=json.dumps(body or {}), content_type="application/json"
    )


def test_alice_drafts_explains_and_submits_and_maria_closes(world, client_for):
    alice = client_for(world.people.alice)
    made = _call(alice, "post", "/insights/reports", {"period": "month", "date": "2026-11-20"})
    assert made.status_code == 201
    body = made.json()
    assert (body["status"], body["start"], body["end"]) == ("draft", "2026-11-01", "2026-11-30")
    assert body["frozen"] is False
    key = body["content"]["deviations"][0]["key"]
    assert key == f"target-{Target.objects.get(user=world.people.alice).pk}"
    refused = _call(alice, "post", f"/insights/reports/{body['id']}/submit")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "status"
    explained = _call(
        alice, "put", f"/insights/reports/{body['id']}/deviations/{key}", {"cause": "price"}
    )
    assert explained.json()["content"]["deviations"][0]["cause"] == "price"
    submitted = _call(alice, "post", f"/insights/reports/{body['id']}/submit").json()
    assert (submitted["status"], submitted["frozen"]) == ("submitted", True)

    assert _call(alice, "post", f"/insights/reports/{body['id']}/close").status_code == 403
    maria = client_for(world.people.maria)
    listed = maria.get("/api/v1/insights/reports?status=submitted").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]
    _call(maria, "post", f"/insights/reports/{body['id']}/comments", {"text": "Good"})
    closed = _call(maria, "post", f"/insights/reports/{body['id']}/close", {"comment": ""})
    assert closed.json()["status"] == "closed"
    assert [c["text"] for c in closed.json()["comments"]] == ["Good"]


def test_a_return_needs_its_reason(world, client_for):
    alice = world.people.alice
    report = AccountabilityReport.objects.create(
        owner=alice, period_kind="month", period_start="2026-11-01", status="submitted"
    )
    maria = client_for(world.people.maria)
    response = _call(maria, "post", f"/insights/reports/{report.pk}/return")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "comment"
    assert AccountabilityReport.objects.get().status == "submitted"


def test_charlie_reads_none_of_north(world, client_for):
    report = AccountabilityReport.objects.create(
        owner=world.people.alice, period_kind="month", period_start="2026-11-01"
    )
    charlie = client_for(world.people.charlie)
    assert charlie.get(f"/api/v1/insights/reports/{report.pk}").status_code == 404
    assert charlie.get("/api/v1/insights/reports").json()["results"] == []
