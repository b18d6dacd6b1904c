"""Import and export in the benchmark: an import of 10,000 rows through the worker's services."""

from __future__ import annotations

import csv
import io
import json
import random
import time
from typing import Any

from django.db import transaction

from bench.generate import make_pools, slug
from bench.measure import Measurement, Runner
from bench.scenario import Scenario, Subjects
from koers.accounts.models import Account
from koers.demo.words import SEGMENTS, TRADES
from koers.transfer import services
from koers.transfer.models import ImportStatus

IMPORT_MAPPING = {
    "Naam": "name",
    "KvK-nummer": "kvk_number",
    "Klantnummer": "external_id",
    "Straat": "visit_street",
    "Postcode": "visit_postcode",
    "Plaats": "visit_city",
    "Telefoon": "phone",
    "E-mail": "email",
    "Website": "website",
    "Segment": "segment",
    "Klasse": "tier",
    "Status": "status",
    "Voornaam contact": "contact_first_name",
    "Achternaam contact": "contact_last_name",
    "E-mail contact": "contact_email",
    "Functie contact": "contact_job_title",
    "Rol contact": "contact_buying_role",
}


def import_file(user: Any, rows: int, seed: int = 7) -> bytes:
    """A CSV as an account manager exports it from a spreadsheet: a fifth updates accounts of
    their own portfolio (matched by customer number), the rest are new (KvK numbers starting
    with 0, which the generator never uses, so that none matches a colleague's account)."""
    rng = random.Random(seed)
    pools = make_pools(seed)
    existing = list(
        Account.objects.filter(owner=user)
        .exclude(external_id="")
        .order_by("pk")
        .values_list("name", "external_id", "visit_city")[: rows // 5]
    )
    kvks = rng.sample(range(1_000_000, 9_999_999), rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(IMPORT_MAPPING)
    roles = ["Beslisser", "Inkoper", "Gebruiker", "Beïnvloeder", ""]
    for i in range(rows):
        first = rng.choice(pools.first_names)
        last = rng.choice(pools.last_names)
        if i < len(existing):
            name, external_id, city = existing[i]
            kvk = ""
        else:
            city = rng.choice(pools.cities)
            name = f"{rng.choice(pools.last_names)} {rng.choice(TRADES)} {city} {i}"
            external_id = f"IMP-{i:06d}"
            kvk = f"0{kvks[i]}"
        domain = f"import{i}.nl"
        writer.writerow(
            [
                name,
                kvk,
                external_id,
                f"{rng.choice(pools.streets)} {rng.randrange(1, 200)}",
                f"{rng.randrange(1000, 9999)} {rng.choice('ABCDEGHJKLMN')}{rng.choice('PRTVWXZ')}",
                city,
                f"0{rng.choice(['20', '30', '10', '40'])}-{rng.randrange(2_000_000, 9_999_999)}",
                f"info@{domain}",
                f"https://www.{domain}",
                rng.choice(SEGMENTS),
                rng.choice("ABC"),
                rng.choice(["klant", "prospect"]),
                first,
                last,
                f"{slug(first)[:1]}.{slug(last)}@{domain}",
                rng.choice(["Inkoper", "Directeur", "Office manager"]),
                rng.choice(roles),
            ]
        )
    return out.getvalue().encode("utf-8")


def measure_import(runner: Runner, s: Subjects, options: Any) -> None:
    """Upload, check (dry run) and import of a file, through the services the pages and the
    worker run.

    Everything happens inside a transaction that is rolled back at the end, so the benchmark
    database stays as generated and the measurement can be repeated; the final COMMIT of the
    import is therefore not in the time.
    """
    user, rows = s.personas["account_manager"], options.import_rows
    data = import_file(user, rows)
    phases: dict[str, float] = {}
    cpu_started = time.process_time()
    with runner.recording() as recorder, transaction.atomic():
        started = time.perf_counter()
        job = services.import_upload(actor=user, upload=io.BytesIO(data), name="bench.csv")
        phases["upload"] = time.perf_counter() - started
        job = services.import_set_mapping(actor=user, job=job, mapping=IMPORT_MAPPING)
        started = time.perf_counter()
        # As the pages start it; a large file is then checked by the worker's task, called
        # here directly (its enqueueing waits for a commit that never comes).
        job = services.import_check_start(actor=user, job=job)
        if job.status == ImportStatus.VALIDATING:
            job = services.import_check(job_id=job.pk)
        phases["check"] = time.perf_counter() - started
        if job.status != ImportStatus.READY:
            raise SystemExit(f"import check found errors: {json.dumps(job.error_report)[:2000]}")
        started = time.perf_counter()
        # Contacts in Koers that rows change are changed as the preview shows.
        job = services.import_start(actor=user, job=job, contact_changes="update")
        if job.status == ImportStatus.RUNNING:
            job = services.import_run(job_id=job.pk)
        phases["import"] = time.perf_counter() - started
        if job.status != ImportStatus.DONE:
            raise SystemExit(f"import failed: {job.status} {job.message}")
        counts = f"{job.created_count:,} created, {job.updated_count:,} updated"
        transaction.set_rollback(True)
    total = sum(phases.values())
    cpu = time.process_time() - cpu_started
    result = Measurement(
        scenario=f"import {rows:,} rows",
        path="transfer.services",
        n=1,
        p50_ms=1000 * total,
        p95_ms=1000 * total,
        p99_ms=1000 * total,
        max_ms=1000 * total,
        queries=recorder.count,
        cpu_p50_ms=1000 * cpu,
        note=counts + "; " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()),
        slowest=runner.slowest(recorder, runs=1),
    )
    runner.report(result)


SCENARIOS = [
    Scenario(
        "import",
        call=measure_import,
        http=False,
        note="a fifth updates the account manager's accounts, the rest are new",
        db_note="rolled back at the end; the final COMMIT is not timed",
    ),
]
