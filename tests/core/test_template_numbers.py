"""Ids in templates are never written with a thousands separator: with USE_THOUSAND_SEPARATOR
an id of 1443 renders as "1.443" (Dutch) or "1,443" (English), which breaks element ids, HTMX
targets and, worst, form values sent back (`member=1.443`). Seen on PostgreSQL, where ids pass
1000 during the suite."""

from __future__ import annotations

import re
from pathlib import Path

from django.template import Context, Template
from django.utils import translation

import koers

TEMPLATES = Path(koers.__file__).parent
# A form's field ({{ form.version }}) renders its widget, which does not group digits.
BARE_ID = re.compile(r"\{\{ ?(?![a-z_]*form\.)[a-zA-Z_.]+\.(pk|id|version) ?\}\}")


def test_no_template_writes_a_bare_id():
    found = [
        f"{path.relative_to(TEMPLATES)}:{n}: {m.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for n, line in enumerate(path.read_text().splitlines(), 1)
        for m in BARE_ID.finditer(line)
    ]

    assert found == []


def test_an_unlocalized_id_keeps_its_digits_in_dutch_and_english():
    template = Template('{% load l10n %}<li id="a-{{ pk|unlocalize }}">{{ pk }}</li>')
    for language, grouped in (("nl", "1.443"), ("en", "1,443")):
        with translation.override(language):
            assert template.render(Context({"pk": 1443})) == f'<li id="a-1443">{grouped}</li>'
