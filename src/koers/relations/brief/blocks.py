"""What a section prints in the PDF: a few kinds of blocks that the one Typst template
(`brief.typ`) knows, each holding text already formatted for the reader."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

Block = dict[str, Any]


def _s(value: Any) -> str:
    return str(value) if isinstance(value, Promise) else ("" if value is None else str(value))


def facts(rows: Iterable[tuple[Any, Any]]) -> Block:
    """Label and value pairs; empty values are left out."""
    return {"kind": "facts", "rows": [[_s(k), _s(v)] for k, v in rows if _s(v)]}


def item(text: Any, note: Any = "", flag: bool = False) -> dict[str, Any]:
    """A line of a list; `flag` makes it stand out (overdue, critical, not seen too long)."""
    return {"text": _s(text), "note": _s(note), "flag": flag}


def items(lines: Iterable[dict[str, Any]], heading: Any = "") -> Block:
    return {"kind": "items", "heading": _s(heading), "items": list(lines)}


def text(value: Any, heading: Any = "") -> Block:
    return {"kind": "text", "heading": _s(heading), "text": _s(value)}


def images(pictures: Iterable[bytes]) -> Block:
    """JPEGs side by side (the photos of a visit), passed as their bytes: the template reads no
    file of its own."""
    return {"kind": "images", "images": [list(picture) for picture in pictures]}
