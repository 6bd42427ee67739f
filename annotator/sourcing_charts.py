"""Geometry for the sourcing profile's SVG charts: an interval plot of each share per
outlet, and bars of the source kinds each outlet's sources are of.

Pure functions from the profile's JSON (claims/sourcing/report.py) to positions, colours
and text, and from those to SVG markup: the page and the downloaded file are one drawing.
The markup is written here rather than in a template because a profile of twenty outlets
has thousands of coordinates, and rendering each through the template engine (with its
number localisation) cost more than the rest of the page.

Colours are from the Okabe-Ito palette, which stays distinguishable with every kind of
colour vision; nothing is told by colour alone (each mark has its number beside
it or in its title, each reference line its label).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK = "#1d2330"
INTERVAL = "#0072B2"  # Okabe-Ito blue
REFERENCE = "#D55E00"  # Okabe-Ito vermillion
GRID = "#d5d9e0"
BAND = "#f3f5f8"
CHAR = 7.2  # average width of a 12px character
PANEL = 180  # width of one panel's scale, 0 to 100 %
PANEL_GAP = 48
ROW = 22
HEAD = 62  # a band's title, its panels' titles and the reference lines' labels
AXIS = 20  # the tick labels under a panel

# The shares drawn, in bands of what they are shares of. Identified sources (a count per
# article) and kind diversity (a relative entropy) are in the table, not on a 0-100 % scale.
BANDS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Body sentences",
        (
            ("attribution_rate", "Attributed"),
            ("unattributed_claim_share", "Unattributed claims"),
            ("opinion_share", "Opinion"),
        ),
    ),
    (
        "Attribution sentences",
        (
            ("anonymous_share", "Anonymous"),
            ("vague_share", "Vague"),
            ("unverifiable_share", "Unverifiable"),
            ("media_relayed_share", "Media-relayed"),
        ),
    ),
    (
        "Articles",
        (
            ("any_anonymous", "Any anonymous source"),
            ("anonymous_only", "Only anonymous sources"),
        ),
    ),
)


@dataclass(frozen=True)
class Scope:
    """One row of a chart: the whole selection or one outlet."""

    name: str
    articles: int
    metrics: Mapping[str, Any]
    is_total: bool = False


@dataclass(frozen=True)
class Mark:
    """A value on a panel's row: the point, its interval (if any), and its text."""

    y: float
    x: float | None  # None: undefined
    low: float | None
    high: float | None
    text: str
    title: str


@dataclass(frozen=True)
class ReferenceLine:
    x: float
    y1: float
    y2: float
    label: str
    label_y: float
    title: str


@dataclass(frozen=True)
class Panel:
    title: str
    x: float
    y: float  # top of its rows
    height: float
    ticks: tuple[tuple[float, str], ...]
    marks: tuple[Mark, ...]
    references: tuple[ReferenceLine, ...]

    @property
    def right(self) -> float:
        return self.x + PANEL


@dataclass(frozen=True)
class RowLabel:
    text: str
    y: float
    is_total: bool


@dataclass(frozen=True)
class Band:
    title: str
    y: float
    rows: tuple[RowLabel, ...]
    stripes: tuple[float, ...]  # y of every other row's background
    panels: tuple[Panel, ...]


@dataclass(frozen=True)
class IntervalChart:
    width: float
    height: float
    left: float  # where the panels start; row names end before it
    bands: tuple[Band, ...]


def interval_chart(
    scopes: Sequence[Scope], *, references: Sequence[Mapping[str, Any]] = ()
) -> IntervalChart:
    """Each share of each scope as a point with its 95 % interval, a panel per share, a
    band per kind of denominator; published figures as dashed reference lines."""
    names = [_row_name(scope) for scope in scopes]
    left = 16 + CHAR * max((len(name) for name in names), default=0)
    rows_height = ROW * len(scopes)
    widest = max(len(metrics) for _, metrics in BANDS)
    width = left + widest * (PANEL + PANEL_GAP)
    bands = []
    top = 8.0
    for title, metrics in BANDS:
        rows_top = top + HEAD
        panels = tuple(
            _panel(
                key,
                name,
                scopes,
                x=left + i * (PANEL + PANEL_GAP),
                y=rows_top,
                references=[r for r in references if r["metric"] == key and "bin" not in r],
            )
            for i, (key, name) in enumerate(metrics)
        )
        bands.append(
            Band(
                title=title,
                y=top + 14,
                rows=tuple(
                    RowLabel(name, rows_top + i * ROW + ROW / 2, scope.is_total)
                    for i, (name, scope) in enumerate(zip(names, scopes, strict=True))
                ),
                stripes=tuple(rows_top + i * ROW for i in range(0, len(scopes), 2)),
                panels=panels,
            )
        )
        top = rows_top + rows_height + AXIS + 16
    return IntervalChart(width=width, height=top, left=left, bands=tuple(bands))


def _row_name(scope: Scope) -> str:
    return f"{scope.name} ({scope.articles})"


def _panel(
    key: str,
    title: str,
    scopes: Sequence[Scope],
    *,
    x: float,
    y: float,
    references: Sequence[Mapping[str, Any]],
) -> Panel:
    def at(share: float) -> float:
        return x + PANEL * min(max(share, 0.0), 1.0)

    marks = []
    for i, scope in enumerate(scopes):
        entry = scope.metrics.get(key) or {}
        value, interval = entry.get("value"), entry.get("interval")
        row_y = y + i * ROW + ROW / 2
        counts = f"{_count(entry.get('numerator'))} of {_count(entry.get('denominator'))}"
        if value is None:
            marks.append(Mark(row_y, None, None, None, "–", f"{scope.name}: {title} undefined"))
            continue
        low, high = (at(interval[0]), at(interval[1])) if interval else (None, None)
        spread = f", 95% interval {interval[0]:.0%}–{interval[1]:.0%}" if interval else ""
        marks.append(
            Mark(
                row_y,
                at(value),
                low,
                high,
                f"{value:.0%}",
                f"{scope.name}: {title} {value:.1%} ({counts}){spread}",
            )
        )
    height = ROW * len(scopes)
    lines = tuple(
        ReferenceLine(
            x=at(reference["value"]),
            y1=y - 4,
            y2=y + height,
            label=f"{reference['short']} {reference['value']:.0%}",
            # Two references on one panel: the second label one line higher.
            label_y=y - 6 - 11 * index,
            title=f"{reference['source']}: {reference['value']:.0%} of {reference['unit']}, "
            f"{reference['sample']} (context, not our unit)",
        )
        for index, reference in enumerate(references)
    )
    return Panel(
        title=title,
        x=x,
        y=y,
        height=height,
        ticks=tuple((x + PANEL * share, f"{share:.0%}") for share in (0, 0.5, 1)),
        marks=tuple(marks),
        references=lines,
    )


def _count(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    fill: str
    text: str  # the count, where the segment is wide enough for it
    title: str


@dataclass(frozen=True)
class Bar:
    name: str
    y: float
    total: int
    segments: tuple[Segment, ...]
    is_total: bool


@dataclass(frozen=True)
class KindKey:
    name: str
    x: float
    y: float
    fill: str


@dataclass(frozen=True)
class CompositionChart:
    width: float
    height: float
    left: float
    bar_width: float
    bars: tuple[Bar, ...]
    legend: tuple[KindKey, ...]


BAR_WIDTH = 420
BAR_HEIGHT = 16


def composition_chart(
    scopes: Sequence[Scope], *, kinds: Sequence[Mapping[str, Any]], colours: Mapping[str, str]
) -> CompositionChart:
    """Each scope's distinct sources by kind, as a bar of shares in the scheme's order and
    the kinds' own colours; the count is printed in each segment wide enough to hold it."""
    names = {kind["key"]: kind["name"] for kind in kinds}
    left = 16 + CHAR * max((len(_row_name(scope)) for scope in scopes), default=0)
    bars = []
    for i, scope in enumerate(scopes):
        diversity = scope.metrics.get("kind_diversity") or {}
        by_kind: Mapping[str, int] = diversity.get("by_kind", {})
        total = sum(by_kind.values())
        segments, x = [], left
        for kind in kinds:
            count = by_kind.get(kind["key"], 0)
            if not count:
                continue
            width = BAR_WIDTH * count / total
            segments.append(
                Segment(
                    x=x,
                    width=width,
                    fill=colours.get(kind["key"], "#777777"),
                    text=str(count) if width >= 9 * len(str(count)) + 4 else "",
                    title=f"{scope.name}: {names[kind['key']]}, {count} of {total} "
                    f"source{'s' if total != 1 else ''} ({count / total:.0%})",
                )
            )
            x += width
        y = 8 + i * (BAR_HEIGHT + 10)
        bars.append(Bar(_row_name(scope), y, total, tuple(segments), scope.is_total))
    legend_top = 8 + len(scopes) * (BAR_HEIGHT + 10) + 10
    chart_width = left + BAR_WIDTH + 100
    column_width = 28 + CHAR * max((len(kind["name"]) for kind in kinds), default=0)
    columns = max(1, int((chart_width - 8) // column_width))
    legend = tuple(
        KindKey(
            kind["name"],
            8 + (i % columns) * column_width,
            legend_top + (i // columns) * 18,
            colours.get(kind["key"], "#777777"),
        )
        for i, kind in enumerate(kinds)
    )
    rows = (len(kinds) + columns - 1) // columns
    return CompositionChart(
        width=chart_width,
        height=legend_top + rows * 18 + 8,
        left=left,
        bar_width=BAR_WIDTH,
        bars=tuple(bars),
        legend=legend,
    )


_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12"'


def _n(value: float) -> str:
    """A coordinate, short: one decimal at most."""
    return f"{value:.1f}".removesuffix(".0")


def interval_svg(chart: IntervalChart, *, title: str = "", standalone: bool = False) -> SafeString:
    """The interval chart as SVG: inline in the page, or (`standalone`) a file of its own
    with its namespace, a title and a white ground."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart intervals" '
        f'viewBox="0 0 {_n(chart.width)} {_n(chart.height)}" width="{_n(chart.width)}" '
        f'height="{_n(chart.height)}" role="img" '
        f'aria-label="Shares per outlet with 95% intervals" {_FONT}>'
    ]
    if standalone:
        out.append(
            f'<title>{escape(title)}</title><rect width="100%" height="100%" fill="#ffffff"/>'
        )
    for band in chart.bands:
        out.append(
            f'<g><text x="8" y="{_n(band.y)}" font-weight="600" font-size="13" fill="{INK}">'
            f"{escape(band.title)}</text>"
        )
        out.extend(
            f'<rect x="8" y="{_n(y)}" width="{_n(chart.width - 16)}" height="{ROW}" fill="{BAND}"/>'
            for y in band.stripes
        )
        out.extend(
            f'<text x="{_n(chart.left - 10)}" y="{_n(row.y + 4)}" text-anchor="end" fill="{INK}"'
            f"{' font-weight="600"' if row.is_total else ''}>{escape(row.text)}</text>"
            for row in band.rows
        )
        for panel in band.panels:
            out.append(
                f'<text x="{_n(panel.x)}" y="{_n(panel.y - 34)}" fill="{INK}" font-weight="600">'
                f"{escape(panel.title)}</text>"
            )
            bottom = panel.y + panel.height
            for x, label in panel.ticks:
                out.append(
                    f'<line x1="{_n(x)}" x2="{_n(x)}" y1="{_n(panel.y)}" y2="{_n(bottom)}" '
                    f'stroke="{GRID}"/><text x="{_n(x)}" y="{_n(bottom + 14)}" '
                    f'text-anchor="middle" fill="#5b6270" font-size="11">{label}</text>'
                )
            for line in panel.references:
                out.append(
                    f"<g><title>{escape(line.title)}</title>"
                    f'<line x1="{_n(line.x)}" x2="{_n(line.x)}" y1="{_n(line.y1)}" '
                    f'y2="{_n(line.y2)}" stroke="{REFERENCE}" stroke-width="1.5" '
                    f'stroke-dasharray="4 3"/><text x="{_n(line.x + 3)}" y="{_n(line.label_y)}" '
                    f'fill="#a14400" font-size="10">{escape(line.label)}</text></g>'
                )
            for mark in panel.marks:
                out.append(f"<g><title>{escape(mark.title)}</title>")
                if mark.x is None:
                    out.append(
                        f'<text x="{_n(panel.x + 4)}" y="{_n(mark.y + 4)}" fill="#5b6270">'
                        "undefined</text>"
                    )
                else:
                    if mark.low is not None and mark.high is not None:
                        out.append(
                            f'<line x1="{_n(mark.low)}" x2="{_n(mark.high)}" y1="{_n(mark.y)}" '
                            f'y2="{_n(mark.y)}" stroke="{INTERVAL}" stroke-width="3" '
                            'stroke-linecap="round"/>'
                        )
                    out.append(f'<circle cx="{_n(mark.x)}" cy="{_n(mark.y)}" r="4" fill="{INK}"/>')
                out.append("</g>")
        out.append("</g>")
    out.append("</svg>")
    prologue = '<?xml version="1.0" encoding="UTF-8"?>\n' if standalone else ""
    return mark_safe(prologue + "".join(out))  # every text above is escaped


def composition_svg(chart: CompositionChart) -> SafeString:
    """The composition chart as SVG, for the page."""
    out = [
        f'<svg class="chart composition" viewBox="0 0 {_n(chart.width)} {_n(chart.height)}" '
        f'width="{_n(chart.width)}" height="{_n(chart.height)}" role="img" '
        f'aria-label="Distinct sources by kind, per outlet" {_FONT}>'
    ]
    for bar in chart.bars:
        weight = ' font-weight="600"' if bar.is_total else ""
        out.append(
            f'<text x="{_n(chart.left - 8)}" y="{_n(bar.y + 12)}" text-anchor="end" '
            f'fill="{INK}"{weight}>{escape(bar.name)}</text>'
        )
        for segment in bar.segments:
            out.append(
                f"<g><title>{escape(segment.title)}</title>"
                f'<rect x="{_n(segment.x)}" y="{_n(bar.y)}" width="{_n(segment.width)}" '
                f'height="{BAR_HEIGHT}" fill="{segment.fill}" stroke="#ffffff" stroke-width="1"/>'
            )
            if segment.text:
                out.append(
                    f'<text x="{_n(segment.x + 4)}" y="{_n(bar.y + 12)}" fill="#ffffff" '
                    f'stroke="{INK}" stroke-width="2.5" paint-order="stroke" font-size="11">'
                    f"{segment.text}</text>"
                )
            out.append("</g>")
        total = f"{bar.total} source{'s' if bar.total != 1 else ''}" if bar.total else "no sources"
        out.append(
            f'<text x="{_n(chart.left + chart.bar_width + 6)}" y="{_n(bar.y + 12)}" '
            f'fill="#5b6270">{total}</text>'
        )
    for key in chart.legend:
        out.append(
            f'<rect x="{_n(key.x)}" y="{_n(key.y)}" width="12" height="12" fill="{key.fill}"/>'
            f'<text x="{_n(key.x + 17)}" y="{_n(key.y + 10)}" fill="{INK}">'
            f"{escape(key.name)}</text>"
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above is escaped
