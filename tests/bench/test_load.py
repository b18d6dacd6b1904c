"""The load test (bench/load.py) for a few seconds with three users against a live test server,
so that it still runs when the pages it drives change; and its checks, which must fail when the
data or the statuses are wrong."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from bench.generate import generate
from bench.load import (
    MIX,
    Load,
    Outage,
    Sample,
    Server,
    check_data,
    check_errors,
    form_fields,
    recovery_seconds,
    sign_in,
    snapshot,
    summary,
)
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler, _StaticFilesHandler

from koers.accounts.models import Account, Contact


class _OneAtATime(LiveServerThread):
    # The in-memory SQLite test database is one connection shared with the server's threads:
    # requests must take turns there. The users still send them at the same time.
    def _create_server(self, connections_override=None):  # type: ignore[no-untyped-def]
        # The server runs in this thread, which already uses the shared connection.
        return WSGIServer(
            (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
        )


class _Threaded(LiveServerThread):
    server_class = ThreadedWSGIServer


@pytest.fixture
def server(transactional_db) -> Iterator[Server]:
    connection = connections["default"]
    if connection.vendor == "sqlite":
        connection.inc_thread_sharing()
        thread: LiveServerThread = _OneAtATime(
            "127.0.0.1", _StaticFilesHandler, {connection.alias: connection}
        )
    else:
        thread = _Threaded("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    try:
        yield Server("127.0.0.1", thread.port)
    finally:
        thread.terminate()
        if connection.vendor == "sqlite":
            connection.dec_thread_sharing()


@pytest.fixture
def ran(server) -> dict:
    generate("XS")
    users, terms = sign_in(3, run_id="t1", seed=3)
    edited = sorted({pk for u in users for pk in u.edit_ids})
    before = snapshot(edited)
    load = Load(server, users, search_terms=terms, duration=3, think=0, seed=3, run_id="t1")
    seconds = load.run()
    return {"load": load, "seconds": seconds, "edited": edited, "before": before}


def test_three_users_get_every_kind_of_request_answered_and_the_data_matches_it(ran):
    load = ran["load"]
    results = {r.kind: r for r in summary(load.samples, ran["seconds"])}

    assert load.failures == []
    assert check_errors(load.samples, None) == []
    assert set(MIX) | {"edit form", "all"} <= set(results)
    assert results["all"].errors == 0
    assert results["all"].n == len(load.samples)
    assert results["all"].per_second > 0
    assert results["all"].p50_ms <= results["all"].p95_ms <= results["all"].p99_ms

    # What the client counted is what the database holds.
    after = snapshot(ran["edited"])
    landed = sum(load.tally.edits_landed.values())
    assert landed == results["edit"].n
    assert sum(v for v, _ in after.values()) - sum(v for v, _ in ran["before"].values()) == landed
    assert check_data(load, ran["before"], after) == []
    pk = next(iter(load.tally.edits_landed))
    assert Account.objects.get(pk=pk).notes.startswith("load t1 user ")
    assert Contact.objects.filter(last_name__startswith="Load t1 ").count() == len(load.tally.keys)
    assert len(load.tally.keys) == results["API create"].n

    # And the check notices when it is not: an edit more than landed, a create made twice.
    load.tally.edits_landed[pk] += 1
    name = next(iter(load.tally.keys.values()))
    Contact.objects.create(first_name="Twee", last_name=name)
    problems = check_data(load, ran["before"], snapshot(ran["edited"]))
    assert any(p.startswith(f"account {pk}: version") for p in problems)
    assert any("2 contacts, expected 1" in p for p in problems)


def _sample(kind: str, started: float, status: int) -> Sample:
    return Sample(kind, started, started + 0.1, status)


def test_without_an_outage_any_error_fails_the_run():
    samples = [_sample("list", 1, 200), _sample("edit", 2, 302), _sample("detail", 3, 500)]

    assert check_errors(samples, None) == ["detail: 500 at 3.0 s"]


def test_a_redirect_to_somewhere_else_than_the_account_is_an_error():
    assert not Sample("edit", 1, 1.1, 302, elsewhere=True).ok
    assert Sample("edit", 1, 1.1, 302).ok


def test_during_an_outage_only_503s_until_five_seconds_after_the_database_is_back_pass():
    outage = Outage(stopped=10, back=15)
    fine = [_sample("list", 9.95, 503), _sample("API create", 14, 503), _sample("edit", 19.5, 503)]
    late = _sample("search", 20.5, 503)
    wrong = _sample("detail", 12, 500)
    early = _sample("list", 5, 503)

    assert check_errors([*fine, _sample("list", 30, 200)], outage) == []
    assert recovery_seconds(fine, outage) == pytest.approx(4.6)
    assert len(check_errors([*fine, late], outage)) == 1
    assert recovery_seconds([*fine, late], outage) == pytest.approx(5.6)
    assert check_errors([wrong], outage) == ["detail: 500 (not a 503) at 12.0 s"]
    assert "outside the outage" in check_errors([early], outage)[0]


def test_the_form_reader_posts_back_what_a_browser_would():
    html = """
    <form method="get"><input name="q" value="zoek"></form>
    <form method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="abc">
      <input name="name" value="Bakkerij &amp; Zn">
      <input type="checkbox" name="gone"><input type="checkbox" name="kept" checked>
      <select name="tier"><option value="A">A</option><option value="B" selected>B</option>
      </select>
      <select name="segment"><option value="">---</option><option value="3">Retail</option>
      </select>
      <textarea name="notes">
eerste regel</textarea>
      <input type="hidden" name="version" value="4">
      <button type="submit" name="save">Opslaan</button>
    </form>"""

    assert form_fields(html) == [
        ("csrfmiddlewaretoken", "abc"),
        ("name", "Bakkerij & Zn"),
        ("kept", "on"),
        ("tier", "B"),
        ("segment", ""),
        ("notes", "eerste regel"),
        ("version", "4"),
    ]
