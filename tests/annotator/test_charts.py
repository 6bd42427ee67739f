"""SVG geometry for the agreement page: colours, contrast, cells and their numbers."""

import pytest

from annotator.charts import (
    CELL,
    EMPTY,
    INK,
    PALETTE,
    WHITE,
    colour_for,
    confusion_matrix,
    kappa_heatmap,
    legend,
    text_colour_for,
)

PAIRS = [
    {"a": "alice", "b": "bob", "units": 10, "cohen_kappa": 0.5},
    {"a": "alice", "b": "carol", "units": 4, "cohen_kappa": None},
    {"a": "bob", "b": "carol", "units": 1, "cohen_kappa": -0.2},
]


@pytest.mark.parametrize(
    ("share", "colour"),
    [
        (0.0, PALETTE[0]),
        (1.0, PALETTE[-1]),
        (0.5, PALETTE[4]),
        (-0.3, PALETTE[0]),
        (7, PALETTE[-1]),
    ],
)
def test_colour_for_clips_and_steps_through_the_palette(share, colour):
    assert colour_for(share) == colour


@pytest.mark.parametrize(
    ("fill", "text"),
    [("#fde725", INK), ("#440154", WHITE), ("#ffffff", INK), ("#000000", WHITE), (EMPTY, INK)],
)
def test_text_colour_is_the_one_with_more_contrast(fill, text):
    assert text_colour_for(fill) == text


def test_palette_runs_from_light_to_dark():
    # Reversed viridis: light means low, so an empty-looking cell never reads as high.
    assert PALETTE[0] == "#fde725" and PALETTE[-1] == "#440154"


def test_heatmap_has_a_cell_for_every_ordered_pair():
    grid = kappa_heatmap(annotators=["alice", "bob", "carol"], pairs=PAIRS)
    assert [(c.row, c.column) for c in grid.cells][:4] == [
        ("alice", "alice"),
        ("alice", "bob"),
        ("alice", "carol"),
        ("bob", "alice"),
    ]


def test_heatmap_is_mirrored_with_two_decimals():
    cells = {
        (c.row, c.column): c for c in kappa_heatmap(annotators=["alice", "bob"], pairs=PAIRS).cells
    }
    assert cells["alice", "bob"].text == cells["bob", "alice"].text == "0.50"


def test_undefined_kappa_is_uncoloured_and_says_so_in_its_title():
    cells = {
        (c.row, c.column): c
        for c in kappa_heatmap(annotators=["alice", "carol"], pairs=PAIRS).cells
    }
    cell = cells["alice", "carol"]
    assert (cell.fill, cell.text, "undefined" in cell.title) == (EMPTY, "–", True)


def test_negative_kappa_takes_the_lowest_colour():
    cells = {
        (c.row, c.column): c for c in kappa_heatmap(annotators=["bob", "carol"], pairs=PAIRS).cells
    }
    assert (cells["bob", "carol"].fill, cells["bob", "carol"].text) == (PALETTE[0], "-0.20")


def test_cells_sit_on_a_grid_right_of_and_below_the_labels():
    grid = kappa_heatmap(annotators=["alice", "bob"], pairs=PAIRS)
    first, second, third, _ = grid.cells
    assert (second.x - first.x, third.y - first.y, first.x > grid.row_labels[0].x) == (
        CELL,
        CELL,
        True,
    )


def test_grid_is_as_large_as_its_cells():
    grid = kappa_heatmap(annotators=["alice", "bob"], pairs=PAIRS)
    last = grid.cells[-1]
    assert grid.width > last.x + last.size and grid.height > last.y + last.size


CONFUSION = {"claim": {"claim": 6, "other": 2}, "other": {"claim": 0, "other": 3}}


def test_confusion_cells_print_the_counts_row_by_row():
    grid = confusion_matrix(labels=["claim", "other"], confusion=CONFUSION, a="alice", b="bob")
    assert [c.text for c in grid.cells] == ["6", "2", "0", "3"]


def test_confusion_colours_by_share_of_the_largest_and_leaves_zero_blank():
    grid = confusion_matrix(labels=["claim", "other"], confusion=CONFUSION, a="alice", b="bob")
    assert [c.fill for c in grid.cells] == [PALETTE[-1], colour_for(2 / 6), EMPTY, PALETTE[4]]


def test_confusion_title_names_both_annotators_and_labels():
    grid = confusion_matrix(labels=["claim", "other"], confusion=CONFUSION, a="alice", b="bob")
    assert grid.cells[1].title == "alice: claim, bob: other: 2 sentences"


def test_legend_lays_the_palette_side_by_side():
    assert legend(step=10)[:2] == ((0, PALETTE[0]), (10, PALETTE[1]))
