"""What the preview of an import shows, computed from the resolved rows (checking.Plan).

Every row with a problem is kept in the report (the preview pages through them by problem type,
and the file of rows left out is made from them); of the good rows only the first ones, unless
the file is small.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from koers.transfer.preparing import DROPPABLE

if TYPE_CHECKING:
    from koers.transfer.checking import Plan, RowResult

# A file up to this many rows is shown whole; of a larger one, the first GOOD_ROWS_SHOWN rows
# without problems besides every row with one.
SHOW_ALL_UP_TO = 200
GOOD_ROWS_SHOWN = 50
# The values named per column in the summary of dropped values.
VALUES_NAMED = 5


def _per_field(items: list[dict[str, str]], into: dict[str, dict[str, Any]]) -> None:
    """Counts `items` (errors or dropped values) per field, naming the first few values."""
    for item in items:
        entry = into.setdefault(item["field"], {"count": 0, "values": []})
        entry["count"] += 1
        value = item.get("value", "")
        if value and value not in entry["values"] and len(entry["values"]) < VALUES_NAMED:
            entry["values"].append(value)


def _problems(bad: list[RowResult]) -> dict[str, int]:
    """Rows per problem type (the field a problem is in), most frequent first."""
    counts: dict[str, int] = {}
    for result in bad:
        for key in {e["field"] for e in result.errors}:
            counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def plan_report(plan: Plan) -> dict[str, Any]:
    """The counts, the problems per type, the dropped values per column, and the rows."""
    results = plan.results
    bad = [r for r in results if r.errors]
    good = [r for r in results if not r.errors]
    shown = (
        results
        if len(results) <= SHOW_ALL_UP_TO
        else sorted(bad + good[:GOOD_ROWS_SHOWN], key=lambda r: r.row)
    )
    dropped: dict[str, dict[str, Any]] = {}
    droppable: dict[str, dict[str, Any]] = {}
    for result in good:
        _per_field(result.dropped, dropped)
    for result in bad:
        _per_field([e for e in result.errors if e["field"] in DROPPABLE], droppable)
    return {
        "total": len(results),
        "ok": len(good),
        "errors": len(bad),
        "create": plan.count("create"),
        "update": plan.count("update"),
        "unchanged": plan.count("unchanged"),
        # Further rows of an account above (one account, several contacts).
        "same": plan.count("same"),
        "conflicts": sum(len(r.conflicts) for r in good),
        "chains": plan.chains,
        "branches": plan.branches,
        "contacts": sum(1 for r in good if r.contact),
        # What happens to the rows' contacts; those found by e-mail or name that a row changes
        # wait for the user's confirmation (services.import_start).
        "contacts_create": plan.count_contacts("create"),
        "contacts_update": plan.count_contacts("update"),
        "contacts_unchanged": plan.count_contacts("unchanged"),
        "contacts_confirm": sum(1 for r in good if r.confirm),
        "left_out": [r.row for r in bad],
        "problems": _problems(bad),
        "dropped": dropped,
        "dropped_count": sum(entry["count"] for entry in dropped.values()),
        # Rows kept out only by bad optional values: they come in when those are dropped.
        "droppable": droppable,
        "droppable_rows": sum(1 for r in bad if all(e["field"] in DROPPABLE for e in r.errors)),
        "rows": [r.as_dict() for r in shown],
        "complete": len(shown) == len(results),
    }
