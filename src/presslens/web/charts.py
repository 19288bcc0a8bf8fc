"""Dashboard plots as geometry for inline SVG, computed on the server.

No charting library and no script: Python computes rectangles, points and
tick labels; ``templates/_charts.html`` writes them out as ``<svg>`` with
Jinja escaping every label. Colours are SVG presentation attributes (the
Content-Security-Policy forbids inline ``style``).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..techniques.taxonomy import CATEGORIES
from .view import category_slug

__all__ = [
    "CATEGORY_COLORS",
    "BarChart",
    "LineChart",
    "bar_chart",
    "line_chart",
    "month_range",
    "stacked_chart",
]

#: One colour per technique category (CSS ``static/style.css`` uses the same ones).
CATEGORY_COLORS: dict[str, str] = {
    "Attack on reputation": "#e4572e",
    "Justification": "#f3a712",
    "Simplification": "#8e6c8a",
    "Distraction": "#29a19c",
    "Call": "#4c6ef5",
    "Manipulative wording": "#d6336c",
}
OTHER_COLORS = ("#868e96", "#5c940d", "#1098ad", "#ae3ec9", "#f76707", "#364fc7")
WIDTH = 680
#: Dash patterns per series: two series with the same values still show both colours.
DASHES = ("", "7 4", "2 3", "10 3 2 3", "4 4", "1 5")
LABEL_W = 170
ROW_H = 26
BAR_H = 18


def color_of(key: str, index: int = 0) -> str:
    return CATEGORY_COLORS.get(key) or OTHER_COLORS[index % len(OTHER_COLORS)]


@dataclass
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    title: str


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class BarChart:
    """Horizontal bars (one row per label), stacked when a row has several parts."""

    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    labels: list[Text] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rects


@dataclass
class Series:
    name: str
    color: str
    runs: list[list[tuple[float, float, str]]]  # unbroken stretches of (x, y, tooltip)
    dash: str = ""  # stroke-dasharray, so that coinciding lines stay visible

    @property
    def points(self) -> list[tuple[float, float, str]]:
        return [p for run in self.runs for p in run]

    @property
    def polylines(self) -> list[str]:
        return [" ".join(f"{x:.1f},{y:.1f}" for x, y, _ in run) for run in self.runs
                if len(run) > 1]


@dataclass
class LineChart:
    title: str
    width: int
    height: int
    series: list[Series] = field(default_factory=list)
    xlabels: list[Text] = field(default_factory=list)
    ylabels: list[Text] = field(default_factory=list)
    grid: list[float] = field(default_factory=list)
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)  # left, top, right, bottom

    @property
    def empty(self) -> bool:
        return not self.series


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def stacked_chart(
    title: str, rows: list[tuple[str, dict[str, float]]], keys: list[str]
) -> BarChart:
    """One bar per row, split by ``keys`` in proportion to each row's values (sum = 100%)."""
    chart = BarChart(title, WIDTH, ROW_H * len(rows) + 10)
    span = WIDTH - LABEL_W - 10
    for i, (label, values) in enumerate(rows):
        y = 5 + i * ROW_H
        chart.labels.append(Text(LABEL_W - 8, y + BAR_H - 4, label or "(no outlet)", "end"))
        total = sum(v for v in values.values() if v > 0)
        x = float(LABEL_W)
        for k, key in enumerate(keys):
            value = values.get(key, 0.0)
            if total <= 0 or value <= 0:
                continue
            w = span * value / total
            chart.rects.append(Rect(x, y, w, BAR_H, color_of(key, k),
                                    f"{label or '(no outlet)'}: {key} {_pct(value / total)}"))
            x += w
    used = {key for _, values in rows for key, v in values.items() if v > 0}
    chart.legend = [(key, color_of(key, k)) for k, key in enumerate(keys) if key in used]
    return chart


def bar_chart(title: str, rows: list[tuple[str, float, str]], color: str = "#4c6ef5") -> BarChart:
    """One bar per row for a share in [0, 1]; the third item is the tooltip."""
    chart = BarChart(title, WIDTH, ROW_H * len(rows) + 10)
    span = WIDTH - LABEL_W - 70
    for i, (label, value, tip) in enumerate(rows):
        y = 5 + i * ROW_H
        chart.labels.append(Text(LABEL_W - 8, y + BAR_H - 4, label or "(no outlet)", "end"))
        w = span * max(0.0, min(1.0, value))
        chart.rects.append(Rect(LABEL_W, y, max(w, 0.5), BAR_H, color, tip))
        chart.labels.append(Text(LABEL_W + w + 6, y + BAR_H - 4, _pct(value)))
    return chart


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def line_chart(
    title: str,
    series: dict[str, dict[str, float]],
    periods: list[str],
    unit: str = "",
    gaps: frozenset[str] = frozenset(),
) -> LineChart:
    """One line per series over ``periods`` (x, in order).

    A period missing from a series counts as 0; a period in ``gaps`` (no
    data at all, say a month without articles) gets no point and breaks the
    line, so that "no articles" never reads as "no techniques".
    """
    height = 260
    left, top, right, bottom = 50.0, 10.0, WIDTH - 40.0, height - 40.0
    chart = LineChart(title, WIDTH, height, plot=(left, top, right, bottom))
    if not periods or not series:
        return chart
    ymax = _nice_max(max((v for s in series.values() for v in s.values()), default=0.0))
    step = (right - left) / max(1, len(periods) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        x = left + step * i if len(periods) > 1 else (left + right) / 2
        return x, bottom - (bottom - top) * v / ymax

    for k, (name, values) in enumerate(series.items()):
        runs: list[list[tuple[float, float, str]]] = [[]]
        for i, period in enumerate(periods):
            if period in gaps:
                if runs[-1]:
                    runs.append([])
                continue
            v = values.get(period, 0.0)
            x, y = xy(i, v)
            runs[-1].append((x, y, f"{name}, {period}: {v:g}{unit}"))
        chart.series.append(Series(name, color_of(name, k), [r for r in runs if r],
                                   DASHES[k % len(DASHES)]))
    for j in range(5):
        v = ymax * j / 4
        y = bottom - (bottom - top) * j / 4
        chart.grid.append(y)
        chart.ylabels.append(Text(left - 6, y + 4, f"{v:g}", "end"))
    every = max(1, math.ceil(len(periods) / 8))
    for i, period in enumerate(periods):
        if i % every == 0 or i == len(periods) - 1:
            x, _ = xy(i, 0)
            chart.xlabels.append(Text(x, bottom + 18, period, "middle"))
    return chart


def month_range(periods: list[str]) -> list[str]:
    """Every month from the first to the last of ``periods`` (``YYYY-MM``), in order;
    ``periods`` sorted unchanged when they are not all months."""
    months = sorted(p for p in periods if re.fullmatch(r"\d{4}-\d{2}", p))
    if not months or len(months) != len(periods):
        return sorted(periods)
    (y, m), (y2, m2) = (tuple(map(int, months[0].split("-"))),
                        tuple(map(int, months[-1].split("-"))))
    out: list[str] = []
    while (y, m) <= (y2, m2) and len(out) < 1200:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def dashboard_charts(
    profile: list[dict[str, Any]], trend: list[dict[str, Any]], anonymous: list[dict[str, Any]]
) -> dict[str, Any]:
    """The three dashboard plots from the store's query rows (``by="category"``)."""
    cats = list(CATEGORIES)
    by_outlet: dict[str, dict[str, float]] = {}
    for row in profile:
        by_outlet.setdefault(row["outlet"], {})[row["category"]] = float(row["spans"])
    extra = sorted({c for v in by_outlet.values() for c in v} - set(cats))
    share = stacked_chart(
        "Technique spans by category, per outlet", sorted(by_outlet.items()), cats + extra
    )
    observed = {row["period"] for row in trend}
    periods = month_range(sorted(observed))
    series: dict[str, dict[str, float]] = {}
    for row in trend:
        series.setdefault(row["category"], {})[row["period"]] = float(row["per_1000_words"])
    ordered = {c: series[c] for c in cats + sorted(set(series) - set(cats)) if c in series}
    over_time = line_chart("Technique spans per 1000 words, by month", ordered, periods,
                           gaps=frozenset(periods) - observed)
    anon = bar_chart(
        "Share of attributions to anonymous sources, per outlet",
        [(r["outlet"], float(r["anonymous_share"]),
          f"{r['outlet'] or '(no outlet)'}: {r['anonymous']} of {r['attributions']} "
          f"attributions anonymous") for r in anonymous],
        "#e4572e",
    )
    return {"share": share, "trend": over_time, "anonymous": anon,
            "slugs": {c: category_slug(c) for c in cats}}
