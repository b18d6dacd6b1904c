"""The chain tree as flat rows, ready to render without recursion or per-node template tags.

A chain can have hundreds of branches. A recursive `{% include %}` with a `{% url %}` and a
`{% blocktranslate %}` per node cost 300 ms of template CPU for 400 branches, so the URL, the
labels and the nesting markup are computed here once per page (labels once per distinct count).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from koers.accounts.models import Account

# A chain larger than this shows a part of the tree on the detail page, with a link to the rest.
TREE_LIMIT = 50

_OPEN = mark_safe("<ul>")
_SENTINEL = 987654321


def flatten(nodes: list[dict]) -> dict[int, dict]:
    out: dict[int, dict] = {}
    stack = list(nodes)
    while stack:
        node = stack.pop()
        out[node["pk"]] = node
        stack.extend(node["children"])
    return out


def ancestors(tree: list[dict], account: Account) -> list[dict]:
    """The readable chain above `account`, top first (for the breadcrumbs)."""
    by_id = flatten(tree)
    path: list[dict] = []
    node = by_id.get(account.parent_id) if account.parent_id else None
    while node is not None and len(path) < 50:
        path.append(node)
        node = by_id.get(node["parent_id"])
    return list(reversed(path))


def _url_maker(name: str) -> Callable[[int], str]:
    """One reverse() per page; the id is filled into the resulting string per node."""
    head, tail = reverse(name, args=[_SENTINEL]).split(str(_SENTINEL))
    return lambda pk: f"{head}{pk}{tail}"


def _walk(nodes: list[dict], depth: int = 0) -> Iterator[tuple[dict, int]]:
    """Pre-order, without recursion: a chain may be deeper than Python likes."""
    stack = [(node, depth) for node in reversed(nodes)]
    while stack:
        node, level = stack.pop()
        yield node, level
        stack.extend((child, level + 1) for child in reversed(node["children"]))


def _selection(tree: list[dict], account: Account, limit: int) -> set[int]:
    """What a large chain shows first: the path to the account, its children, the first level
    of the chain and, if there is room, the account's siblings.

    Candidates come parents first, so every chosen node's parent is chosen too and the rows
    still nest. The path to the account is always whole, whatever the limit.
    """
    by_id = flatten(tree)
    chosen: set[int] = set()
    node = by_id.get(account.pk)
    while node is not None and node["pk"] not in chosen:
        chosen.add(node["pk"])
        node = by_id.get(node["parent_id"])
    current = by_id.get(account.pk)
    candidates = [
        *tree,
        *(current["children"] if current else []),
        *(child for top in tree for child in top["children"]),
        *(by_id[account.parent_id]["children"] if account.parent_id in by_id else []),
    ]
    for candidate in candidates:
        if len(chosen) >= limit:
            break
        chosen.add(candidate["pk"])
    return chosen


def tree_rows(tree: list[dict], account: Account, *, limit: int | None = None) -> dict[str, Any]:
    """The rows of the chain in display order, each with its markup to open or close a level.

    With a `limit` and a chain larger than it, only a selection is shown (see `_selection`);
    `hidden` then says how many branches the full tree has that are not shown.
    """
    everything = list(_walk(tree))
    chosen = None
    if limit is not None and len(everything) > limit:
        chosen = _selection(tree, account, limit)
        everything = [(node, depth) for node, depth in everything if node["pk"] in chosen]
    url = _url_maker("accounts:account_detail")
    labels: dict[int, str] = {}
    own_labels: dict[int, str] = {}

    def contacts(count: int) -> str:
        if count not in labels:
            labels[count] = ngettext("%(counter)s contact", "%(counter)s contacts", count) % {
                "counter": localize(count)
            }
        return labels[count]

    def own(count: int) -> str:
        if count not in own_labels:
            own_labels[count] = gettext("%(own)s here") % {"own": localize(count)}
        return own_labels[count]

    closers: dict[int, SafeString] = {}

    def close(levels: int) -> SafeString:
        if levels not in closers:
            closers[levels] = mark_safe("</li>" + "</ul></li>" * levels)  # noqa: S308
        return closers[levels]

    rows = []
    for index, (node, depth) in enumerate(everything):
        following = everything[index + 1][1] if index + 1 < len(everything) else 0
        rows.append(
            {
                "pk": node["pk"],
                "name": node["name"],
                "url": url(node["pk"]),
                "visit_city": node["visit_city"],
                "tier": node["tier"],
                "current": node["pk"] == account.pk,
                "contacts": contacts(node["total_contacts"]),
                "own": own(node["contact_count"])
                if node["children"] and node["contact_count"] != node["total_contacts"]
                else "",
                "end": _OPEN if following > depth else close(depth - following),
            }
        )
    total = len(flatten(tree))
    return {
        "rows": rows,
        "chain_size": total,
        "branches": total - len(tree),
        "partial": chosen is not None,
        "contacts_title": gettext("Current contacts here and in the branches below"),
    }
