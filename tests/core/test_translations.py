"""Every user-visible string has its Dutch translation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "koers"
MANAGE = Path(__file__).resolve().parents[2] / "manage.py"


def _untranslated(po: Path) -> list[str]:
    """msgids with an empty msgstr or marked fuzzy (simple .po reader, enough for our files)."""
    missing: list[str] = []
    entries = po.read_text(encoding="utf-8").split("\n\n")
    for entry in entries[1:]:
        lines = [ln for ln in entry.splitlines() if not ln.startswith("#~")]
        if not any(ln.startswith("msgid") for ln in lines):
            continue
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        msgid = "".join(ln.split(" ", 1)[1].strip('"') for ln in lines if ln.startswith("msgid "))
        strs = [ln for ln in lines if ln.startswith("msgstr")]
        empty = all(s.split(" ", 1)[1] == '""' for s in strs) and not any(
            ln.startswith('"') for ln in lines[lines.index(strs[0]) + 1 :]
        )
        if fuzzy or empty:
            missing.append(msgid)
    return missing


def test_the_dutch_catalogue_is_complete(tmp_path):
    """Extract the messages afresh from a copy of the code and check each is translated."""
    if shutil.which("msgfmt") is None:
        pytest.fail("gettext is not installed: run scripts/setup.sh")
    copy = tmp_path / "koers"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [
            sys.executable,
            str(MANAGE),
            "makemessages",
            "-l",
            "nl",
            "--no-obsolete",
            "--no-location",
            "-v",
            "0",
        ],
        cwd=copy,
        check=True,
    )
    missing = _untranslated(copy / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    assert missing == [], f"{len(missing)} strings without a Dutch translation: {missing[:20]}"
