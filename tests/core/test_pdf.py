"""PDFs through Typst (core/pdf.py): data goes in as JSON and comes out as text, whatever it
holds, set in the fonts of the typst package alone."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from koers.core.pdf import PdfError, render_pdf

TEMPLATE = """#let data = json(bytes(sys.inputs.data))
#set text(font: "Libertinus Serif", lang: "nl")
= #data.title
#for line in data.lines [ - #line \\ ]
"""


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "test.typ"
    path.write_text(TEMPLATE)
    return path


def _fonts(reader: PdfReader) -> set[str]:
    fonts = reader.pages[0]["/Resources"]["/Font"]
    # "/ABCDEF+LibertinusSerif-Bold-Identity-H": a subset of the font, embedded.
    return {
        str(fonts[name].get_object()["/BaseFont"]).split("+")[-1].removesuffix("-Identity-H")
        for name in fonts
    }


def test_typst_markup_in_the_data_is_printed_as_text(template):
    lines = ['#panic("boem")', "] [", "$x^2$ *vet* _schuin_", '#read("/etc/passwd")', "€ 1.234,56"]

    pdf = render_pdf(template, {"title": "Bakkerij ]#[ Jansen", "lines": lines})

    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Bakkerij ]#[ Jansen" in text
    for line in lines:
        assert line in text


def test_only_the_fonts_inside_the_typst_package_are_used(template):
    reader = PdfReader(io.BytesIO(render_pdf(template, {"title": "Één", "lines": ["twee"]})))

    assert _fonts(reader) == {"LibertinusSerif-Regular", "LibertinusSerif-Bold"}


def test_a_broken_template_is_a_pdf_error(tmp_path):
    broken = tmp_path / "broken.typ"
    broken.write_text("#let data = json(bytes(sys.inputs.data))\n#data.missing")

    with pytest.raises(PdfError):
        render_pdf(broken, {})
