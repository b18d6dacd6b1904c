"""Resolving all prepared rows into a Plan (what the preview shows and the import writes): rows
of the same account grouped (grouping.py), contact-only rows (contact_rows.py), the rest by the
resolver of checking.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from koers.core.models import User
from koers.transfer.chains import ChainLinker, find_parents
from koers.transfer.checking import ContactPlan, Plan, RowResult, _Resolver
from koers.transfer.contact_rows import ContactsById
from koers.transfer.grouping import group_rows
from koers.transfer.lookups import load_lookups


def _contact_only(plan: Plan, by_id: ContactsById, p: dict[str, Any]) -> None:
    contact = p["contact"] or {}
    result = RowResult(
        row=p["row"],
        action="",  # no account: the row changes a contact only
        contact=f"{contact.get('first_name', '')} {contact.get('last_name', '')}".strip(),
        errors=list(p["errors"]),
        dropped=list(p.get("dropped", [])),
    )
    plan.results.append(result)
    if result.errors:
        return
    known, changed = by_id.resolve(result, p)
    if known is not None and changed:
        plan.contacts.append(
            ContactPlan(account=None, contact=known, position=None, contact_changed=changed)
        )


def _follower(
    plan: Plan,
    resolver: _Resolver,
    p: dict[str, Any],
    group: tuple[int, list[dict[str, str]]],
    leaders: dict[int, tuple[RowResult, Any, bool]],
) -> None:
    """A further row of an account: its contact is added to the account of the leading row."""
    leader_row, conflicts = group
    leader, account, is_new = leaders[leader_row]
    contact = p["contact"] or {}
    result = RowResult(
        row=p["row"],
        action="same",
        account_id=leader.account_id,
        name=leader.name,
        kvk=leader.kvk,
        city=leader.city,
        owner=leader.owner,
        contact=f"{contact.get('first_name', '')} {contact.get('last_name', '')}".strip(),
        dropped=list(p.get("dropped", [])),
    )
    result.same_as = leader_row
    result.conflicts = conflicts
    if leader.errors:
        message = _("The account of this row is left out with row %(row)s.") % {"row": leader_row}
        result.error("name", message, leader.name)
    plan.results.append(result)
    if result.errors:
        return
    contact_plan = resolver.contact(result, p, account, is_new)
    if contact_plan is not None:
        plan.contacts.append(contact_plan)


def build_plan(
    *,
    actor: User,
    prepared: list[dict[str, Any]],
    lock: bool = False,
    build: bool = False,
    options: Mapping[str, Any] | None = None,
) -> Plan:
    """Resolves prepared rows; with `lock` the existing accounts stay locked for the write that
    follows, with `build` the objects to write are made. `options` are the job's (the user's
    value mappings and defaults)."""
    options = options or {}
    with_contacts = any(p["contact"] for p in prepared)
    accounts = [p for p in prepared if not p.get("contact_only")]
    lookups = load_lookups(actor=actor, prepared=accounts, with_contacts=with_contacts, lock=lock)
    by_id = ContactsById(actor=actor, prepared=prepared, lock=lock)
    resolver = _Resolver(
        actor,
        lookups,
        build,
        values=options.get("values"),
        defaults=options.get("defaults"),
        contact_changes=options.get("contact_changes", ""),
    )
    # Merges the account data of rows of the same account into the first of them.
    followers = group_rows(prepared)
    leading = [p for p in prepared if not p.get("contact_only") and p["row"] not in followers]
    # Parents before their branches, whatever the order of the file (chains.py).
    parents = find_parents(actor=actor, leaders=leading, known=list(lookups.by_id.values()))
    linker = ChainLinker(parents)
    by_row = {p["row"]: p for p in leading}
    leaders: dict[int, tuple[RowResult, Any, bool]] = {}
    plan = Plan()
    for row in parents.order:
        _leader(plan, resolver, linker, by_row[row], leaders)
    for p in prepared:
        if p.get("contact_only"):
            _contact_only(plan, by_id, p)
        elif p["row"] in followers:
            _follower(plan, resolver, p, followers[p["row"]], leaders)
    plan.results.sort(key=lambda r: r.row)
    plan.branches = linker.branches
    plan.chains = len(linker.chains)
    return plan


def _leader(
    plan: Plan,
    resolver: _Resolver,
    linker: ChainLinker,
    p: dict[str, Any],
    leaders: dict[int, tuple[RowResult, Any, bool]],
) -> None:
    """The first (or only) row of an account: the account, its place in a chain, its contact."""
    contact = p["contact"] or {}
    result = RowResult(
        row=p["row"],
        name=p["account"].get("name", ""),
        kvk=p["kvk"],
        city=p["account"].get("visit_city", ""),
        contact=f"{contact.get('first_name', '')} {contact.get('last_name', '')}".strip(),
        errors=list(p["errors"]),
        dropped=list(p.get("dropped", [])),
    )
    if p["row"] in linker.parents.errors:
        result.errors.append(linker.parents.errors[p["row"]])
    account, is_new, changed = resolver.account(result, p)
    leaders[p["row"]] = (result, account, is_new)
    if linker.link(result, p, account, leaders) and not is_new:
        changed.add("parent_id")
        result.action = "update"
        old = linker.parents.old_names.get(linker.parents.old_parents.get(result.account_id or 0))
        result.changes.append({"field": "parent", "old": old or "", "new": result.parent})
    contact_plan = resolver.contact(result, p, account, is_new)
    plan.results.append(result)
    if result.errors:
        return
    if is_new and account is not None:
        plan.creates.append(account)
    elif changed and account is not None:
        plan.updates.append(account)
        plan.update_fields |= changed
    if contact_plan is not None:
        plan.contacts.append(contact_plan)
