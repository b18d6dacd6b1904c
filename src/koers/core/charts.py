"""Charts as server-rendered SVG: the one chart approach of the product (docs/decisions.md, 119).

A chart is computed here as geometry (rectangles, lines, ticks, all in the SVG's own units) and
drawn by one template, `core/_chart.html`: no script, no inline style (colours come from the
classes `chart-s0` ... in `koers.css`), so it works under the strict CSP and the same chart can
go into a PDF or a mail. Every chart also carries its figures as a table (`rows`), shown under
it for screen readers and for whoever wants the numbers.

Values are formatted by the caller's `fmt` (money, a count, a percentage) in the reader's
language; coordinates are written here with a point, never localised.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

Number = Decimal | int | float
Formatter = Callable[[Number], str]

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 72, 8, 12, 36
# Distinct colours in koers.css (`.chart-s0` ... `.chart-s5`); more series reuse them.
COLOURS = 6
TICKS = 4


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Number | None]


@dataclass(frozen=True)
class Rect:
    x: str
    y: str
    width: str
    height: str
    css: str
    title: str


@dataclass(frozen=True)
class Line:
    points: str
    css: str
    dots: list[tuple[str, str, str]]


@dataclass(frozen=True)
class Tick:
    position: str
    label: str


@dataclass
class Chart:
    title: str
    width: int = WIDTH
    height: int = HEIGHT
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    baseline: str = f"{HEIGHT - BOTTOM}"
    empty: bool = True


def _coord(value: float) -> str:
    return f"{value:.1f}"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `value` (an axis's
    top), 1 for nothing."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)  # pragma: no cover (the loop ends at 10)


def _plain(value: Number | None) -> float:
    return float(value) if value is not None else 0.0


def _frame(
    title: str, categories: Sequence[str], series: Sequence[Series], top: float, fmt: Formatter
) -> Chart:
    chart = Chart(title=title)
    chart.empty = not any(_plain(v) for s in series for v in s.values)
    plot = HEIGHT - TOP - BOTTOM
    for i in range(TICKS + 1):
        value = top * i / TICKS
        y = HEIGHT - BOTTOM - plot * i / TICKS
        shown = Decimal(str(value)) if not float(value).is_integer() else int(value)
        chart.y_ticks.append(Tick(_coord(y), fmt(shown)))
    chart.legend = [(f"chart-s{i % COLOURS}", s.label) for i, s in enumerate(series)]
    chart.headers = ["", *(s.label for s in series)]
    chart.rows = [
        [category, *(_cell(s.values[i], fmt) for s in series)]
        for i, category in enumerate(categories)
    ]
    return chart


def _cell(value: Number | None, fmt: Formatter) -> str:
    return "—" if value is None else fmt(value)


def _y(value: float, top: float) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - plot * (value / top)


def _label_every(count: int) -> int:
    """Every n-th category is labelled, so that labels never overlap (about 12 fit)."""
    return max(1, math.ceil(count / 12))


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Formatter = str,
    stacked: bool = False,
) -> Chart:
    """Bars per category: side by side per series, or `stacked` on each other. Negative
    values are drawn as zero (the table shows them)."""
    per_category = [[max(_plain(s.values[i]), 0.0) for s in series] for i in range(len(categories))]
    highest = max((sum(v) if stacked else max(v, default=0.0) for v in per_category), default=0.0)
    top = nice_ceiling(highest)
    chart = _frame(title, categories, series, top, fmt)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    gap = slot * 0.2
    bar_width = (slot - gap) / (1 if stacked else max(len(series), 1))
    every = _label_every(len(categories))
    for i, category in enumerate(categories):
        x0 = LEFT + slot * i + gap / 2
        base = 0.0
        for j, s in enumerate(series):
            value = per_category[i][j]
            low, high = (base, base + value) if stacked else (0.0, value)
            x = x0 if stacked else x0 + bar_width * j
            if value:
                y_top, y_bottom = _y(high, top), _y(low, top)
                chart.rects.append(
                    Rect(
                        x=_coord(x),
                        y=_coord(y_top),
                        width=_coord(bar_width),
                        height=_coord(y_bottom - y_top),
                        css=f"chart-s{j % COLOURS}",
                        title=f"{category} · {s.label}: {fmt(s.values[i] or 0)}",
                    )
                )
            base = high if stacked else base
        if i % every == 0:
            chart.x_ticks.append(Tick(_coord(LEFT + slot * (i + 0.5)), category))
    return chart


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    fmt: Formatter = str,
) -> Chart:
    """A line per series through its values; a missing value (None) breaks no line, it is
    left out."""
    highest = max((_plain(v) for s in series for v in s.values), default=0.0)
    top = nice_ceiling(highest)
    chart = _frame(title, categories, series, top, fmt)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    every = _label_every(len(categories))
    for j, s in enumerate(series):
        dots = [
            (_coord(LEFT + slot * (i + 0.5)), _coord(_y(_plain(v), top)), fmt(v))
            for i, v in enumerate(s.values)
            if v is not None
        ]
        chart.lines.append(
            Line(
                points=" ".join(f"{x},{y}" for x, y, _t in dots),
                css=f"chart-s{j % COLOURS}",
                dots=dots,
            )
        )
    chart.x_ticks = [
        Tick(_coord(LEFT + slot * (i + 0.5)), c) for i, c in enumerate(categories) if i % every == 0
    ]
    return chart
