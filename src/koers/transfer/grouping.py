"""Rows of the same account: one account with several contacts, not a duplicate.

A customer file often has one row per contact person. Rows share an account when they share a
key: Koers's id, the external id, the KvK number with the establishment number, or the name with
the postcode. The first such row in the file leads; the account data of the rows is merged into
it, and where they disagree the first non-empty value in the file wins (each disagreement is
shown on the later row, with both values).
"""

from __future__ import annotations

from typing import Any


def _keys(p: dict[str, Any]) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = []
    if p.get("id"):
        keys.append(("id", str(p["id"])))
    if p["ext"]:
        keys.append(("ext", p["ext"]))
    if p["kvk"]:
        keys.append(("kvk", p["kvk"], p["est"]))
    name = (p["account"].get("name") or "").strip().lower()
    postcode = (p["account"].get("visit_postcode") or "").replace(" ", "").upper()
    if name and postcode:
        keys.append(("name", name, postcode))
    return keys


def _merge(leader: dict[str, Any], follower: dict[str, Any]) -> list[dict[str, str]]:
    """Fills the leader's empty account values from the follower; returns the disagreements."""
    conflicts = []
    for key, value in follower["account"].items():
        kept = leader["account"].get(key)
        if value in ("", None):
            continue
        if kept in ("", None):
            leader["account"][key] = value
        elif kept != value:
            conflicts.append({"field": key, "kept": str(kept), "other": str(value)})
    for key in ("segment", "owner", "parent"):
        theirs, ours = follower.get(key) or "", leader.get(key) or ""
        if theirs and not ours:
            leader[key] = theirs
        elif theirs and theirs.lower() != ours.lower():
            conflicts.append({"field": key, "kept": ours, "other": theirs})
    return conflicts


def group_rows(prepared: list[dict[str, Any]]) -> dict[int, tuple[int, list[dict[str, str]]]]:
    """{follower row: (leader row, disagreements)}; merges the followers' account data into
    their leader (in place). Rows with errors of their own, and contact-only rows, stay alone."""
    leader_of: dict[tuple[str, ...], dict[str, Any]] = {}
    followers: dict[int, tuple[int, list[dict[str, str]]]] = {}
    for p in prepared:
        if p.get("contact_only") or p["errors"]:
            continue
        keys = _keys(p)
        leader = next((leader_of[k] for k in keys if k in leader_of), None)
        if leader is None:
            leader = p
        else:
            followers[p["row"]] = (leader["row"], _merge(leader, p))
        for key in keys:
            leader_of.setdefault(key, leader)
    return followers
