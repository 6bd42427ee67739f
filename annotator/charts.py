"""Geometry for the agreement page's SVG charts: a grid of coloured, numbered cells.

Pure functions from report values to rectangles, colours and text positions; the template
only draws them. Colours are steps of viridis, reversed so that light means low: it stays
ordered for every kind of colour vision and in greyscale. The number in each cell is
printed in whichever of dark ink or white contrasts more with the cell (WCAG ratio).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# viridis at 9 even steps, from high (dark purple) to low (yellow).
VIRIDIS = (
    "#440154",
    "#472d7b",
    "#3b528b",
    "#2c728e",
    "#21918c",
    "#28ae80",
    "#5ec962",
    "#addc30",
    "#fde725",
)
PALETTE = tuple(reversed(VIRIDIS))  # low → high
INK, WHITE = "#1d2330", "#ffffff"
EMPTY = "#eef0f4"  # undefined values and zero counts: no colour at all
CELL = 48
CHAR = 7.5  # average width of a 13px label character, to leave room for names


@dataclass(frozen=True)
class Cell:
    row: str
    column: str
    x: float
    y: float
    size: float
    fill: str
    text_fill: str
    text: str
    title: str

    @property
    def centre_x(self) -> float:
        return self.x + self.size / 2

    @property
    def centre_y(self) -> float:
        return self.y + self.size / 2


@dataclass(frozen=True)
class AxisLabel:
    text: str
    x: float
    y: float


@dataclass(frozen=True)
class Grid:
    """A chart: `cells` row by row, labels left of the rows and above the columns (drawn
    rotated about their own anchor point), and the SVG's size."""

    width: float
    height: float
    cells: tuple[Cell, ...]
    row_labels: tuple[AxisLabel, ...]
    column_labels: tuple[AxisLabel, ...]


def colour_for(share: float) -> str:
    """The palette step for `share` in [0, 1]; values outside are clipped."""
    step = round(min(max(share, 0.0), 1.0) * (len(PALETTE) - 1))
    return PALETTE[step]


def text_colour_for(fill: str) -> str:
    """INK or WHITE, whichever has the higher contrast ratio against `fill` (#rrggbb)."""
    background = _luminance(fill)
    on_ink = (background + 0.05) / (_luminance(INK) + 0.05)
    on_white = (1.05) / (background + 0.05)
    return INK if on_ink >= on_white else WHITE


def legend(*, step: float = 16) -> tuple[tuple[float, str], ...]:
    """The palette as (x, colour) swatches side by side, low to high, `step` wide each."""
    return tuple((i * step, colour) for i, colour in enumerate(PALETTE))


def kappa_heatmap(*, annotators: Sequence[str], pairs: Sequence[Mapping]) -> Grid:
    """Annotator × annotator Cohen's kappa from the report's `pairs` (a before b), mirrored
    so both orders show. The diagonal and undefined kappas are left uncoloured; negative
    kappas take the lowest colour, since the scale runs from 0 (chance) to 1."""
    kappas = {}
    for pair in pairs:
        kappas[pair["a"], pair["b"]] = kappas[pair["b"], pair["a"]] = pair

    def cell(row: str, column: str) -> tuple[float | None, str, str]:
        pair = kappas.get((row, column))
        if pair is None:
            return None, "", f"{row}" if row == column else f"{row} and {column}: no pair"
        kappa = pair["cohen_kappa"]
        text = "–" if kappa is None else f"{kappa:.2f}"
        value = "undefined" if kappa is None else text
        units = f"{pair['units']} shared sentence{'s' if pair['units'] != 1 else ''}"
        return kappa, text, f"{row} × {column}: Cohen's kappa {value}, {units}"

    return _grid(annotators, annotators, cell)


def confusion_matrix(
    *, labels: Sequence[str], confusion: Mapping[str, Mapping[str, int]], a: str, b: str
) -> Grid:
    """a's label (rows) × b's label (columns): how many sentences got each combination,
    coloured by count relative to the largest; zero cells are left uncoloured."""
    largest = max((n for row in confusion.values() for n in row.values()), default=0)

    def cell(row: str, column: str) -> tuple[float | None, str, str]:
        count = confusion[row][column]
        title = f"{a}: {row}, {b}: {column}: {count} sentence{'s' if count != 1 else ''}"
        return (count / largest if count else None), str(count), title

    return _grid(labels, labels, cell)


def _grid(
    rows: Sequence[str],
    columns: Sequence[str],
    value: Callable[[str, str], tuple[float | None, str, str]],
) -> Grid:
    left = 12 + CHAR * max((len(name) for name in rows), default=0)
    # Column labels are turned 45°, so a name of n characters needs about 0.7·n·CHAR.
    top = 16 + 0.72 * CHAR * max((len(name) for name in columns), default=0)
    cells = []
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            share, text, title = value(row, column)
            fill = EMPTY if share is None else colour_for(share)
            cells.append(
                Cell(
                    row,
                    column,
                    left + j * CELL,
                    top + i * CELL,
                    CELL,
                    fill,
                    text_colour_for(fill),
                    text,
                    title,
                )  # fmt: skip
            )
    return Grid(
        width=left + CELL * len(columns) + 4,
        height=top + CELL * len(rows) + 4,
        cells=tuple(cells),
        row_labels=tuple(
            AxisLabel(name, left - 8, top + i * CELL + CELL / 2) for i, name in enumerate(rows)
        ),
        column_labels=tuple(
            AxisLabel(name, left + j * CELL + CELL / 2, top - 8) for j, name in enumerate(columns)
        ),
    )


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
