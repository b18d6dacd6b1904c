"""A chart of `core/charts.py` as a standalone SVG for a PDF: the same geometry as the page's
chart (`core/_chart.html`), with its colours written on the shapes, since a PDF has no
stylesheet. The colours are those of `koers.css` (`.chart-s0` ...)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from koers.core.charts import Chart

COLOURS = {
    "chart-s0": "#2f6fbf",
    "chart-s1": "#e08a1e",
    "chart-s2": "#3a9d5d",
    "chart-s3": "#c0392b",
    "chart-s4": "#7d5ba6",
    "chart-s5": "#7f8c8d",
}
GRID, AXIS = "#d5d9de", "#5f6b76"


def _colour(css: str) -> str:
    return next((c for name, c in COLOURS.items() if name in css.split()), COLOURS["chart-s0"])


def _text(x: object, y: object, label: str, anchor: str, baseline: str = "auto") -> str:
    return (
        f'<text x="{x}" y="{y}" fill="{AXIS}" font-size="11" font-family="sans-serif" '
        f'text-anchor="{anchor}" dominant-baseline="{baseline}">{escape(label)}</text>'
    )


def chart_svg(chart: Chart) -> str:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {chart.width} {chart.height}" '
        f'width="{chart.width}" height="{chart.height}">'
    ]
    for tick in chart.y_ticks:
        parts.append(
            f'<line x1="{chart.left}" x2="{chart.right}" y1="{tick.position}" '
            f'y2="{tick.position}" stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(chart.left - 6, tick.position, tick.label, "end", "middle"))
    for r in chart.rects:
        parts.append(
            f'<rect x="{r.x}" y="{r.y}" width="{r.width}" height="{r.height}" '
            f'fill="{_colour(r.css)}"/>'
        )
    for line in chart.lines:
        colour = _colour(line.css)
        parts.append(
            f'<polyline points={quoteattr(line.points)} fill="none" stroke="{colour}" '
            'stroke-width="2"/>'
        )
        parts.extend(f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>' for x, y, _l in line.dots)
    parts.append(
        f'<line x1="{chart.left}" x2="{chart.right}" y1="{chart.baseline}" '
        f'y2="{chart.baseline}" stroke="{AXIS}" stroke-width="1"/>'
    )
    for tick in chart.x_ticks:
        parts.append(_text(tick.position, chart.height - 14, tick.label, "middle"))
    parts.append("</svg>")
    return "".join(parts)


def legend(chart: Chart) -> list[list[str]]:
    return [[_colour(css), label] for css, label in chart.legend]
