"""Chains: a column holding the parent company makes a row a branch of that account.

The parent is named by its external id, KvK number or name (the accounts export writes the
name), and found first among the rows of the same file, in any order, then among the existing
accounts the importer may read. `find_parents` reads all of them in one query and gives the
order in which the rows are resolved (parents before their branches); `ChainLinker` links each
row as it is resolved, refusing a parent that is left out, ambiguous or that would make the
chain go round. New accounts are written level by level (running.py), so a branch's parent
always has its primary key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User

LOOKUP_CHUNK = 5000
_DIGITS = re.compile(r"[\s.-]")
# A candidate parent: ("row", line of its leading row) or ("account", an existing account).
Candidate = tuple[str, Any]
Node = tuple[str, int]


def _kvk(value: str) -> str:
    compact = _DIGITS.sub("", value)
    if compact.isdigit() and 6 <= len(compact) <= 8:
        return compact.zfill(8)
    return ""


def _name(value: str) -> str:
    return " ".join(value.lower().split())


def _keys_of(p: dict[str, Any]) -> tuple[str, str, str]:
    return p["ext"], p["kvk"], _name(p["account"].get("name") or "")


def _pick(found: list[Any], is_branch: Any) -> list[Any]:
    """Of several candidates found by a KvK number, the chain itself rather than a branch."""
    if len(found) > 1:
        heads = [c for c in found if not is_branch(c)]
        if heads:
            return heads
    return found


@dataclass
class Parents:
    """What `find_parents` found: candidates or an error per row, and the order to resolve."""

    candidates: dict[int, list[Candidate]] = field(default_factory=dict)
    errors: dict[int, dict[str, str]] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    # pk -> parent pk of the existing accounts in the trees concerned (for cycles).
    old_parents: dict[int, int | None] = field(default_factory=dict)
    old_names: dict[int | None, str] = field(default_factory=dict)


def _in_file(leaders: list[dict[str, Any]]) -> dict[str, dict[str, list[int]]]:
    index: dict[str, dict[str, list[int]]] = {"ext": {}, "kvk": {}, "name": {}}
    for p in leaders:
        ext, kvk, name = _keys_of(p)
        for kind, key in (("ext", ext), ("kvk", kvk), ("name", name)):
            if key:
                index[kind].setdefault(key, []).append(p["row"])
    return index


def find_parents(*, actor: User, leaders: list[dict[str, Any]], known: list[Account]) -> Parents:
    """The candidate parents of each leading row that names one; `known` are the existing
    accounts the rows may update (their trees are read for cycles). One query for the
    existing parents, one for their trees; none when no row names a parent."""
    out = Parents(order=[p["row"] for p in leaders])
    wanted = [p for p in leaders if (p.get("parent") or "").strip() and not p["errors"]]
    if not wanted:
        return out
    by_row = {p["row"]: p for p in leaders}
    # Rows with problems too: their branches are then told that their parent is left out.
    index = _in_file(leaders)
    est_of = {p["row"]: p["est"] for p in leaders}
    outside: dict[int, str] = {}
    for p in wanted:
        value = p["parent"].strip()
        ext, kvk, name = _keys_of(p)
        # A branch shares its KvK number with its chain: only a row without an establishment
        # number is named by it.
        own = {ext, name, "" if p["est"] else kvk} - {""}
        if value in own or _kvk(value) in own or _name(value) in own:
            continue  # a head office that names itself: no parent
        found = (
            index["ext"].get(value)
            or _pick(index["kvk"].get(_kvk(value), []), lambda r: bool(est_of[r]))
            or index["name"].get(_name(value))
            or []
        )
        found = [r for r in found if r != p["row"]]
        if found:
            out.candidates[p["row"]] = [("row", r) for r in found]
        else:
            outside[p["row"]] = value
    if outside:
        _existing(actor, outside, out)
    _old_parents(known, out)
    out.order = _ordered(out, [p["row"] for p in leaders], by_row)
    return out


def _existing(actor: User, outside: dict[int, str], out: Parents) -> None:
    values = sorted(set(outside.values()))
    kvks = sorted({_kvk(v) for v in values} - {""})
    names = sorted({_name(v) for v in values})
    found: list[Account] = []
    for start in range(0, max(len(values), 1), LOOKUP_CHUNK):
        part = values[start : start + LOOKUP_CHUNK]
        query = (
            access.accounts_readable(actor)
            .annotate(lname=Lower("name"))
            .filter(
                Q(external_id__in=part)
                | Q(kvk_number__in=kvks[start : start + LOOKUP_CHUNK])
                | Q(lname__in=names[start : start + LOOKUP_CHUNK])
            )
        )
        found.extend(query.order_by("pk"))
    by_ext: dict[str, list[Account]] = {}
    by_kvk: dict[str, list[Account]] = {}
    by_name: dict[str, list[Account]] = {}
    for account in found:
        if account.external_id:
            by_ext.setdefault(account.external_id, []).append(account)
        if account.kvk_number:
            by_kvk.setdefault(account.kvk_number, []).append(account)
        by_name.setdefault(_name(account.name), []).append(account)
    for row, value in outside.items():
        accounts = (
            by_ext.get(value)
            or _pick(by_kvk.get(_kvk(value), []), lambda a: bool(a.establishment_number))
            or by_name.get(_name(value))
        )
        if accounts:
            out.candidates[row] = [("account", a) for a in accounts]
        else:
            message = _(
                "No account “%(value)s” in the file or among the accounts you may see: the "
                "parent company must be one of them."
            ) % {"value": value}
            out.errors[row] = {"field": "parent", "message": message, "value": value}


def _old_parents(known: list[Account], out: Parents) -> None:
    """Reads the existing trees the rows touch, so that a cycle through them is seen."""
    accounts = list(known) + [
        c[1] for cands in out.candidates.values() for c in cands if c[0] == "account"
    ]
    roots = sorted({a.root_id or a.pk for a in accounts})
    for start in range(0, len(roots), LOOKUP_CHUNK):
        part = roots[start : start + LOOKUP_CHUNK]
        rows = Account.objects.filter(Q(pk__in=part) | Q(root_id__in=part))
        for pk, parent_id, name in rows.values_list("pk", "parent_id", "name"):
            out.old_parents[pk] = parent_id
            out.old_names[pk] = name


def _ordered(out: Parents, rows: list[int], by_row: dict[int, Any]) -> list[int]:
    """Parents before their branches (file order otherwise); rows whose candidates go round
    get an error and come last."""
    order: list[int] = []
    state: dict[int, int] = {}  # 1: being visited, 2: done

    def visit(row: int) -> bool:
        if state.get(row) == 2:
            return True
        if state.get(row) == 1:
            return False
        state[row] = 1
        ok = True
        for kind, target in out.candidates.get(row, []):
            if kind == "row" and target in by_row and not visit(target):
                ok = False
        state[row] = 2
        if not ok:
            out.errors.setdefault(row, _cycle_error(by_row[row]))
        order.append(row)
        return ok

    for row in rows:
        visit(row)
    return order


def _cycle_error(p: dict[str, Any]) -> dict[str, str]:
    message = _("This chain goes round: the parent company of this row is also its branch.")
    return {"field": "parent", "message": message, "value": p.get("parent", "")}


class ChainLinker:
    """Links each resolved row to its parent, in the order of `Parents.order`."""

    def __init__(self, parents: Parents) -> None:
        self.parents = parents
        self.links: dict[Node, Node] = {}
        self.branches = 0
        self.chains: set[Node] = set()

    def _parent_of(self, node: Node) -> Node | None:
        if node in self.links:
            return self.links[node]
        if node[0] == "a":
            parent = self.parents.old_parents.get(node[1])
            return ("a", parent) if parent else None
        return None

    def _goes_round(self, child: Node, parent: Node) -> bool:
        node: Node | None = parent
        seen: set[Node] = set()
        while node is not None and node not in seen:
            if node == child:
                return True
            seen.add(node)
            node = self._parent_of(node)
        return node is not None

    def link(
        self,
        result: Any,
        p: dict[str, Any],
        account: Account | None,
        leaders: dict[int, tuple[Any, Any, bool]],
    ) -> bool:
        """Makes the row's account a branch of its parent (on `account`, when built); returns
        whether the account changes. An error on `result` when the parent cannot be used."""
        candidates = self.parents.candidates.get(p["row"])
        if not candidates or result.errors:
            return False
        current = account.parent_id if account is not None else None
        if result.account_id is not None and account is None:
            current = self.parents.old_parents.get(result.account_id)
        options = []
        for kind, target in candidates:
            if kind == "row":
                parent_result, parent_account, _new = leaders[target]
                options.append((kind, target, parent_result, parent_account))
            else:
                options.append((kind, target.pk, None, target))
        if len(options) > 1:
            same = [o for o in options if self._pk(o) is not None and self._pk(o) == current]
            options = same or options
        if len(options) > 1:
            message = _(
                "“%(value)s” fits several accounts: use the parent company's KvK number or "
                "external id."
            ) % {"value": p["parent"]}
            result.error("parent", message, p["parent"])
            return False
        kind, key, parent_result, parent_account = options[0]
        if parent_result is not None and parent_result.errors:
            message = _("The parent company of this row (row %(row)s) is left out.") % {"row": key}
            result.error("parent", message, p["parent"])
            return False
        parent_node = self._node(kind, key, parent_result)
        child = ("a", result.account_id) if result.account_id else ("r", p["row"])
        if self._goes_round(child, parent_node):
            error = _cycle_error(p)
            result.error("parent", error["message"], error["value"])
            return False
        self.links[child] = parent_node
        result.parent = (parent_result.name if parent_result else parent_account.name) or ""
        parent_pk = self._pk(options[0])
        if parent_pk is not None and parent_pk == current:
            return False
        self.branches += 1
        self.chains.add(parent_node)
        if account is not None and parent_account is not None:
            account.parent = parent_account
        return True

    @staticmethod
    def _pk(option: tuple[str, Any, Any, Any]) -> int | None:
        kind, key, parent_result, _account = option
        if kind == "account":
            return int(key)
        return parent_result.account_id if parent_result is not None else None

    @staticmethod
    def _node(kind: str, key: int, parent_result: Any) -> Node:
        if kind == "account":
            return ("a", key)
        if parent_result.account_id:
            return ("a", parent_result.account_id)
        return ("r", key)
