import pytest

from claims.attribution_text import Mark, cut_into_pieces, find_occurrences

TEXT = "The agency cited a source. This is while, the source said. Later the Source left."
SENTENCES = [(0, 26), (27, 58), (59, 82)]


def spans(found):
    return [(o.start, o.end) for o in found]


@pytest.mark.parametrize(
    ("typed", "position", "expected"),
    [
        ("the source", 1, [(42, 52)]),  # in its own sentence first
        ("a source", 1, [(17, 25)]),  # else in the sentences before
        ("source", 0, [(19, 25)]),  # its own sentence wins over the next
        ("the  source", 1, [(42, 52)]),  # any whitespace matches any whitespace
        ("THE AGENCY", 1, [(0, 10)]),  # case matters only without an exact match
        ("nowhere", 1, []),
        ("   ", 1, []),
    ],
)
def test_find_occurrences(typed, position, expected):
    found = find_occurrences(text=TEXT, typed=typed, sentences=SENTENCES, position=position)
    assert spans(found) == expected


def test_several_occurrences_in_the_window_come_with_context():
    found = find_occurrences(text=TEXT, typed="source", sentences=SENTENCES, position=2)
    assert [(o.before[-4:], o.found, o.after[:5]) for o in found] == [("the ", "Source", " left")]


def test_its_own_sentence_case_insensitively_wins_over_an_exact_match_nearby():
    found = find_occurrences(text=TEXT, typed="the source", sentences=SENTENCES, position=2)
    assert spans(found) == [(65, 75)]


def test_pieces_join_back_to_the_sentence():
    marks = [Mark(17, 25, False, "anonymous", "m17"), Mark(11, 16, True, "anonymous", "m17")]
    pieces = cut_into_pieces(text=TEXT, start=0, end=26, marks=marks)
    assert "".join(p.text for p in pieces) == TEXT[0:26]


def test_pieces_carry_their_marks_and_the_tag_at_the_end():
    marks = [Mark(17, 25, False, "anonymous", "m17")]
    pieces = cut_into_pieces(text=TEXT, start=0, end=26, marks=marks)
    assert [(p.text, p.kind, p.tag) for p in pieces] == [
        ("The agency cited ", "", ""),
        ("a source", "anonymous", "anonymous"),
        (".", "", ""),
    ]


def test_a_mark_reaching_outside_is_clipped_to_the_sentence():
    pieces = cut_into_pieces(
        text=TEXT, start=27, end=58, marks=[Mark(17, 40, False, "vague", "m17")]
    )
    assert [(p.text, p.tag) for p in pieces] == [(TEXT[27:40], "vague"), (TEXT[40:58], "")]
